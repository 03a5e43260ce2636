"""Text of the showcase demo: units, activities and videos, written as templates.

``demo.showcase`` and ``demo.items`` fill these with the real names of
jurisdictions, cities and units so that thousands of items read like filings
from real campaign participants. Everything here is demo content in Chinese,
not interface text.
"""

SHOWCASE = {
    "title": "网络专区",
    "slug": "zone",
    "introduction": (
        "“节水中国 你我同行”网络专区集中展示各参与单位填报的节水宣传活动和主题视频，"
        "可按行业、地区和审核辖区查找，欢迎参与、分享和转发。"
    ),
}

JURISDICTION_INTRODUCTION = "{name}组织本级及所属单位开展的“节水中国 你我同行”节水宣传活动和主题视频。"

# Relative share of units and items per jurisdiction code: populous provinces and
# the big basins file more. Jurisdictions not listed get DEFAULT_WEIGHT.
WEIGHTS = {
    "mwr": 6,
    "changjiang": 5,
    "huanghe": 5,
    "huaihe": 3,
    "haihe": 3,
    "zhujiang": 3,
    "songliao": 2,
    "taihu": 2,
    "beijing": 5,
    "tianjin": 3,
    "hebei": 8,
    "shanxi": 4,
    "neimenggu": 3,
    "liaoning": 4,
    "jilin": 3,
    "heilongjiang": 3,
    "shanghai": 4,
    "jiangsu": 9,
    "zhejiang": 9,
    "anhui": 6,
    "fujian": 5,
    "jiangxi": 5,
    "shandong": 10,
    "henan": 10,
    "hubei": 7,
    "hunan": 7,
    "guangdong": 10,
    "guangxi": 5,
    "hainan": 2,
    "chongqing": 4,
    "sichuan": 8,
    "guizhou": 4,
    "yunnan": 5,
    "xizang": 1,
    "shaanxi": 5,
    "gansu": 3,
    "qinghai": 1,
    "ningxia": 2,
    "xinjiang": 3,
    "xpcc": 2,
}
DEFAULT_WEIGHT = 3

# Where a basin body's activities take place: province region slugs along the basin.
BASIN_PROVINCES = {
    "changjiang": ["hubei", "sichuan", "chongqing", "hunan", "jiangxi", "anhui", "jiangsu", "shanghai", "yunnan"],
    "huanghe": ["henan", "shandong", "shaanxi", "shanxi", "gansu", "ningxia", "neimenggu", "qinghai"],
    "huaihe": ["anhui", "jiangsu", "henan", "shandong"],
    "haihe": ["tianjin", "hebei", "beijing", "shanxi", "henan", "shandong"],
    "zhujiang": ["guangdong", "guangxi", "guizhou", "yunnan", "hainan"],
    "songliao": ["liaoning", "jilin", "heilongjiang", "neimenggu"],
    "taihu": ["jiangsu", "zhejiang", "shanghai", "fujian"],
    "mwr": ["beijing", "beijing", "beijing", "hebei", "henan", "hubei", "jiangsu"],
    "xpcc": ["xinjiang"],
}

# Districts stand in for cities in the four municipalities (which have no city level).
DISTRICTS = {
    "beijing": ["海淀区", "朝阳区", "西城区", "丰台区", "通州区", "密云区"],
    "tianjin": ["和平区", "河西区", "滨海新区", "武清区", "蓟州区"],
    "shanghai": ["浦东新区", "黄浦区", "徐汇区", "闵行区", "青浦区"],
    "chongqing": ["渝中区", "江北区", "沙坪坝区", "万州区", "永川区"],
}

# Units of a province: (sector slug, name template, parent) where parent is
# "root" (the department itself), "place" (that place's water bureau) or None.
# {province} is the region name (河北省), {place} a city or district.
PROVINCE_LEVEL_UNITS = [
    ("water-conservancy", "{province}节约用水中心", "root"),
    ("research", "{province}水利科学研究院", "root"),
    ("water-conservancy", "{province}水文勘测研究中心", "root"),
]
PLACE_WATER_BUREAU = ("water-conservancy", "{place}水利局", "root")
MUNICIPAL_WATER_BUREAU = ("water-conservancy", "{place}水务局", "root")
PLACE_UNITS = [
    ("education", "{place}第一中学", None),
    ("enterprise", "{place}水务集团有限公司", None),
    ("community", "{place}人民路街道幸福里社区居委会", None),
    ("urban-domestic", "{place}城市节约用水管理中心", "place"),
    ("media", "{place}融媒体中心", None),
    ("agriculture", "{place}灌区服务中心", "place"),
    ("public-institutions", "{place}机关事务管理局", None),
    ("education", "{place}实验小学", None),
    ("industry", "{place}纺织印染有限公司", None),
    ("community", "{place}滨河街道清水湾社区居委会", None),
    ("industry", "{place}热电有限责任公司", None),
    ("agriculture", "{place}农业技术推广中心", None),
    ("education", "{place}职业技术学院", None),
]

