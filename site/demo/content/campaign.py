"""Text of the demo campaign, written fresh from the facts in DOMAIN.md.

News items are built from short templates filled with campaign facts, so the
demo reads like real campaign news without copying any source document.
"""

import datetime

CAMPAIGN = {
    "title": "节水中国 你我同行",
    "slug": "jieshui-2023",
    "year": 2023,
    "theme": "深入实施国家节水行动，推动全社会节约用水，保护母亲河，增强全民节水护水意识。",
    "introduction": (
        "<p>2023年世界水日、中国水周期间，全国节约用水办公室联合各有关单位开展“节水中国 你我同行”联合行动。"
        "部机关各司局、部直属各单位、各流域机构、各省（自治区、直辖市）水利（水务）厅（局）和新疆生产建设兵团水利局，"
        "以及有关部门、行业协会、学校、科研院所、企业和教育基地共同参与。</p>"
        "<p>活动在“节水中国 你我同行”网络专区统一报名、填报和展示。各单位持续更新活动动态与成果，"
        "方便公众查找、参与和转发分享。</p>"
    ),
    "launch_starts_at": datetime.datetime(2023, 3, 22, 9, 0),
    "launch_venue": "河北省石家庄市 乐泰中心5层",
    "launch_description": "启动仪式通过“中国水事”抖音号、“节水中国”网站和河北新闻网同步直播，扫码即可观看。",
    "liaison_deadline": datetime.date(2023, 3, 17),
    "filing_opens_on": datetime.date(2023, 3, 22),
    "filing_closes_on": datetime.date(2023, 6, 30),
    "summary_deadline": datetime.date(2023, 7, 15),
    "contact_mailbox": "jieshui-campaign@example.cn",
}

ORGANIZERS = [
    ("host", "全国节约用水办公室"),
    ("organizer", "中国水利报社"),
    ("co_organizer", "北京乐水文化传播有限公司"),
]

LIVE_STREAMS = [
    ("“中国水事”抖音号", "https://live.example.cn/douyin/zhongguoshuishi"),
    ("“节水中国”网站", "https://jieshui.example.cn/live/2023"),
    ("河北新闻网", "https://news.example.cn/hebei/live/jieshui"),
]

THEME_DAYS = [
    ("世界水日", datetime.date(2023, 3, 22), None, "联合国确定的世界水日，各地集中开展节水宣传。"),
    ("中国水周", datetime.date(2023, 3, 22), datetime.date(2023, 3, 28), "围绕节约用水、保护水资源开展一周主题宣传。"),
    ("世界环境日", datetime.date(2023, 6, 5), None, "结合生态环境保护，宣传水生态修复与河湖治理成效。"),
]

CONTACTS = [
    ("主办单位", "李明", "010-63200001"),
    ("承办单位", "王芳", "010-63200002"),
    ("网络专区技术支持", "赵磊", "010-63200003"),
]

STANDARD_PAGES = [
    {
        "slug": "guide",
        "title": "网络专区使用指南",
        "introduction": "参与单位如何注册、填报活动、更新动态与成果，以及如何提交审核。",
        "sections": [
            ("注册与登录", "各参与单位的联络员通过邀请链接设置密码后登录网络专区，成为本单位的专区管理员。"),
            ("填报活动", "登录后选择所属行业与地区，填写活动名称、时间、地点、内容与图片，并上传佐证材料。"),
            ("更新动态与成果", "活动开展期间请持续补充活动动态；活动结束后及时填报成果，便于公众查找与参与。"),
            (
                "审核发布",
                "各流域机构和省级水行政主管部门审核本级活动的真实性、图文准确性和完整度，主办单位终审后发布。",
            ),
        ],
    },
    {
        "slug": "about",
        "title": "关于活动",
        "introduction": "“节水中国 你我同行”联合行动的背景、主题与组织方式。",
        "sections": [
            ("活动主题", CAMPAIGN["theme"]),
            ("品牌标识", "活动统一使用全国节水标识、节水吉祥物“霖霖”和节水主题歌曲《节水中国》。"),
            (
                "评选表彰",
                "根据活动评级和专家评审意见，评选优秀组织单位、优秀活动和最佳节水宣传创意视频，颁发荣誉证书。",
            ),
        ],
    },
]

