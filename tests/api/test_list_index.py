"""The activity and video lists answered from the facet index give exactly what the database gives.

Lists in publication order take their count and their window from the
in-memory facet index; other orderings take only the count from it, and date
ranges go to the database alone. Each answer is compared with the database's
own (``_filtered``), before and after items are published, unpublished, moved,
rated and picked, through the API as a front-end sees it.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from showcase.api.read import ItemFilters, _filtered
from showcase.models import ActivityPage, ItemRating, RecommendedSlot, VideoPage
from tests.api.conftest import API
from tests.factories import (
    ActivityPageFactory,
    CampaignHomePageFactory,
    JurisdictionFactory,
    JurisdictionPageFactory,
    ShowcaseIndexPageFactory,
    VideoPageFactory,
)

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"jurisdiction": ["shanxi"]},
    {"jurisdiction": ["hebei", "henan"]},
    {"sector": ["school"]},
    {"sector": ["school", "community"], "jurisdiction": ["hebei"]},
    {"region": ["hebei-province"]},
    {"campaign": ["jieshui-2023"]},
    {"campaign": ["other-2024"], "sector": ["school"]},
    {"rating": ["A+", "A"]},
    {"featured": "true"},
    {"featured": "false", "sector": ["community"]},
    {"campaign": ["no-such-campaign"]},
]
ORDERS = ["newest", "oldest", "most_viewed", "starts_on"]
WINDOWS = [(0, 3), (2, 3), (5, 2), (40, 5)]


@pytest.fixture
def other_campaign(root_page):
    """A second campaign whose zone shows ratings, with one jurisdiction."""
    campaign = CampaignHomePageFactory(parent=root_page, title="节水中国 2024", slug="other-2024")
    zone = ShowcaseIndexPageFactory(parent=campaign, show_rating_badges=True)
    jurisdiction = JurisdictionFactory(name="河南省水利厅", short_name="河南", code="henan")
    return JurisdictionPageFactory(parent=zone, jurisdiction=jurisdiction)


@pytest.fixture
def many(published, hebei, shanxi, other_campaign, showcase, vocabulary):
    """Items over two campaigns with sectors, regions, ratings, picks, views and a private one."""
    city = vocabulary["shijiazhuang"]
    city.parent = vocabulary["hebei-province"]
    city.save()
    items = dict(published)
    for number, parent in enumerate([hebei, shanxi, other_campaign, hebei, other_campaign, shanxi, hebei]):
        item = ActivityPageFactory(parent=parent, starts_on=datetime.date(2023, 3, 1 + number % 3))
        item.sectors.add(vocabulary["school" if number % 2 else "community"])
        if number % 3 == 0:
            item.regions.add(vocabulary["shijiazhuang"])
        item.view_count = number % 4
        item.save_revision().publish()
        items[f"activity{number}"] = item
    for number, parent in enumerate([other_campaign, hebei, other_campaign]):
        video = VideoPageFactory(parent=parent)
        video.sectors.add(vocabulary["school"])
        video.save_revision().publish()
        items[f"video{number}"] = video
    for name, rating in [("activity2", "A+"), ("activity4", "A"), ("activity0", "A+"), ("video0", "B")]:
        ItemRating.objects.create(item=items[name], rating=rating)
    RecommendedSlot.objects.create(showcase=showcase, item=items["community"], sort_order=1)
    RecommendedSlot.objects.create(showcase=showcase, item=items["activity1"], sort_order=2)
    PageViewRestriction.objects.create(page=items["activity5"], restriction_type=PageViewRestriction.LOGIN)
    return items


def api_answer(client, path, params, order, offset, limit):
    response = client.get(f"{API}{path}", {**params, "order": order, "offset": offset, "limit": limit})
    assert response.status_code == 200, response.content
    found = response.json()
    return found["count"], [item["id"] for item in found["items"]]


def database_answer(model, params, order, offset, limit):
    items = _filtered(model, ItemFilters(**params, order=order))
    return items.count(), list(items.values_list("pk", flat=True)[offset : offset + limit])


def assert_same_as_database(client):
    for path, model in [("/activities/", ActivityPage), ("/videos/", VideoPage)]:
        for params in FILTERS:
            for order in ORDERS:
                for offset, limit in WINDOWS:
                    expected = database_answer(model, params, order, offset, limit)
                    assert api_answer(client, path, params, order, offset, limit) == expected, (path, params, order)


def newest_ids(client, **params):
    return api_answer(client, "/activities/", params, "newest", 0, 100)[1]


def test_lists_answer_what_the_database_answers(client, many):
    assert_same_as_database(client)
    assert many["activity5"].pk not in newest_ids(client)
    assert many["draft"].pk not in newest_ids(client)


def test_lists_follow_publishing_unpublishing_moving_ratings_and_picks(client, many, shanxi, other_campaign, showcase):
    before = newest_ids(client)

    fresh = ActivityPageFactory(parent=shanxi)
    fresh.save_revision().publish()
    many["activity3"].unpublish()
    many["activity6"].move(other_campaign, pos="last-child")
    ItemRating.objects.create(item=many["activity6"], rating="A")
    rating = ItemRating.objects.get(item=many["activity4"])
    rating.rating = "B"
    rating.save()
    ItemRating.objects.get(item=many["activity2"]).delete()
    RecommendedSlot.objects.create(showcase=showcase, item=many["shanxi"], sort_order=3)

    after = newest_ids(client)
    assert after[0] == fresh.pk
    assert many["activity3"].pk in before and many["activity3"].pk not in after
    assert many["activity6"].pk in newest_ids(client, campaign=["other-2024"])
    assert many["shanxi"].pk in newest_ids(client, featured="true")
    assert many["activity6"].pk in newest_ids(client, rating=["A"])
    assert many["activity2"].pk not in newest_ids(client, rating=["A+"])
    assert_same_as_database(client)


def test_a_restriction_added_later_hides_the_item_from_the_list(client, many):
    assert many["community"].pk in newest_ids(client)
    PageViewRestriction.objects.create(page=many["community"], restriction_type=PageViewRestriction.LOGIN)
    assert many["community"].pk not in newest_ids(client)
    assert_same_as_database(client)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"order": "oldest", "jurisdiction": ["hebei", "shanxi"]},
        {"order": "most_viewed"},
        {"date_from": "2023-01-01"},
    ],
)
def test_list_queries_do_not_grow_with_the_page_size(client, many, params):
    client.get(f"{API}/activities/", {**params, "limit": 6})  # renditions are generated once, on first use

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{API}/activities/", {**params, "limit": limit})
        assert len(response.json()["items"]) == limit
        return len(captured)

    assert queries(2) == queries(6)


def test_a_list_in_publication_order_neither_counts_nor_skips_rows_in_the_database(client, many):
    for order in ("newest", "oldest"):
        with CaptureQueriesContext(connection) as captured:
            client.get(f"{API}/activities/", {"order": order, "offset": 4, "limit": 3})
        sql = " ".join(query["sql"] for query in captured.captured_queries).upper()
        assert "COUNT(" not in sql
        assert "OFFSET" not in sql