BASIN_UNITS = [
    ("water-conservancy", "{name}水文局", "root"),
    ("media", "{name}宣传出版中心", "root"),
    ("research", "{name}水利科学研究院", "root"),
    ("water-conservancy", "{name}节约用水技术推广中心", "root"),
    ("public-institutions", "{name}机关服务中心", "root"),
    ("water-conservancy", "{name}水资源监测中心", "root"),
    ("water-conservancy", "{name}综合事业局", "root"),
    ("research", "{name}水土保持监测中心", "root"),
]

MINISTRY_UNITS = [
    ("public-institutions", "水利部办公厅", None),
    ("water-conservancy", "水利部全国节约用水办公室", None),
    ("media", "水利部宣传教育中心", None),
    ("media", "中国水利报社", None),
    ("research", "中国水利水电科学研究院", None),
    ("research", "水利部发展研究中心", None),
    ("water-conservancy", "水利部综合事业局", None),
    ("public-institutions", "水利部机关服务局", None),
    ("media", "中国水利水电出版传媒集团", None),
    ("research", "水利部水资源管理中心", None),
    ("education", "水利部人才资源开发中心", None),
    ("research", "南京水利科学研究院", None),
]

XPCC_UNITS = [
    ("water-conservancy", "第一师阿拉尔市水利局", "root"),
    ("water-conservancy", "第六师五家渠市水利局", "root"),
    ("water-conservancy", "第八师石河子市水利局", "root"),
    ("agriculture", "第八师石河子市节水灌溉技术推广站", "第八师石河子市水利局"),
    ("education", "第八师石河子市第一中学", None),
    ("media", "兵团融媒体中心", None),
    ("agriculture", "第十三师新星市农业技术推广站", None),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN_NAMES = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "建华",
    "海燕",
    "晓东",
    "丽华",
    "志强",
    "文博",
    "雪梅",
    "国庆",
    "春雨",
    "清泉",
    "思源",
    "雨涵",
]
LIAISON_TITLES = {
    "water-conservancy": ["办公室主任", "节约用水科科长", "宣传科副科长"],
    "education": ["德育处主任", "团委书记", "教师"],
    "industry": ["综合办公室主任", "能源管理部经理"],
    "agriculture": ["站长", "技术员"],
    "urban-domestic": ["科长", "宣传干事"],
    "public-institutions": ["办公室主任", "节能科科长"],
    "community": ["社区主任", "网格员"],
    "enterprise": ["党群工作部经理", "客服中心主任"],
    "media": ["记者", "编辑"],
    "research": ["科研管理处副处长", "工程师"],
}

SCENES = ["校园", "社区", "企业", "机关", "家庭", "乡村", "灌区", "景区"]

ACTIVITY_TITLES = {
    "any": [
        "{unit}开展“节水进{scene}”主题宣传活动",
        "{place}举办“节水中国 你我同行”世界水日主题宣传活动",
        "{unit}组织中国水周节水护水志愿服务",
        "{unit}举办节水知识竞赛",
        "{unit}开展“节水护河 你我同行”志愿巡河活动",
    ],
    "water-conservancy": [
        "{unit}开展“节水中国 你我同行”主题宣传活动",
        "{unit}组织水法规宣传进乡村",
        "{unit}举办河湖长制与节约用水宣传活动",
        "{unit}开放水利工程公众参观日",
    ],
    "education": [
        "{unit}开展“小手拉大手 节水进万家”主题活动",
        "{unit}举办节水主题绘画与征文比赛",
        "{unit}组织学生走进节水教育基地",
        "{unit}开讲“节水第一课”",
    ],
    "industry": [
        "{unit}开展工业节水技术改造成果展示",
        "{unit}举办节水型企业创建宣传周活动",
        "{place}开展用水效率“领跑者”经验交流",
    ],
    "agriculture": [
        "{place}开展农业节水技术现场观摩活动",
        "{unit}举办高效节水灌溉技术培训班",
        "{unit}深入田间地头宣讲节水灌溉",
    ],
    "urban-domestic": [
        "{place}开展“家庭节水小妙招”宣传进社区",
        "{unit}开展节水器具推广宣传活动",
        "{place}举办再生水利用科普开放日",
    ],
    "public-institutions": [
        "{unit}开展节水型机关建设宣传活动",
        "{unit}组织干部职工参加节水知识答题",
    ],
    "community": [
        "{unit}开展“节水进社区”便民宣传活动",
        "{unit}组织居民参观自来水厂",
        "{unit}举办节水主题文艺汇演",
    ],
    "enterprise": [
        "{unit}开展供水设施公众开放日活动",
        "{unit}举办“节水中国 你我同行”主题宣传活动",
        "{unit}开展节水服务进企业活动",
    ],
    "media": [
        "{unit}推出“节水中国 你我同行”系列报道",
        "{unit}开展节水公益广告展播",
        "{unit}举办节水主题短视频征集活动",
    ],
    "research": [
        "{unit}开展节水科普开放日活动",
        "{unit}举办节水科技成果科普讲座",
        "{unit}专家走进校园讲解水资源知识",
    ],
}

