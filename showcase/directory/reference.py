"""Reference data every deployment starts from: jurisdictions, regions and sectors.

The national joint action is reviewed by the ministry, the seven river-basin
bodies, the water departments of the 31 province-level regions and the XPCC
water bureau; activities are shown by sector and by region. These lists are
the same for every campaign, so they are data kept with the code, loaded by
``load_reference_data()`` (the ``showcase_load_reference`` command, and the
demo). Codes and slugs are the stable keys: loading again creates only what is
missing and never overwrites what editors have since changed in the admin.
"""

from dataclasses import dataclass

from django.db import transaction

# (name, latin slug); the order is the order of the sector filter.
SECTORS = [
    ("水利", "water-conservancy"),
    ("教育", "education"),
    ("工业", "industry"),
    ("农业", "agriculture"),
    ("城镇生活", "urban-domestic"),
    ("公共机构", "public-institutions"),
    ("社区", "community"),
    ("企业", "enterprise"),
    ("媒体", "media"),
    ("科研", "research"),
]

# Province-level regions in the order of their administrative-division codes:
# (region name, region slug, short name, water department, cities as (name, slug)).
# The region slug is also the code of the province's jurisdiction. Cities are a
# few well-known ones per province, the optional second level of the region filter;
# the four municipalities have none.
PROVINCES = [
    ("北京市", "beijing", "北京", "北京市水务局", []),
    ("天津市", "tianjin", "天津", "天津市水务局", []),
    (
        "河北省",
        "hebei",
        "河北",
        "河北省水利厅",
        [
            ("石家庄市", "shijiazhuang"),
            ("唐山市", "tangshan"),
            ("保定市", "baoding"),
            ("邯郸市", "handan"),
            ("张家口市", "zhangjiakou"),
        ],
    ),
    ("山西省", "shanxi", "山西", "山西省水利厅", [("太原市", "taiyuan"), ("大同市", "datong"), ("运城市", "yuncheng")]),
    (
        "内蒙古自治区",
        "neimenggu",
        "内蒙古",
        "内蒙古自治区水利厅",
        [("呼和浩特市", "hohhot"), ("包头市", "baotou"), ("鄂尔多斯市", "ordos")],
    ),
    ("辽宁省", "liaoning", "辽宁", "辽宁省水利厅", [("沈阳市", "shenyang"), ("大连市", "dalian")]),
    ("吉林省", "jilin", "吉林", "吉林省水利厅", [("长春市", "changchun"), ("吉林市", "jilin-city")]),
    ("黑龙江省", "heilongjiang", "黑龙江", "黑龙江省水利厅", [("哈尔滨市", "harbin"), ("齐齐哈尔市", "qiqihar")]),
    ("上海市", "shanghai", "上海", "上海市水务局", []),
    (
        "江苏省",
        "jiangsu",
        "江苏",
        "江苏省水利厅",
        [("南京市", "nanjing"), ("苏州市", "suzhou"), ("无锡市", "wuxi"), ("徐州市", "xuzhou")],
    ),
    (
        "浙江省",
        "zhejiang",
        "浙江",
        "浙江省水利厅",
        [("杭州市", "hangzhou"), ("宁波市", "ningbo"), ("温州市", "wenzhou"), ("湖州市", "huzhou")],
    ),
    ("安徽省", "anhui", "安徽", "安徽省水利厅", [("合肥市", "hefei"), ("芜湖市", "wuhu"), ("蚌埠市", "bengbu")]),
    ("福建省", "fujian", "福建", "福建省水利厅", [("福州市", "fuzhou"), ("厦门市", "xiamen"), ("泉州市", "quanzhou")]),
    (
        "江西省",
        "jiangxi",
        "江西",
        "江西省水利厅",
        [("南昌市", "nanchang"), ("九江市", "jiujiang"), ("赣州市", "ganzhou")],
    ),
    (
        "山东省",
        "shandong",
        "山东",
        "山东省水利厅",
        [("济南市", "jinan"), ("青岛市", "qingdao"), ("烟台市", "yantai"), ("潍坊市", "weifang")],
    ),
    (
        "河南省",
        "henan",
        "河南",
        "河南省水利厅",
        [("郑州市", "zhengzhou"), ("洛阳市", "luoyang"), ("开封市", "kaifeng"), ("新乡市", "xinxiang")],
    ),
    ("湖北省", "hubei", "湖北", "湖北省水利厅", [("武汉市", "wuhan"), ("宜昌市", "yichang"), ("襄阳市", "xiangyang")]),
    ("湖南省", "hunan", "湖南", "湖南省水利厅", [("长沙市", "changsha"), ("岳阳市", "yueyang"), ("常德市", "changde")]),
    (
        "广东省",
        "guangdong",
        "广东",
        "广东省水利厅",
        [("广州市", "guangzhou"), ("深圳市", "shenzhen"), ("佛山市", "foshan"), ("东莞市", "dongguan")],
    ),
    (
        "广西壮族自治区",
        "guangxi",
        "广西",
        "广西壮族自治区水利厅",
        [("南宁市", "nanning"), ("桂林市", "guilin"), ("柳州市", "liuzhou")],
    ),
    ("海南省", "hainan", "海南", "海南省水务厅", [("海口市", "haikou"), ("三亚市", "sanya")]),
    ("重庆市", "chongqing", "重庆", "重庆市水利局", []),
    ("四川省", "sichuan", "四川", "四川省水利厅", [("成都市", "chengdu"), ("绵阳市", "mianyang"), ("宜宾市", "yibin")]),
    ("贵州省", "guizhou", "贵州", "贵州省水利厅", [("贵阳市", "guiyang"), ("遵义市", "zunyi")]),
    ("云南省", "yunnan", "云南", "云南省水利厅", [("昆明市", "kunming"), ("曲靖市", "qujing")]),
    ("西藏自治区", "xizang", "西藏", "西藏自治区水利厅", [("拉萨市", "lhasa")]),
    ("陕西省", "shaanxi", "陕西", "陕西省水利厅", [("西安市", "xian"), ("宝鸡市", "baoji"), ("延安市", "yanan")]),
    ("甘肃省", "gansu", "甘肃", "甘肃省水利厅", [("兰州市", "lanzhou"), ("张掖市", "zhangye")]),
    ("青海省", "qinghai", "青海", "青海省水利厅", [("西宁市", "xining")]),
    ("宁夏回族自治区", "ningxia", "宁夏", "宁夏回族自治区水利厅", [("银川市", "yinchuan"), ("吴忠市", "wuzhong")]),
    (
        "新疆维吾尔自治区",
        "xinjiang",
        "新疆",
        "新疆维吾尔自治区水利厅",
        [("乌鲁木齐市", "urumqi"), ("克拉玛依市", "karamay"), ("石河子市", "shihezi")],
    ),
]