# Each news item: title, date, summary, paragraphs, tags, and a bulletin issue number or None.
NEWS = [
    {
        "slug": "campaign-deployed",
        "title": "全国节约用水办公室部署2023年“节水中国 你我同行”联合行动",
        "date": datetime.date(2023, 3, 8),
        "summary": "联合行动将于世界水日启动，各参与单位须于3月17日前报送联络员信息。",
        "paragraphs": [
            "全国节约用水办公室近日印发通知，部署2023年“节水中国 你我同行”联合行动，由中国水利报社承办。",
            "通知要求各参与单位明确至少一名联络员，于3月17日前报送联络员信息表，联络员负责本单位及所属单位的活动信息报送与管理。",
        ],
        "tags": ["工作部署"],
        "bulletin": None,
    },
    {
        "slug": "launch-ceremony",
        "title": "“节水中国 你我同行”联合行动在石家庄启动",
        "date": datetime.date(2023, 3, 22),
        "summary": "3月22日上午，联合行动启动仪式在河北石家庄举行，多个平台同步直播。",
        "paragraphs": [
            "3月22日上午9时，2023年“节水中国 你我同行”联合行动启动仪式在河北省石家庄市举行。",
            "启动仪式通过“中国水事”抖音号、“节水中国”网站和河北新闻网同步直播，广大网友扫码观看并参与互动。",
            "联合行动将持续至6月30日，各参与单位在网络专区填报活动，展示节水宣传成效。",
        ],
        "tags": ["启动仪式", "世界水日"],
        "bulletin": None,
    },
    {
        "slug": "web-zone-open",
        "title": "网络专区开放注册填报",
        "date": datetime.date(2023, 3, 22),
        "summary": "3月22日至6月30日，各参与单位可在网络专区注册、填报和更新活动信息。",
        "paragraphs": [
            "“节水中国 你我同行”网络专区自3月22日起开放注册填报，是本次联合行动唯一的报名、填报和展示平台。",
            "专区分行业、分地区展示各单位活动和视频，优秀活动将在推荐位展示，公众可参与、分享和转发。",
        ],
        "tags": ["网络专区"],
        "bulletin": None,
    },
    {
        "slug": "water-week-schools",
        "title": "中国水周期间节水宣传走进校园",
        "date": datetime.date(2023, 3, 27),
        "summary": "多地水利部门联合学校开展节水课堂、节水知识竞赛和校园节水志愿活动。",
        "paragraphs": [
            "中国水周期间，各地水利部门联合中小学和高校开展节水宣传进校园活动，通过节水课堂、知识竞赛等形式普及节水知识。",
            "不少学校组织学生参观节水教育基地，了解再生水利用和节水型社会建设成果。",
        ],
        "tags": ["进校园", "中国水周"],
        "bulletin": None,
    },
    {
        "slug": "basin-commissions",
        "title": "七大流域机构同步开展节水主题宣传",
        "date": datetime.date(2023, 3, 28),
        "summary": "各流域机构结合流域特点，组织河湖健康宣传和节水护水志愿服务。",
        "paragraphs": [
            "各流域机构结合流域水资源特点，在重点河湖开展节水护水宣传和志愿服务活动。",
            "活动信息经流域机构审核后在网络专区展示，供公众查阅和参与。",
        ],
        "tags": ["流域机构"],
        "bulletin": None,
    },
    {
        "slug": "video-call",
        "title": "节水主题宣传视频征集开始",
        "date": datetime.date(2023, 4, 6),
        "summary": "各流域机构、省级水行政主管部门管理员可提交总计不超过20个节水主题视频。",
        "paragraphs": [
            "联合行动期间，各流域机构和各省级水利（水务）厅（局）管理员可提交总计不超过20个节水主题宣传视频。",
            "优秀视频将择优发布至“节水中国”抖音号，并在网络专区推荐展示。",
        ],
        "tags": ["宣传视频"],
        "bulletin": None,
    },
    {
        "slug": "douyin-topic",
        "title": "抖音话题“#节水中国 你我同行#”邀您参与",
        "date": datetime.date(2023, 4, 12),
        "summary": "各单位和社会公众可带话题发布节水短视频，分享身边的节水故事。",
        "paragraphs": [
            "联合行动在抖音平台设置“#节水中国 你我同行#”话题，欢迎各单位和社会公众发布节水短视频。",
            "短视频内容可围绕家庭节水、农业节水、工业节水和城市节水等方面，展示节水新做法、新成效。",
        ],
        "tags": ["宣传视频", "公众参与"],
        "bulletin": None,
    },
    {
        "slug": "brand-guide",
        "title": "全国节水标识、吉祥物“霖霖”和主题歌曲使用指引",
        "date": datetime.date(2023, 4, 18),
        "summary": "活动宣传统一使用全国节水标识、节水吉祥物“霖霖”和主题歌曲《节水中国》。",
        "paragraphs": [
            "各参与单位在活动宣传中统一使用全国节水标识、节水吉祥物“霖霖”和节水主题歌曲《节水中国》。",
            "活动现场布置、宣传品和视频片头片尾可加注联合行动主题标识。",
        ],
        "tags": ["品牌标识"],
        "bulletin": None,
    },
]

