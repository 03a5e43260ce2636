"""The campaign in numbers (/zone/dashboard/ and its API): figures of a known data set, the SVG map, caching."""

import datetime
import re

import pytest
from defusedxml import ElementTree
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import service
from showcase.models import Jurisdiction, RecommendedSlot, ShortLink, ShowcaseIndexPage, ShowcaseItemPage
from showcase.zone.dashboard import TILE_GRID, campaign_dashboard, compute_dashboard
from showcase.zone.sharing import short_link_for
from tests.api.conftest import API
from tests.factories import (
    ActivityPageFactory,
    JurisdictionFactory,
    JurisdictionPageFactory,
    SectorFactory,
    UnitFactory,
    VideoPageFactory,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _item(factory, parent, unit, sectors=(), views=0, **fields):
    if "starts_on" in fields:
        fields["ends_on"] = fields["starts_on"]
    page = factory(parent=parent, unit=unit, **fields)
    page.sectors.add(*sectors)
    page.save_revision().publish()
    if views:
        ShowcaseItemPage.objects.filter(pk=page.pk).update(view_count=views)
    return page


@pytest.fixture
def known(showcase, hebei, shanxi):
    """Five activities and a video in 河北, 山西 and the XPCC, a draft, a recommended video."""
    xpcc = JurisdictionPageFactory(
        parent=showcase, jurisdiction=JurisdictionFactory(code="xpcc", short_name="兵团", kind=Jurisdiction.Kind.XPCC)
    )
    education = SectorFactory(name="教育", slug="education")
    industry = SectorFactory(name="工业", slug="industry")
    school, bureau = (UnitFactory(jurisdiction=hebei.jurisdiction) for _ in range(2))
    taiyuan = UnitFactory(jurisdiction=shanxi.jurisdiction)
    corps = UnitFactory(jurisdiction=xpcc.jurisdiction)
    day = datetime.date
    _item(ActivityPageFactory, hebei, school, [education], views=5, starts_on=day(2023, 3, 22), participant_count=100)
    _item(ActivityPageFactory, hebei, school, [industry], views=3, starts_on=day(2023, 3, 23))
    _item(ActivityPageFactory, hebei, bureau, [education], starts_on=day(2023, 5, 10), participant_count=50)
    _item(ActivityPageFactory, shanxi, taiyuan, [education, industry], starts_on=day(2023, 3, 20), participant_count=20)
    _item(ActivityPageFactory, xpcc, corps, starts_on=day(2023, 7, 14))
    video = _item(VideoPageFactory, shanxi, taiyuan, [education], title="节水短视频")
    draft = ActivityPageFactory(parent=hebei, unit=bureau, live=False, participant_count=999)
    RecommendedSlot.objects.create(showcase=showcase, item=video)
    ShortLink.objects.filter(pk=short_link_for(video).pk).update(opens=10)
    ShortLink.objects.create(page=draft, code="draft1", opens=500)
    return showcase


def test_the_figures_of_a_known_data_set(known):
    figures = compute_dashboard(known)
    assert figures["totals"] == {
        "activities": 5,
        "videos": 1,
        "units": 4,
        "jurisdictions": 3,
        "participants": 170,
        "activities_with_participants": 3,
        "views": 8,
        "short_link_opens": 10,
    }
    counts = {tile["code"]: tile["count"] for tile in figures["tiles"]["tiles"]}
    assert len(counts) == 32 and set(counts) == set(TILE_GRID)
    assert {code: count for code, count in counts.items() if count} == {"hebei": 3, "shanxi": 1, "xpcc": 1}
    assert [(bar["label"], bar["count"]) for bar in figures["sectors"]["bars"]] == [("教育", 4), ("工业", 2)]
    weeks = {week["starts_on"]: week["count"] for week in figures["weeks"]["weeks"]}
    # From the week before the liaison deadline (3.17) to the week after the summary deadline (7.15).
    assert min(weeks) == datetime.date(2023, 3, 6) and max(weeks) == datetime.date(2023, 7, 17)
    assert {start: count for start, count in weeks.items() if count} == {
        datetime.date(2023, 3, 20): 3,
        datetime.date(2023, 5, 8): 1,
        datetime.date(2023, 7, 10): 1,
    }
    marked = [week["starts_on"] for week in figures["weeks"]["weeks"] if week["key_dates"]]
    assert marked == [datetime.date(2023, m, d) for m, d in ((3, 13), (3, 20), (6, 26), (7, 10))]
    assert [item["title"] for item in figures["recommended"]] == ["节水短视频"]


def test_the_page_draws_32_tiles_carrying_the_counts_and_a_table_of_the_same(client, known):
    response = client.get("/zone/dashboard/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and response.has_header("ETag") and not response.cookies
    html = response.content.decode()
    svg = ElementTree.fromstring(re.search(r'<svg class="tile-map".*?</svg>', html, re.DOTALL).group(0))
    tiles = svg.findall(f"{SVG}g[@class]")
    tiles = [tile for tile in tiles if tile.get("data-code")]
    assert len(tiles) == 32
    by_code = {tile.get("data-code"): tile for tile in tiles}
    assert by_code["hebei"].get("data-count") == "3"
    assert [text.text for text in by_code["hebei"].findall(f"{SVG}text")] == ["河北", "3"]
    assert by_code["xpcc"].findall(f"{SVG}text")[0].text == "兵团"
    assert "tile--4" in by_code["hebei"].get("class") and "tile--0" in by_code["beijing"].get("class")
    assert "<script" not in html.split("<main", 1)[-1]
    assert re.search(r"<th scope=\"row\">河北</th><td>3</td>", html)
    assert client.get("/en/zone/dashboard/").status_code == 200


def test_drafts_evidence_and_contacts_never_reach_the_dashboard(client, known):
    html = client.get("/zone/dashboard/").content.decode()
    assert "999" not in html
    assert "@" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_query_count_does_not_grow_with_the_data(known, hebei, shanxi):
    def queries():
        service.content_version()  # the facet index is brought up to date outside the measurement,
        cache.clear()  # and Wagtail's cached site root paths are read in both
        showcase = ShowcaseIndexPage.objects.get(pk=known.pk)
        with CaptureQueriesContext(connection) as captured:
            compute_dashboard(showcase)
        return len(captured)

    small = queries()
    sector = SectorFactory(name="农业", slug="agri")
    for number in range(12):
        parent = hebei if number % 2 else shanxi
        _item(ActivityPageFactory, parent, UnitFactory(jurisdiction=parent.jurisdiction), [sector])
    assert queries() == small


def test_the_dashboard_is_computed_once_per_content_generation(known, hebei, django_assert_num_queries):
    first = campaign_dashboard(known)
    showcase = ShowcaseIndexPage.objects.get(pk=known.pk)
    with django_assert_num_queries(1):  # the content generation
        assert campaign_dashboard(showcase) == first
    _item(ActivityPageFactory, hebei, UnitFactory(jurisdiction=hebei.jurisdiction))
    assert campaign_dashboard(ShowcaseIndexPage.objects.get(pk=known.pk))["totals"]["activities"] == 6


def test_the_api_gives_the_same_figures(client, known):
    response = client.get(f"{API}/showcases/{known.pk}/dashboard/")
    assert response.status_code == 200
    data = response.json()
    assert data["totals"]["activities"] == 5 and data["totals"]["participants"] == 170
    assert data["totals"]["short_link_opens"] == 10, "a draft's link opens are not the campaign's shares"
    assert len(data["provinces"]) == 32
    assert {p["code"]: p["activities"] for p in data["provinces"]}["hebei"] == 3
    assert data["sectors"][0] == {"slug": "education", "name": "教育", "count": 4}
    assert data["html_url"] == "http://testserver/zone/dashboard/"
    assert data["recommended"][0]["type"] == "video"
    assert client.get(f"{API}/showcases/999999/dashboard/").status_code == 404
    schema = client.get(f"{API}/openapi.json").json()
    assert "/api/v3/showcases/{showcase_id}/dashboard/" in schema["paths"]
    assert set(schema["components"]["schemas"]["DashboardOut"]["required"]) >= {"totals", "provinces", "sectors"}