# (name, short name, code) of the seven river-basin bodies, in their customary order.
BASIN_COMMISSIONS = [
    ("长江水利委员会", "长江委", "changjiang"),
    ("黄河水利委员会", "黄委", "huanghe"),
    ("淮河水利委员会", "淮委", "huaihe"),
    ("海河水利委员会", "海委", "haihe"),
    ("珠江水利委员会", "珠江委", "zhujiang"),
    ("松辽水利委员会", "松辽委", "songliao"),
    ("太湖流域管理局", "太湖局", "taihu"),
]

MINISTRY = ("水利部机关及直属单位", "水利部", "mwr")

# The XPCC is not a region of its own: its activities take place in 新疆, which
# is why its jurisdiction carries no region (only provinces map to one).
XPCC = ("新疆生产建设兵团水利局", "兵团", "xpcc")

# Sort order: ministry, basins, provinces, XPCC — the order of the campaign notice.
MINISTRY_SORT_ORDER = 10
BASIN_SORT_ORDER = 100
PROVINCE_SORT_ORDER = 200
XPCC_SORT_ORDER = 900


@dataclass(frozen=True)
class JurisdictionSpec:
    name: str
    short_name: str
    code: str
    kind: str
    sort_order: int
    region_slug: str | None = None


def jurisdiction_specs():
    """Every jurisdiction of the national campaign, in display order."""
    from showcase.models import Jurisdiction

    kinds = Jurisdiction.Kind
    specs = [JurisdictionSpec(*MINISTRY, kind=kinds.MINISTRY, sort_order=MINISTRY_SORT_ORDER)]
    specs += [
        JurisdictionSpec(name, short, code, kind=kinds.BASIN, sort_order=BASIN_SORT_ORDER + position)
        for position, (name, short, code) in enumerate(BASIN_COMMISSIONS)
    ]
    specs += [
        JurisdictionSpec(
            department, short, slug, kind=kinds.PROVINCE, sort_order=PROVINCE_SORT_ORDER + position, region_slug=slug
        )
        for position, (_region, slug, short, department, _cities) in enumerate(PROVINCES)
    ]
    specs.append(JurisdictionSpec(*XPCC, kind=kinds.XPCC, sort_order=XPCC_SORT_ORDER))
    return specs


