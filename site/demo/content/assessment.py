"""Facts of the assessment demo: an island city's 2022 publicity assessment and the 2023 awards."""

import datetime
from decimal import Decimal

PERIOD = {
    "name": "2022年舟山市五水共治宣传工作考核",
    "year": 2022,
    "starts_on": datetime.date(2022, 1, 1),
    "ends_on": datetime.date(2022, 12, 31),
    "bonus_cap": Decimal("150"),
}
# (unit name, kind, share of the records)
BODIES = [
    ("舟山市定海区五水共治办", "county", 9),
    ("舟山市普陀区五水共治办", "county", 8),
    ("岱山县五水共治办", "county", 5),
    ("嵊泗县五水共治办", "county", 3),
    ("舟山市新城管委会", "zone", 4),
    ("普陀山—朱家尖管委会", "zone", 3),
    ("舟山高新技术产业园区", "zone", 2),
    ("金塘管委会", "zone", 2),
    ("六横管委会", "zone", 2),
]
# Well-formed numbers of the demo's block (1990000xxxx) from 9000 up, far from the showcase's, which count from 0000.
DEMO_MOBILE_BLOCK = "1990000"
DEMO_MOBILE_START = 9000
OFFICER_NAMES = ["陈海燕", "林晓东", "周敏", "王海波", "徐丽君", "张志刚", "胡佳", "李海峰", "孙蓉"]
QUOTAS = {"county": (12, 4), "zone": (6, 2)}
# Tier sort order (1..10, as loaded by the data migration) → weight among the demo's records.
TIER_WEIGHTS = {1: 1, 2: 3, 3: 6, 4: 8, 5: 40, 6: 4, 7: 20, 8: 120, 9: 150, 10: 300}
OUTLETS = {
    1: ["人民日报", "中央电视台"],
    2: ["人民日报", "中央电视台", "浙江日报"],
    3: ["浙江卫视"],
    4: ["浙江省五水共治办《简报》"],
    5: ["浙江五水共治微信公众号"],
    6: ["新华社", "光明日报", "经济日报", "中国水利报"],
    7: ["浙江在线", "中国环境报", "浙江之声"],
    8: ["舟山日报", "舟山晚报", "舟山广电"],
    9: ["舟山生态环境微信公众号"],
    10: ["舟山市治水办《工作动态》"],
}
TOPICS = [
    "美丽河湖建设",
    "污水零直排区创建",
    "河（湖）长制落实",
    "民间河长巡河",
    "海岛供水保障",
    "节水型社区创建",
    "小微水体整治",
    "世界水日主题宣传",
    "海洋垃圾清理",
    "农村生活污水治理",
]
VERBS = ["扎实推进", "取得新进展", "见闻", "成效显著", "再上新台阶", "交出亮眼答卷"]
DEFAULT_RECORDS = 3000
WAITING_SHARE = 0.02
REJECTED_SHARE = 0.01
REJECTION_REASONS = [
    "截图未显示刊发日期，请补充报道版面截图。",
    "该链接无法打开，请核对报道链接。",
    "报道单位与填报主体不符，请核实。",
]

AWARDS_PAGE = {
    "title": "评选结果",
    "slug": "awards",
    "introduction": "2023年“节水中国 你我同行”联合行动优秀组织单位、优秀活动和最佳节水宣传创意视频评选结果。",
}
CATEGORIES = [
    ("organizing_unit", "优秀组织单位", 5, 8),
    ("activity", "优秀活动", 8, 14),
    ("video", "最佳节水宣传创意视频", 4, 8),
]
EXPERTS = [("expert-zhang", "张", "教授"), ("expert-wang", "王", "研究员"), ("expert-li", "李", "高级工程师")]
EXPERT_COMMENTS = [
    "组织有力，覆盖面广，社会反响良好。",
    "形式新颖，跨部门联动特色明显。",
    "宣传成效数据翔实，建议进一步扩大传播。",
    "材料完整，动员范围可进一步拓展。",
]