VENUES = {
    "any": ["{site}人民公园", "{site}滨河公园", "{site}节水教育基地", "{site}市民广场"],
    "education": ["{unit}操场", "{unit}报告厅"],
    "community": ["{unit}文化广场", "{unit}党群服务中心"],
    "agriculture": ["{site}高效节水灌溉示范区", "{site}现代农业产业园"],
    "industry": ["{unit}生产车间", "{unit}展示中心"],
    "enterprise": ["{unit}净水厂", "{unit}营业厅"],
    "research": ["{unit}实验基地", "{unit}学术报告厅"],
}

AUDIENCES = {
    "water-conservancy": "社会公众",
    "education": "广大师生",
    "industry": "企业职工",
    "agriculture": "种植户和基层农技人员",
    "urban-domestic": "市民",
    "public-institutions": "机关干部职工",
    "community": "社区居民",
    "enterprise": "企业职工和用水户",
    "media": "广大网友",
    "research": "青少年和公众",
}

FORMS = [
    "展板展示",
    "有奖问答",
    "节水器具体验",
    "情景剧表演",
    "专家讲解",
    "发放节水倡议书",
    "互动游戏",
    "现场咨询",
    "签名承诺",
    "观看节水宣传片",
]

ACTIVITY_SUMMARIES = [
    "{when}，{unit}在{venue}开展节水主题宣传，通过{form_a}、{form_b}等形式普及节约用水知识，"
    "引导{audience}从身边做起、珍惜每一滴水。活动吸引{count}余人参与。",
    "活动围绕“节水中国 你我同行”主题，由{unit}组织，在{venue}举行。现场设置{form_a}和{form_b}环节，"
    "发放宣传资料{materials}份，{audience}积极参与。",
    "为深入实施国家节水行动，{unit}于{when}在{venue}组织开展本次活动，向{audience}宣传节水政策和节水技术，"
    "共有{count}余人参加。",
]

ACTIVITY_PARAGRAPHS = [
    "活动现场，工作人员结合{place}水资源实际，用通俗易懂的语言讲解节水知识，并通过{form_a}等方式与{audience}互动。",
    "{audience}纷纷表示，节约用水要从拧紧每一个水龙头做起，将把节水理念带回家庭、带到身边。",
    "本次活动统一使用全国节水标识和节水吉祥物“霖霖”形象，营造了浓厚的节水宣传氛围。",
    "下一步，{unit}将持续开展节水宣传，推动节水理念进一步深入人心。",
]

PROGRESS_NOTES = [
    "完成活动方案制定和宣传物料准备。",
    "与{site}融媒体中心对接，安排现场报道。",
    "活动现场照片和视频已整理上传。",
    "活动成果已汇总，正在准备推优材料。",
]

OUTCOMES = (
    "<p>活动累计覆盖{count}余人次，发放宣传资料{materials}份，收集节水承诺签名{signatures}个。</p>"
    "<p>相关报道被{outlet}刊发。</p>"
)
OUTLETS = ["当地融媒体中心", "省级主流媒体", "“中国水事”抖音号", "“节水中国”网站"]

DRAFT_CHANGE = "活动成果材料已补充，待审核后更新。"

VIDEO_THEMES = [
    "一滴水的旅程",
    "节水从身边做起",
    "守护母亲河",
    "灌区里的节水新图景",
    "家庭节水小妙招",
    "再生水的故事",
    "河湖长的一天",
    "让每一滴水都有价值",
    "校园节水小卫士",
    "工业用水“瘦身”记",
    "跟着霖霖学节水",
]
VIDEO_TITLES = [
    "《{theme}》——{unit}节水主题宣传片",
    "{site}节水微视频：{theme}",
    "{unit}节水短片《{theme}》",
]
VIDEO_PERSONAS = ["基层水利工作者", "小学生", "灌区农户", "社区志愿者", "企业工程师", "河湖长"]
VIDEO_STORIES = [
    "身边的节水故事",
    "一滴水从水源到水龙头的旅程",
    "灌区从大水漫灌到精准滴灌的变化",
    "老旧小区节水改造前后的变化",
    "工厂循环用水的新做法",
    "母亲河两岸的生态变化",
]
VIDEO_SUMMARY = "短片以{persona}的视角，讲述{story}，呼吁{audience}节约用水、保护水资源。时长约{minutes}分钟。"
