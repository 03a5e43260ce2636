"""Public browsing: filters combine as users expect, counts follow the other filters, URLs are shareable."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from wagtail_factories import ImageFactory

from search.service import search
from showcase.zone.browse import browse_request
from tests.factories import ActivityPageFactory, RegionFactory, SectorFactory, VideoPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocab(db):
    hebei_region = RegionFactory(name="河北", slug="hebei")
    return {
        "education": SectorFactory(name="教育", slug="education", sort_order=1),
        "industry": SectorFactory(name="工业", slug="industry", sort_order=2),
        "hebei": hebei_region,
        "shijiazhuang": RegionFactory(name="石家庄", slug="shijiazhuang", parent=hebei_region),
        "shanxi": RegionFactory(name="山西", slug="shanxi"),
    }


def _item(factory, parent, title, sectors, regions):
    page = factory(parent=parent, title=title)
    page.sectors.add(*sectors)
    page.regions.add(*regions)
    page.save_revision().publish()
    return page


@pytest.fixture
def items(hebei, shanxi, vocab):
    v = vocab
    return {
        "school": _item(ActivityPageFactory, hebei, "河北校园活动", [v["education"]], [v["shijiazhuang"]]),
        "factory": _item(ActivityPageFactory, hebei, "河北工厂活动", [v["industry"]], [v["hebei"]]),
        "both": _item(ActivityPageFactory, shanxi, "山西产教活动", [v["education"], v["industry"]], [v["shanxi"]]),
        "video": _item(VideoPageFactory, shanxi, "山西节水视频", [v["education"]], [v["shanxi"]]),
    }


def browse(scope, query=""):
    return search(browse_request(QueryDict(query), scope))


def _titles(result):
    return sorted(hit.page.title for hit in result.hits)


def _counts(result, facet):
    return {value.value: value.count for value in result.facets[facet]}


def test_no_filter_lists_every_published_item_newest_first(showcase, items):
    result = browse(showcase)
    assert result.total == 4
    assert result.hits[0].page.title == "山西节水视频"


def test_values_within_a_facet_are_alternatives(showcase, items):
    result = browse(showcase, "sector=education&sector=industry")
    assert result.total == 4, "an item tagged with both sectors is counted once"


def test_facets_combine_with_and(showcase, items):
    result = browse(showcase, "sector=education&jurisdiction=shanxi&type=activity")
    assert _titles(result) == ["山西产教活动"]


def test_each_facet_is_counted_with_the_other_filters_applied(showcase, items):
    result = browse(showcase, "sector=education")
    assert _counts(result, "sector") == {"education": 3, "industry": 2}, "own facet ignores its own selection"
    assert _counts(result, "jurisdiction") == {"hebei": 1, "shanxi": 2}
    assert _counts(result, "type") == {"activity": 2, "video": 1}
    assert [v.selected for v in result.facets["sector"]] == [True, False]


def test_a_province_includes_its_cities(showcase, items):
    result = browse(showcase, "region=hebei")
    assert _titles(result) == ["河北工厂活动", "河北校园活动"]
    assert _counts(browse(showcase), "region") == {"hebei": 2, "shanxi": 2}


def test_drafts_are_neither_listed_nor_counted(showcase, hebei, items, vocab):
    draft = ActivityPageFactory(parent=hebei, live=False)
    draft.sectors.add(vocab["education"])
    draft.save()
    result = browse(showcase, "sector=education")
    assert draft.title not in _titles(result)
    assert _counts(result, "sector")["education"] == 3


def test_unknown_and_junk_parameters_are_harmless(client, showcase, items):
    response = client.get("/zone/?sector=nope&region=" + "x" * 500 + "&type=spaceship&page=99999")
    assert response.status_code == 200
    assert "0" in BeautifulSoup(response.content, "html.parser").select_one(".result-count").get_text()


def test_filter_state_is_a_shareable_url_and_survives_pagination(client, showcase, hebei, vocab):
    for n in range(14):
        _item(ActivityPageFactory, hebei, f"教育活动{n:02d}", [vocab["education"]], [vocab["hebei"]])
    response = client.get("/zone/?sector=education")
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select(".browse__results .card")) == 12
    assert soup.find("input", attrs={"name": "sector", "value": "education"}).has_attr("checked")
    assert soup.find("a", rel="next")["href"] == "?sector=education&page=2"
    second = BeautifulSoup(client.get("/zone/?sector=education&page=2").content, "html.parser")
    assert len(second.select(".browse__results .card")) == 2


def test_counts_are_shown_beside_each_filter_value(client, showcase, items):
    soup = BeautifulSoup(client.get("/zone/").content, "html.parser")
    label = soup.find("input", attrs={"name": "sector", "value": "education"}).parent.get_text(" ", strip=True)
    assert label == "教育 (3)"


def test_a_showcase_page_costs_at_most_13_queries_whatever_its_size(client, showcase, hebei, vocab):
    """12 for the listing, and one for the content generation behind its ETag (config/public_cache.py)."""
    image = ImageFactory()
    for n in range(48):
        page = ActivityPageFactory(parent=hebei, title=f"教育活动{n:02d}", lead_image=image if n % 2 else None)
        page.sectors.add(vocab["education"])
        page.regions.add(vocab["shijiazhuang"])
        page.save_revision().publish()
    client.get("/zone/")  # a worker loads its facet index once, at its first listing
    for filters in ("", "sector=education&region=hebei&"):
        queries = {}
        for per_page in (12, 48):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"/zone/?{filters}per_page={per_page}")
            cards = BeautifulSoup(response.content, "html.parser").select(".browse__results .card")
            assert len(cards) == per_page
            queries[per_page] = len(captured)
        assert queries[12] == queries[48] <= 13, queries
