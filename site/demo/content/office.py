"""Text of the island city's 五水共治 publicity office: its own site beside the national campaign."""

import datetime

OFFICE = {
    "title": "舟山市五水共治宣传",
    "slug": "zhoushan-wushui",
    "short_name": "舟山治水",
    "introduction": (
        "<p>舟山市治水办（河长办）围绕美丽河湖建设、污水零直排区创建和河（湖）长制落实，"
        "宣传全市五水共治的决策部署、重点工作、进展成效和先进典型。</p>"
        "<p>各县区和功能区信息员及时报送工作动态，市治水办汇编《简报》，并按年度对各县区、功能区的宣传工作进行考核。</p>"
    ),
    "address": "浙江省舟山市定海区临城街道海天大道681号",
    "contact_phone": "0580-2280000",
    "contact_mailbox": "wushui-publicity@example.cn",
}
NEWS_INDEX = {
    "title": "工作简报",
    "slug": "news",
    "introduction": "市治水办根据各县区、功能区报送的工作动态汇编的《简报》。",
}
# (issue number, date, focus, paragraph)
BULLETINS = [
    (1, datetime.date(2022, 2, 28), "河（湖）长制落实", "各县区召开年度河长制工作会议，部署全年巡河、治河任务。"),
    (2, datetime.date(2022, 3, 25), "世界水日、中国水周主题宣传", "全市开展节水护水知识竞答和主题宣传进社区活动。"),
    (3, datetime.date(2022, 5, 20), "污水零直排区创建", "普陀区、岱山县推进工业园区污水零直排区创建，完成阶段验收。"),
    (4, datetime.date(2022, 6, 30), "世界环境日与浙江生态日", "各地组织民间河长、志愿者开展海岛河道清洁行动。"),
    (5, datetime.date(2022, 9, 15), "美丽河湖建设", "定海区两条河道入选省级美丽河湖，沿岸打造治水实践窗口。"),
    (6, datetime.date(2022, 12, 10), "年度宣传工作总结", "全年各县区、功能区报送信息被省级采用情况进入年度考核。"),
]
BULLETIN_TITLE = "舟山市五水共治工作简报（2022年第{number}期）"
BULLETIN_SUMMARY = "本期聚焦{focus}。"
GUIDE = {
    "slug": "officer-guide",
    "title": "信息员工作指南",
    "introduction": "各县区、功能区信息员如何报送工作动态和媒体报道，以及宣传考核的积分规则。",
    "sections": [
        ("报送工作动态", "信息员每月至少报送两条本地治水工作动态，写明时间、地点、做法与成效，附图片。"),
        ("登记媒体报道", "报道刊发后，在后台登记媒体名称、刊发日期和链接，上传版面截图，由考核员核实后计分。"),
        ("积分与考核", "不同媒体层级对应不同分值，累计加分设有上限；各县区、功能区另有信息采用数量的最低要求。"),
    ],
}
POINTS_PAGE = {
    "title": "2022年宣传工作考核积分表",
    "slug": "points",
    "introduction": "根据核实后的媒体报道计算，每季度更新一次。",
}