@dataclass
class LoadCounts:
    created: int = 0
    existing: int = 0

    @property
    def total(self):
        return self.created + self.existing


def _find_or_create(model, lookups, defaults, counts):
    """The row matching any of ``lookups`` (tried in order), or a new one from ``defaults``.

    Matching by name as well as by the stable key lets the loader adopt a row an
    editor created by hand (same name, another slug) instead of failing on the
    unique name.
    """
    for lookup in lookups:
        found = model.objects.filter(**lookup).first()
        if found is not None:
            counts.existing += 1
            return found
    counts.created += 1
    return model.objects.create(**defaults)


@transaction.atomic
def load_reference_data():
    """Create the missing sectors, regions and jurisdictions; return counts per kind.

    Creating a jurisdiction also creates its two groups and its evidence
    collection (``showcase.signals``).
    """
    from showcase.models import Jurisdiction, Region, Sector

    counts = {"sectors": LoadCounts(), "regions": LoadCounts(), "jurisdictions": LoadCounts()}

    for position, (name, slug) in enumerate(SECTORS):
        _find_or_create(
            Sector,
            [{"slug": slug}, {"name": name}],
            {"name": name, "slug": slug, "sort_order": (position + 1) * 10},
            counts["sectors"],
        )

    provinces = {}
    for position, (region_name, slug, short, _department, cities) in enumerate(PROVINCES):
        province = _find_or_create(
            Region,
            [{"slug": slug}, {"name": region_name}],
            {"name": region_name, "slug": slug, "sort_order": (position + 1) * 100, "other_names": short},
            counts["regions"],
        )
        if not province.other_names:
            # Sheets name provinces by their short name (河北 for 河北省); an empty list is filled, never an edited one.
            Region.objects.filter(pk=province.pk).update(other_names=short)
        provinces[slug] = province
        for city_position, (city_name, city_slug) in enumerate(cities):
            _find_or_create(
                Region,
                [{"slug": city_slug}, {"name": city_name}],
                {
                    "name": city_name,
                    "slug": city_slug,
                    "parent": province,
                    "sort_order": (position + 1) * 100 + city_position + 1,
                },
                counts["regions"],
            )

    for spec in jurisdiction_specs():
        _find_or_create(
            Jurisdiction,
            [{"code": spec.code}, {"name": spec.name}],
            {
                "name": spec.name,
                "short_name": spec.short_name,
                "code": spec.code,
                "kind": spec.kind,
                "sort_order": spec.sort_order,
                "region": provinces.get(spec.region_slug),
            },
            counts["jurisdictions"],
        )
    return counts
