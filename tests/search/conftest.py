import pytest

from showcase.models import Unit
from tests.factories import (
    ActivityPageFactory,
    NewsPageFactory,
    RegionFactory,
    SectorFactory,
    VideoPageFactory,
)


@pytest.fixture
def vocab(db):
    hebei_region = RegionFactory(name="河北", slug="hebei", sort_order=1)
    return {
        "education": SectorFactory(name="教育", slug="education", sort_order=1),
        "industry": SectorFactory(name="工业", slug="industry", sort_order=2),
        "agriculture": SectorFactory(name="农业", slug="agriculture", sort_order=3),
        "hebei": hebei_region,
        "shijiazhuang": RegionFactory(name="石家庄市", slug="shijiazhuang", parent=hebei_region),
        "shanxi": RegionFactory(name="山西", slug="shanxi", sort_order=2),
    }


def publish(factory, parent, title, summary="", sectors=(), regions=(), unit="市水务局", **fields):
    unit, _created = Unit.objects.get_or_create(name=unit, jurisdiction=parent.specific.jurisdiction)
    page = factory(parent=parent, title=title, summary=summary or title, unit=unit, **fields)
    page.sectors.add(*sectors)
    page.regions.add(*regions)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def corpus(hebei, shanxi, news_index, vocab):
    """A small zone: three activities, a video and a news item, with sectors and regions."""
    v = vocab
    return {
        "school": publish(
            ActivityPageFactory,
            hebei,
            "节水宣传进校园活动",
            "石家庄市第一中学开展节水知识竞赛，学生学习节约用水。",
            [v["education"]],
            [v["shijiazhuang"]],
            unit="石家庄市第一中学",
        ),
        "factory": publish(
            ActivityPageFactory,
            hebei,
            "钢铁企业废水循环利用开放日",
            "工业节水改造成果展示，再生水用于冷却。",
            [v["industry"]],
            [v["hebei"]],
            unit="河北钢铁集团",
        ),
        "farm": publish(
            ActivityPageFactory,
            shanxi,
            "高效节水灌溉现场会",
            "推广滴灌和喷灌，建设高标准农田。",
            [v["agriculture"], v["education"]],
            [v["shanxi"]],
            unit="山西省灌溉试验站",
        ),
        "video": publish(
            VideoPageFactory,
            shanxi,
            "３．２２世界水日ＣＣＴＶ特别节目",
            "央视报道山西水情教育基地。",
            [v["education"]],
            [v["shanxi"]],
            unit="山西广播电视台",
        ),
        "news": _news(news_index, "节水中国你我同行联合行动启动", "水利部等部门启动2023年节水宣传活动。"),
    }


def _news(parent, title, summary):
    page = NewsPageFactory(parent=parent, title=title, summary=summary, body=[("paragraph", f"<p>{summary}</p>")])
    page.save_revision().publish()
    page.refresh_from_db()
    return page