BULLETIN_TEMPLATE = {
    "title": "“节水中国 你我同行”联合行动简报（第{number}期）",
    "summary": "本期简报汇总{period}各参与单位的活动开展情况与工作动态。",
    "paragraphs": [
        "{period}，各参与单位积极在网络专区填报活动，持续更新活动动态与成果。",
        "本期重点关注：{focus}。",
        "请各单位联络员及时审核本级活动，确保图文信息准确、内容完整。",
    ],
}

BULLETINS = [
    (1, datetime.date(2023, 3, 31), "3月下旬", "世界水日和中国水周期间的主题宣传活动"),
    (2, datetime.date(2023, 4, 28), "4月", "节水宣传进校园、进社区、进企业"),
    (3, datetime.date(2023, 5, 31), "5月", "节水主题宣传视频的提交与推荐"),
    (4, datetime.date(2023, 6, 30), "6月", "活动成果填报与推优材料准备"),
]


def current_campaign(today):
    """This year's campaign, open for filing on the day the demo is built.

    The dates are relative to ``today`` so that a demo built on any day lets
    a unit file at once; the window stays inside the campaign's year because
    activities must take place in it. Returns the facts, theme days and news.
    """
    year = today.year
    year_end = datetime.date(year, 12, 31)
    opens = today - datetime.timedelta(days=14)
    closes = max(today + datetime.timedelta(days=7), min(today + datetime.timedelta(days=75), year_end))
    facts = {
        **CAMPAIGN,
        "title": f"{year}年节水中国 你我同行",
        "slug": f"jieshui-{year}",
        "year": year,
        "introduction": (
            f"<p>{year}年“节水中国 你我同行”联合行动正在进行。各参与单位在网络专区填报活动和节水宣传视频，"
            "经流域机构或省级水行政主管部门初审、主办单位终审后发布。</p>"
        ),
        "launch_starts_at": datetime.datetime.combine(opens, datetime.time(9, 0)),
        "launch_description": "启动仪式在“节水中国”网站同步直播，扫码即可观看。",
        "liaison_deadline": opens - datetime.timedelta(days=5),
        "filing_opens_on": opens,
        "filing_closes_on": closes,
        "summary_deadline": closes + datetime.timedelta(days=15),
    }
    theme_days = [
        ("世界水日", datetime.date(year, 3, 22), None, "联合国确定的世界水日，各地集中开展节水宣传。"),
        ("中国水周", datetime.date(year, 3, 22), datetime.date(year, 3, 28), "围绕节约用水、保护水资源开展主题宣传。"),
        ("城市节约用水宣传周", datetime.date(year, 5, 10), datetime.date(year, 5, 16), "城市节水主题宣传。"),
    ]
    news = [
        {
            "slug": f"campaign-deployed-{year}",
            "title": f"全国节约用水办公室部署{year}年“节水中国 你我同行”联合行动",
            "date": opens - datetime.timedelta(days=10),
            "summary": f"各参与单位须于{(opens - datetime.timedelta(days=5)):%-m月%-d日}前报送联络员信息。",
            "paragraphs": [
                f"全国节约用水办公室近日部署{year}年“节水中国 你我同行”联合行动，由中国水利报社承办。",
                "各参与单位明确联络员，负责本单位及所属单位的活动信息报送与管理。",
            ],
            "tags": ["工作部署"],
            "bulletin": None,
        },
        {
            "slug": f"web-zone-open-{year}",
            "title": f"{year}年网络专区开放填报",
            "date": opens,
            "summary": f"即日起至{closes:%-m月%-d日}，各参与单位可在网络专区填报活动和视频。",
            "paragraphs": [
                "网络专区是本次联合行动唯一的报名、填报和展示平台，分行业、分地区展示各单位活动和视频。",
                "各单位联络员登录后台，在“我的填报”中一键新建活动或视频，保存后提交审核。",
            ],
            "tags": ["网络专区"],
            "bulletin": None,
        },
    ]
    return facts, theme_days, news
