"""The index follows publishing, unpublishing, moves, restrictions, deletions and what documents borrow."""

import json
import logging

import pytest
from django.db import transaction
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch.serializer import JSONSerializer
from wagtail.models import PageViewRestriction

from search.elastic import sync
from search.elastic.documents import document_for
from showcase.models import ActivityPage, RecommendedSlot, record_rating
from tests.factories import ActivityPageFactory, RegionFactory, VideoPageFactory
from tests.search.elastic.recording import bulk_answer

pytestmark = pytest.mark.django_db

BULK = r"/jieshui-items/_bulk"
WRITE = "PUT|POST"
NEW_INDEX = "jieshui-items-20240501093000123456"


@pytest.fixture
def bulk(cassette):
    cassette.on(WRITE, BULK, bulk_answer(NEW_INDEX))
    return cassette


def _actions(cassette):
    return [action for request in cassette.requests_to(WRITE, BULK) for action in request.bulk_actions]


def _as_sent(document):
    return json.loads(JSONSerializer().dumps(document.to_dict()))


def test_publishing_sends_the_pages_document_through_the_alias(bulk, hebei, django_capture_on_commit_callbacks):
    page = ActivityPageFactory(parent=hebei, title="节水宣传进校园活动", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    [request] = bulk.requests_to(WRITE, BULK)
    assert request.params == {"require_alias": "true"}
    [(action, metadata, source)] = request.bulk_actions
    assert (action, metadata) == ("index", {"_id": str(page.pk)})
    assert source == _as_sent(document_for(page))
    assert source["title"] == "节水宣传进校园活动"


def test_publishing_a_page_that_is_not_an_item_sends_nothing(bulk, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        campaign.save_revision().publish()
    assert bulk.requests == []


def test_unpublishing_deletes_the_document(bulk, hebei, django_capture_on_commit_callbacks):
    page = ActivityPageFactory(parent=hebei)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert _actions(bulk) == [("delete", {"_id": str(page.pk)}, None)]


def test_deleting_a_page_deletes_its_document(bulk, elastic_signals, hebei, django_capture_on_commit_callbacks):
    page = ActivityPageFactory(parent=hebei)
    page_id = page.pk
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert {(action, metadata["_id"]) for action, metadata, _source in _actions(bulk)} == {("delete", str(page_id))}


def test_deleting_a_jurisdiction_page_deletes_the_documents_below(
    bulk, elastic_signals, hebei, django_capture_on_commit_callbacks
):
    items = [ActivityPageFactory(parent=hebei), VideoPageFactory(parent=hebei)]
    ids = {str(item.pk) for item in items}
    with django_capture_on_commit_callbacks(execute=True):
        hebei.delete()
    assert {metadata["_id"] for action, metadata, _source in _actions(bulk) if action == "delete"} >= ids
    assert all(action == "delete" for action, _metadata, _source in _actions(bulk))


def test_a_draft_is_never_sent(bulk, elastic_signals, hebei, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = ActivityPageFactory(parent=hebei, live=False, title="草稿活动")
        draft.title = "草稿活动（修改）"
        draft.save_revision()
        sync.refresh_page(draft)
    assert _actions(bulk) == [("delete", {"_id": str(draft.pk)}, None)]


def test_a_new_draft_of_a_live_page_does_not_replace_the_live_document(bulk, hebei, django_capture_on_commit_callbacks):
    page = ActivityPageFactory(parent=hebei, title="已发布的标题")
    page.title = "草稿里的新标题"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()
        sync.refresh_page(page)
    [(action, _metadata, source)] = _actions(bulk)
    assert (action, source["title"]) == ("index", "已发布的标题")


def test_a_view_restriction_takes_the_pages_below_out_and_sends_none_of_them(
    bulk, hebei, shanxi, django_capture_on_commit_callbacks
):
    restricted = [ActivityPageFactory(parent=hebei), VideoPageFactory(parent=hebei)]
    ActivityPageFactory(parent=shanxi)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=hebei, restriction_type=PageViewRestriction.LOGIN)
    actions = _actions(bulk)
    assert {metadata["_id"] for _action, metadata, _source in actions} >= {str(page.pk) for page in restricted}
    assert all(action == "delete" for action, _metadata, _source in actions)


def test_publishing_under_a_restriction_sends_nothing_but_a_delete(bulk, hebei, django_capture_on_commit_callbacks):
    PageViewRestriction.objects.create(page=hebei, restriction_type=PageViewRestriction.PASSWORD, password="x")
    page = ActivityPageFactory(parent=hebei, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert _actions(bulk) == [("delete", {"_id": str(page.pk)}, None)]


def test_a_move_reindexes_the_page_with_its_new_jurisdiction(bulk, hebei, shanxi, django_capture_on_commit_callbacks):
    page = ActivityPageFactory(parent=hebei)
    with django_capture_on_commit_callbacks(execute=True):
        page.move(shanxi, pos="last-child")
    sources = [source for action, metadata, source in _actions(bulk) if metadata["_id"] == str(page.pk)]
    assert sources
    assert {source["jurisdiction"] for source in sources} == {"shanxi"}


def test_a_rolled_back_publish_never_reaches_the_index(bulk, hebei, django_capture_on_commit_callbacks):
    page = ActivityPageFactory(parent=hebei, live=False)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        raise RuntimeError("the save failed after publishing")
    assert bulk.requests == []


def test_elasticsearch_down_never_fails_a_publish(cassette, hebei, caplog, django_capture_on_commit_callbacks):
    def refuse(request):
        raise TransportConnectionError("Connection refused")

    cassette.on(WRITE, BULK, refuse)
    page = ActivityPageFactory(parent=hebei, live=False)
    with (
        caplog.at_level(logging.WARNING, logger="search.elastic.sync"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page.save_revision().publish()
    assert ActivityPage.objects.get(pk=page.pk).live
    assert "the sync is retried" in caplog.text
    assert str(page.pk) in caplog.text


def test_an_overloaded_cluster_is_logged_too(cassette, hebei, caplog, django_capture_on_commit_callbacks):
    cassette.on(WRITE, BULK, "error_unavailable", status=503)
    page = ActivityPageFactory(parent=hebei, live=False)
    with (
        caplog.at_level(logging.WARNING, logger="search.elastic.sync"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page.save_revision().publish()
    assert "cluster_block_exception" in caplog.text


def test_writes_before_the_first_rebuild_are_refused_not_guessed(cassette, hebei, caplog):
    cassette.on(WRITE, BULK, "bulk_alias_missing")
    page = ActivityPageFactory(parent=hebei)
    with caplog.at_level(logging.WARNING, logger="search.elastic.sync"):
        assert sync.apply_now([page.pk]) is False
    assert "index_not_found_exception" in caplog.text


def test_deleting_what_is_not_there_is_fine(bulk, hebei, caplog):
    cassette_answer = {
        "errors": False,
        "items": [{"delete": {"_index": NEW_INDEX, "_id": "58", "status": 404, "result": "not_found"}}],
    }
    bulk.routes.insert(0, type(bulk.routes[0])(WRITE, bulk.routes[0].path, cassette_answer, times=1))
    with caplog.at_level(logging.WARNING, logger="search.elastic.sync"):
        assert sync.apply_now([58]) is True
    assert caplog.text == ""


def test_a_recommended_slot_marks_the_item_featured(
    bulk, elastic_signals, showcase, hebei, django_capture_on_commit_callbacks
):
    page = ActivityPageFactory(parent=hebei)
    with django_capture_on_commit_callbacks(execute=True):
        slot = RecommendedSlot.objects.create(showcase=showcase, item=page)
    [(action, metadata, source)] = _actions(bulk)
    assert (action, metadata["_id"], source["featured_periods"]) == ("index", str(page.pk), [{}])
    with django_capture_on_commit_callbacks(execute=True):
        slot.delete()
    assert "featured_periods" not in _actions(bulk)[-1][2]


def test_a_rating_is_indexed_where_the_zone_shows_ratings(
    bulk, elastic_signals, showcase, hebei, django_capture_on_commit_callbacks
):
    page = ActivityPageFactory(parent=hebei)
    with django_capture_on_commit_callbacks(execute=True):
        record_rating(page, "A", None)
    assert "rating" not in _actions(bulk)[-1][2]
    with django_capture_on_commit_callbacks(execute=True):
        showcase.show_rating_badges = True
        showcase.save_revision().publish()
    sources = {metadata["_id"]: source for action, metadata, source in _actions(bulk)[1:] if action == "index"}
    assert sources[str(page.pk)]["rating"] == "A"


def test_a_zone_draft_or_an_unrelated_change_reindexes_nothing(
    bulk, elastic_signals, showcase, hebei, django_capture_on_commit_callbacks
):
    ActivityPageFactory(parent=hebei)
    with django_capture_on_commit_callbacks(execute=True):
        showcase.show_rating_badges = True
        showcase.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        showcase.refresh_from_db()
        showcase.introduction = "新的介绍"
        showcase.save()
    assert _actions(bulk) == []


def test_renaming_a_unit_reindexes_its_items(bulk, elastic_signals, hebei, django_capture_on_commit_callbacks):
    page = ActivityPageFactory(parent=hebei)
    unit = page.unit
    with django_capture_on_commit_callbacks(execute=True):
        unit.save()
    assert _actions(bulk) == []
    with django_capture_on_commit_callbacks(execute=True):
        unit.name = "石家庄市节约用水办公室"
        unit.save()
    [(action, metadata, source)] = _actions(bulk)
    assert (action, metadata["_id"]) == ("index", str(page.pk))
    assert source["names"][0] == "石家庄市节约用水办公室"


def test_changing_a_provinces_slug_reindexes_the_items_of_its_cities(
    bulk, elastic_signals, hebei, django_capture_on_commit_callbacks
):
    province = RegionFactory(name="河北省", slug="hebei")
    city = RegionFactory(name="石家庄市", slug="shijiazhuang", parent=province)
    page = ActivityPageFactory(parent=hebei)
    page.regions.add(city)
    page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        province.slug = "hebei-province"
        province.save()
    [(_action, _metadata, source)] = _actions(bulk)
    assert source["regions"] == ["hebei-province", "shijiazhuang"]


def test_many_pages_go_in_bulk_requests_of_bounded_size(bulk, hebei, monkeypatch):
    monkeypatch.setattr(sync, "BATCH_SIZE", 2)
    pages = [ActivityPageFactory(parent=hebei) for _ in range(3)]
    assert sync.apply_now([page.pk for page in pages]) is True
    assert [len(request.bulk_actions) for request in bulk.requests_to(WRITE, BULK)] == [2, 1]


def test_disconnected_signals_send_nothing(bulk, hebei, showcase, django_capture_on_commit_callbacks):
    page = ActivityPageFactory(parent=hebei)
    with django_capture_on_commit_callbacks(execute=True):
        RecommendedSlot.objects.create(showcase=showcase, item=page)
    assert bulk.requests == []
