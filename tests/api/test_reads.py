"""Contract tests of the anonymous reads: each endpoint's shape, filters, ordering and pagination."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.service import search
from search.types import SearchRequest
from showcase.models import ItemRating, RecommendedSlot
from showcase.zone.browse import browse_request
from tests.api.conftest import API
from tests.factories import ActivityPageFactory, LiveStreamChannelFactory, ThemeDayFactory

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_campaign_detail_carries_key_dates_theme_days_and_live_streams(client, campaign):
    ThemeDayFactory(page=campaign, name="世界水日", starts_on=datetime.date(2023, 3, 22))
    LiveStreamChannelFactory(page=campaign, name="“中国水事”抖音号", url="https://live.example.cn/launch")

    listed = get(client, "/campaigns/")
    detail = get(client, f"/campaigns/{campaign.pk}/")

    assert [item["id"] for item in listed] == [campaign.pk]
    assert detail["year"] == campaign.year
    assert detail["filing_status"] in ("not_yet_open", "open", "closed")
    assert [day["name"] for day in detail["theme_days"]] == ["世界水日"]
    assert detail["launch"]["live_streams"] == [{"name": "“中国水事”抖音号", "url": "https://live.example.cn/launch"}]
    assert {entry["date"] for entry in detail["key_dates"]} >= {
        campaign.filing_opens_on.isoformat(),
        campaign.filing_closes_on.isoformat(),
    }


def test_unknown_or_unpublished_campaign_is_a_json_404(client, campaign):
    campaign.unpublish()
    response = client.get(f"{API}/campaigns/{campaign.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_news_detail_gives_blocks_and_rendered_html(client, published):
    news = published["news"]
    listed = get(client, "/news/")
    detail = get(client, f"/news/{news.pk}/")

    assert [item["id"] for item in listed["items"]] == [news.pk]
    assert detail["body"][0]["type"] == "paragraph"
    assert "节水宣传走进社区和校园" in detail["body_html"]
    assert detail["html_url"].endswith(news.url)


def test_news_filters_by_bulletin_and_date(client, published):
    assert get(client, "/news/", bulletin="true")["count"] == 0
    assert get(client, "/news/", date_from="2023-03-22", date_to="2023-03-22")["count"] == 1
    assert get(client, "/news/", date_from="2023-03-23")["count"] == 0


def test_activity_list_paginates_with_a_total_and_a_stable_order(client, published):
    first = get(client, "/activities/", limit=2, offset=0, order="oldest")
    second = get(client, "/activities/", limit=2, offset=2, order="oldest")

    assert first["count"] == second["count"] == 3
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert ids == [published["school"].pk, published["community"].pk, published["shanxi"].pk]
    assert published["draft"].pk not in ids


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"jurisdiction": "shanxi"}, {"shanxi"}),
        ({"sector": "school"}, {"school"}),
        ({"sector": ["school", "community"]}, {"school", "community"}),
        ({"region": "shijiazhuang"}, {"school"}),
        ({"date_from": "2023-05-01"}, {"community"}),
        ({"date_to": "2023-04-01"}, {"school", "shanxi"}),
        ({"campaign": "no-such-campaign"}, set()),
    ],
)
def test_activity_filters(client, published, params, expected):
    names = {published_id: name for name, published_id in ((k, v.pk) for k, v in published.items())}
    found = get(client, "/activities/", **params)
    assert {names[item["id"]] for item in found["items"]} == expected
    assert found["count"] == len(expected)


def test_a_province_filter_includes_its_cities(client, published, vocabulary):
    city = vocabulary["shijiazhuang"]
    city.parent = vocabulary["hebei-province"]
    city.save()
    found = get(client, "/activities/", region="hebei-province")
    assert [item["id"] for item in found["items"]] == [published["school"].pk]


def test_featured_filter_follows_the_current_recommended_slots(client, showcase, published):
    RecommendedSlot.objects.create(showcase=showcase, item=published["community"], sort_order=1)
    featured = get(client, "/activities/", featured="true")
    others = get(client, "/activities/", featured="false")
    assert [item["id"] for item in featured["items"]] == [published["community"].pk]
    assert featured["items"][0]["featured"] is True
    assert published["community"].pk not in [item["id"] for item in others["items"]]


def test_ratings_show_and_filter_only_where_the_campaign_shows_them(client, showcase, published):
    ItemRating.objects.create(item=published["school"], rating="A+")
    hidden = get(client, f"/activities/{published['school'].pk}/")
    assert hidden["rating"] is None
    assert get(client, "/activities/", rating="A+")["count"] == 0

    showcase.show_rating_badges = True
    showcase.save_revision().publish()
    shown = get(client, f"/activities/{published['school'].pk}/")
    assert shown["rating"] == "A+"
    assert [item["id"] for item in get(client, "/activities/", rating="A+")["items"]] == [published["school"].pk]


def test_activity_detail_has_renditions_share_links_and_progress(client, published):
    school = published["school"]
    school.progress_updates.create(date=datetime.date(2023, 3, 23), text="第一天：参观节水教育基地。")
    school.progress_updates.create(date=datetime.date(2023, 3, 25), text="第三天：节水知识竞赛决赛。")
    school.outcomes = '<p>覆盖学生 <b>1200</b> 人。</p><p><a id="1" linktype="page">活动回顾</a></p>'
    school.save_revision().publish()

    detail = get(client, f"/activities/{school.pk}/")

    assert set(detail["image"]["renditions"]) == {"thumbnail", "card", "large"}
    assert detail["image"]["renditions"]["thumbnail"]["width"] == 480
    assert detail["image"]["renditions"]["thumbnail"]["url"].startswith("http://testserver/media/")
    assert [update["date"] for update in detail["progress_updates"]] == ["2023-03-25", "2023-03-23"]
    assert "<b>1200</b>" in detail["outcomes_html"]
    assert 'linktype="page"' not in detail["outcomes_html"]
    assert detail["sectors"] == [{"slug": "school", "name": "学校"}]
    share = detail["share"]
    assert share["url"].endswith(school.url)
    assert client.get(share["short_url"].removeprefix("http://testserver")).url == school.url
    qr = client.get(share["qr_url"].removeprefix("http://testserver"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content


def test_a_draft_is_not_found_and_a_video_is_not_an_activity(client, published):
    assert client.get(f"{API}/activities/{published['draft'].pk}/").status_code == 404
    assert client.get(f"{API}/activities/{published['video'].pk}/").status_code == 404
    video = get(client, f"/videos/{published['video'].pk}/")
    assert video["external_url"].startswith("https://www.douyin.com/")


def test_showcase_lists_recommended_slots_in_their_order(client, showcase, published):
    RecommendedSlot.objects.create(showcase=showcase, item=published["video"], sort_order=2)
    RecommendedSlot.objects.create(showcase=showcase, item=published["shanxi"], sort_order=1)
    detail = get(client, f"/showcases/{showcase.pk}/")
    assert [item["id"] for item in detail["recommended"]] == [published["shanxi"].pk, published["video"].pk]


def test_showcase_listing_counts_the_same_facets_as_the_public_page(client, rf, showcase, published):
    api = get(client, f"/showcases/{showcase.pk}/items/", sector="school")
    page = search(browse_request(rf.get("/zone/", {"sector": "school"}).GET, showcase))

    assert api["total"] == page.total == 1
    assert [facet["name"] for facet in api["facets"]] == list(page.request.facets)
    for facet in api["facets"]:
        assert [(value["value"], value["count"]) for value in facet["values"]] == [
            (value.value, value.count) for value in page.facets[facet["name"]]
        ]


def test_search_gives_the_service_results_with_highlights(client, published):
    api = get(client, "/search/", q="节水", type="activity")
    service = search(SearchRequest(text="节水", filters=SearchRequest().filters.__class__(type=("activity",))))

    assert [item["id"] for item in api["items"]] == [hit.page.pk for hit in service.hits]
    assert api["total"] == service.total
    assert all("<mark>" in item["title_html"] for item in api["items"])
    assert {facet["name"] for facet in api["facets"]} == set(SearchRequest().facets)


def test_search_gives_partial_matches_apart_from_the_items(client, published):
    api = get(client, "/search/", q="汾河 讲座")
    assert api["items"] == [] and api["total"] == 0, "no item holds both words"
    partial = {item["id"] for item in api["partial_items"]}
    assert {published["shanxi"].pk, published["community"].pk} <= partial
    assert api["partial_total"] == len(api["partial_items"])

    enough = get(client, "/search/", q="节水")
    assert enough["partial_items"] == [] and enough["partial_total"] == 0


def test_search_refuses_out_of_range_parameters_with_field_errors(client, published):
    response = client.get(f"{API}/search/", {"per_page": 500, "sort": "cheapest"})
    assert response.status_code == 422
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert {tuple(error["loc"]) for error in problem["errors"]} == {("query", "per_page"), ("query", "sort")}


def test_suggestions_offer_titles(client, published):
    assert "节水宣传进校园" in get(client, "/search/suggest/", q="节水")["suggestions"]


def test_list_query_count_does_not_grow_with_the_page_size(client, hebei, published):
    image = published["school"].lead_image
    for _number in range(12):
        ActivityPageFactory(parent=hebei, lead_image=image).save_revision().publish()
    get(client, "/activities/", limit=15)  # renditions are generated once, on first use

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            assert len(get(client, "/activities/", limit=limit)["items"]) == limit
        return len(captured)

    assert queries(3) == queries(15)
