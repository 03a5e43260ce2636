"""Nothing stale: what the facet index each worker keeps in memory says follows every change at the next request.

The index is loaded by a first request, then the change happens, then the
very next request must show it: in the search, in the showcase listing and
in the counts beside its filters.
"""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from search import facet_index
from search.models import SearchChange
from search.service import search
from search.types import SearchRequest
from showcase.models.review import record_rating
from tests.factories import ActivityPageFactory, CampaignOrganizerFactory, StandardPageFactory
from tests.search.conftest import publish

pytestmark = pytest.mark.django_db


def _search_titles(client, query):
    soup = BeautifulSoup(client.get("/search/", {"q": query}).content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select(".search-result__title a")]


def _zone(client, path="/zone/"):
    return BeautifulSoup(client.get(path).content, "html.parser")


def _zone_titles(soup):
    return [card.get_text(" ", strip=True) for card in soup.select(".browse__results .card")]


def _count(soup, facet, value):
    box = soup.find("input", attrs={"name": facet, "value": value})
    return None if box is None else box.parent.get_text(" ", strip=True)


def test_a_published_activity_is_found_listed_and_counted_at_the_next_request(client, corpus, hebei, vocab):
    assert _count(_zone(client), "sector", "education") == "教育 (3)"
    assert not any("地下水回补" in title for title in _search_titles(client, "地下水回补"))

    publish(ActivityPageFactory, hebei, "地下水回补示范活动", "", [vocab["education"]], [vocab["hebei"]])

    assert any("地下水回补" in title for title in _search_titles(client, "地下水回补"))
    zone = _zone(client)
    assert any("地下水回补" in title for title in _zone_titles(zone))
    assert _count(zone, "sector", "education") == "教育 (4)"


def test_an_unpublished_activity_disappears_from_search_listing_and_counts(client, corpus):
    assert any("进校园" in title for title in _search_titles(client, "进校园"))
    assert _count(_zone(client), "sector", "education") == "教育 (3)"

    corpus["school"].unpublish()

    assert not any("进校园" in title for title in _search_titles(client, "进校园"))
    zone = _zone(client)
    assert not any("进校园" in title for title in _zone_titles(zone))
    assert _count(zone, "sector", "education") == "教育 (2)"


def test_a_moved_activity_is_listed_and_counted_under_its_new_jurisdiction(client, corpus, hebei, shanxi):
    assert any("进校园" in title for title in _zone_titles(_zone(client, hebei.url)))
    assert _count(_zone(client), "jurisdiction", "hebei") == "河北 (2)"

    corpus["school"].move(shanxi, pos="last-child")

    assert not any("进校园" in title for title in _zone_titles(_zone(client, hebei.url)))
    assert any("进校园" in title for title in _zone_titles(_zone(client, shanxi.url)))


def test_a_deleted_activity_is_gone_from_search_and_counts(client, corpus):
    assert any("进校园" in title for title in _search_titles(client, "进校园"))
    Page.objects.get(pk=corpus["school"].pk).delete()
    assert not any("进校园" in title for title in _search_titles(client, "进校园"))
    assert _count(_zone(client), "sector", "education") == "教育 (2)"


def test_a_rating_counts_at_once_where_ratings_are_public(corpus, showcase):
    showcase.show_rating_badges = True
    showcase.save_revision().publish()
    request = SearchRequest(types=("activity", "video"), scope_path=showcase.path, facets=("rating",))
    assert search(request).facets["rating"] == []
    record_rating(corpus["school"], "A", None)
    assert [(value.value, value.count) for value in search(request).facets["rating"]] == [("A", 1)]


def test_a_second_worker_applies_only_the_pages_that_changed(corpus, hebei, vocab):
    other_worker = facet_index.FacetIndex()
    other_worker.sync()
    loaded_at = other_worker.loaded_at
    page = publish(ActivityPageFactory, hebei, "新发布的活动", "", [vocab["industry"]], [vocab["hebei"]])
    other_worker.sync()
    assert other_worker.loaded_at == loaded_at, "one published page does not reload everything"
    assert page.pk in other_worker.positions
    assert other_worker.bitset("sector", ["industry"]).bit_count() == 2
    assert other_worker.newest_ids(other_worker.bitset("type", ["activity"]), 0, 1) == [page.pk]


def test_a_change_committed_late_with_an_earlier_number_is_still_applied(corpus):
    """Two transactions may commit out of order: a change numbered below the last one seen is read again."""
    worker = facet_index.FacetIndex()
    SearchChange.objects.create(pk=1000, page_id=None)
    worker.sync()
    school = corpus["school"]
    Page.objects.filter(pk=school.pk).update(live=False)  # as if by the transaction that commits late
    SearchChange.objects.create(pk=999, page_id=school.pk)
    worker.sync()
    assert school.pk not in worker.newest_ids(worker.bitset("type", ["activity"]), 0, 10)


def test_reindexing_in_bulk_makes_every_worker_reload(corpus, hebei):
    from search.indexing import reindex

    worker = facet_index.FacetIndex()
    worker.sync()
    loaded_at = worker.loaded_at
    reindex()
    worker.sync()
    assert worker.loaded_at != loaded_at


def _nav(client, path):
    return BeautifulSoup(client.get(path).content, "html.parser").select_one(".site-nav").get_text(" ", strip=True)


def test_the_cached_navigation_and_footer_follow_a_publish_and_an_unpublish(client, campaign, showcase):
    assert "参与指南" not in _nav(client, "/zone/")
    guide = StandardPageFactory(parent=campaign, title="参与指南", slug="guide", show_in_menus=True)
    guide.save_revision().publish()
    assert "参与指南" in _nav(client, "/zone/")
    guide.unpublish()
    assert "参与指南" not in _nav(client, "/zone/")

    CampaignOrganizerFactory(page=campaign, name="节水办公室")
    campaign.save_revision().publish()
    footer = BeautifulSoup(client.get("/zone/").content, "html.parser").select_one(".site-footer").get_text()
    assert "节水办公室" in footer


def test_a_cached_card_follows_a_new_title_a_renamed_sector_and_a_renamed_unit(client, corpus, vocab):
    def card_of(page):
        for card in _zone(client).select(".browse__results .card"):
            if card.find("a", href=page.url):
                return card.get_text(" ", strip=True)
        return None

    school = corpus["school"]
    assert "节水宣传进校园活动" in card_of(school)
    assert card_of(school) == card_of(school), "the second rendering comes from the cache"

    school.title = "节水宣传进校园周"
    school.save_revision().publish()
    assert "节水宣传进校园周" in card_of(school)

    vocab["education"].name = "学校教育"
    vocab["education"].save()
    assert "学校教育" in card_of(school)

    school.unit.name = "石家庄市第一中学（本部）"
    school.unit.save()
    assert "石家庄市第一中学（本部）" in card_of(school)


def test_a_repeated_search_reuses_its_text_match_until_anything_is_published(corpus, hebei, vocab):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def full_text_queries():
        with CaptureQueriesContext(connection) as captured:
            result = search(SearchRequest(text="节水"))
        statements = [query["sql"] for query in captured.captured_queries]
        return result, sum(" MATCH " in sql or "@@" in sql for sql in statements)

    first, first_scans = full_text_queries()
    again, scans = full_text_queries()
    # SQLite ranks from what was kept too; PostgreSQL still asks the engine to rank, with the filters compiled in.
    assert scans < first_scans and [hit.page.pk for hit in again.hits] == [hit.page.pk for hit in first.hits]

    page = publish(ActivityPageFactory, hebei, "节水灌溉开放日", "", [vocab["agriculture"]], [vocab["hebei"]])

    fresh, scans = full_text_queries()
    assert scans == first_scans
    assert fresh.total == first.total + 1 and page.pk in [hit.page.pk for hit in fresh.hits]
