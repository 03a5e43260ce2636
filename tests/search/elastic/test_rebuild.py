"""``search_rebuild_elasticsearch``: a new index, filled, then the alias moved in one step, the old one deleted."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from elastic_transport import ConnectionError as TransportConnectionError
from wagtail.models import PageViewRestriction

from tests.factories import ActivityPageFactory, NewsPageFactory, VideoPageFactory
from tests.search.elastic.recording import bulk_answer

pytestmark = pytest.mark.django_db

ALIAS = "jieshui-items"
NEW = r"/jieshui-items-\d{20}"
OLD_INDEX = "jieshui-items-20240301080000000000"
WRITE = "PUT|POST"


@pytest.fixture
def items(campaign, news_index, hebei, shanxi):
    published = [ActivityPageFactory(parent=hebei), VideoPageFactory(parent=shanxi), NewsPageFactory(parent=news_index)]
    ActivityPageFactory(parent=hebei, live=False)
    restricted = ActivityPageFactory(parent=shanxi)
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    return published


def _cluster_with_alias(cassette, on_bulk=None):
    answer = bulk_answer("jieshui-items-new")
    cassette.on("GET", "/", "info")
    cassette.on("PUT", NEW, "index_created")
    cassette.on(WRITE, NEW + "/_bulk", on_bulk or answer)
    cassette.on("POST", NEW + "/_refresh", "refreshed")
    cassette.on("HEAD", f"/_alias/{ALIAS}", {})
    cassette.on("GET", f"/_alias/{ALIAS}", "alias_get")
    cassette.on("POST", "/_aliases", "acknowledged")
    cassette.on("DELETE", f"/{OLD_INDEX}", "acknowledged")
    cassette.on(WRITE, f"/{ALIAS}/_bulk", answer)
    return cassette


def _rebuild(*args, language="en"):
    stdout, stderr = io.StringIO(), io.StringIO()
    with translation.override(language):
        call_command("search_rebuild_elasticsearch", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue()


def test_a_rebuild_fills_a_new_index_then_moves_the_alias_then_deletes_the_old(cassette, items):
    _cluster_with_alias(cassette)
    output = _rebuild()
    new_index = cassette.requests[1].path.lstrip("/")
    assert re.fullmatch(r"jieshui-items-\d{20}", new_index)
    assert new_index > OLD_INDEX
    steps = [(request.method, request.path.replace(new_index, "<new>")) for request in cassette.requests]
    assert steps == [
        ("GET", "/"),
        ("PUT", "/<new>"),
        ("PUT", "/<new>/_bulk"),
        ("POST", "/<new>/_refresh"),
        ("HEAD", "/_alias/jieshui-items"),
        ("GET", "/_alias/jieshui-items"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{OLD_INDEX}"),
    ]
    assert f"Indexed 3 pages into {new_index}; jieshui-items now points to it." in output
    assert OLD_INDEX in output


def test_the_new_index_gets_the_mapping(cassette, items):
    _cluster_with_alias(cassette)
    _rebuild()
    [created] = cassette.requests_to("PUT", NEW)
    assert created.body["mappings"]["properties"]["title"]["analyzer"] == "chinese_index"
    assert created.body["settings"]["analysis"]["filter"]["cjk_pairs_and_characters"]["output_unigrams"] is True


def test_only_live_public_items_are_indexed(cassette, items):
    _cluster_with_alias(cassette)
    _rebuild()
    actions = [action for request in cassette.requests_to(WRITE, NEW + "/_bulk") for action in request.bulk_actions]
    assert sorted(int(metadata["_id"]) for _action, metadata, _source in actions) == sorted(p.pk for p in items)
    assert {action for action, _metadata, _source in actions} == {"index"}
    assert {source["type"] for _action, _metadata, source in actions} == {"activity", "video", "news"}


def test_the_alias_moves_in_one_request(cassette, items):
    _cluster_with_alias(cassette)
    _rebuild()
    [switch] = cassette.requests_to("POST", "/_aliases")
    new_index = cassette.requests_to("PUT", NEW)[0].path.lstrip("/")
    assert switch.body == {
        "actions": [
            {"add": {"index": new_index, "alias": ALIAS}},
            {"remove": {"index": OLD_INDEX, "alias": ALIAS}},
        ]
    }


def test_batches_are_bounded(cassette, items):
    _cluster_with_alias(cassette)
    _rebuild("--batch-size", "2")
    assert [len(request.bulk_actions) for request in cassette.requests_to(WRITE, NEW + "/_bulk")] == [2, 1]


def test_a_first_rebuild_just_adds_the_alias(cassette, items):
    cassette.on("HEAD", f"/_alias/{ALIAS}", {}, status=404)
    cassette.on("HEAD", f"/{ALIAS}", {}, status=404)
    _cluster_with_alias(cassette)
    _rebuild()
    [switch] = cassette.requests_to("POST", "/_aliases")
    assert [next(iter(action)) for action in switch.body["actions"]] == ["add"]
    assert cassette.requests_to("DELETE", ".*") == []


def test_an_index_in_the_aliases_place_is_replaced_in_the_same_request(cassette, items):
    cassette.on("HEAD", f"/_alias/{ALIAS}", {}, status=404)
    cassette.on("HEAD", f"/{ALIAS}", {})
    _cluster_with_alias(cassette)
    _rebuild()
    [switch] = cassette.requests_to("POST", "/_aliases")
    assert switch.body["actions"][1] == {"remove_index": {"index": ALIAS}}


def test_a_page_published_during_the_rebuild_reaches_the_new_index(cassette, items, hebei):
    late = ActivityPageFactory(parent=hebei, live=False, title="重建期间发布的活动")
    fill = bulk_answer("jieshui-items-new")

    def publish_while_filling(request):
        late.save_revision().publish()
        return fill(request)

    _cluster_with_alias(cassette, on_bulk=publish_while_filling)
    _rebuild()
    [catch_up] = cassette.requests_to(WRITE, f"/{ALIAS}/_bulk")
    assert ("index", {"_id": str(late.pk)}) in [(action, metadata) for action, metadata, _ in catch_up.bulk_actions]


def test_the_progress_bar_counts_pages(cassette, items, capsys):
    _cluster_with_alias(cassette)
    _rebuild()
    assert "3/3" in capsys.readouterr().err


def test_no_url_is_an_error_that_changes_nothing(cassette, settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set") as error:
        _rebuild()
    assert "Nothing was changed." in str(error.value)
    assert cassette.requests == []


def test_errors_are_given_in_chinese_and_in_english(cassette, settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError) as error:
        _rebuild(language="zh-hans")
    translated, english = str(error.value).split("\n")
    assert re.search(r"[\u4e00-\u9fff]", translated)
    assert english.startswith("ELASTICSEARCH_URL is not set")


def test_an_unreachable_cluster_is_an_error_that_changes_nothing(cassette, settings, items):
    settings.ELASTICSEARCH_URL = "http://elastic:s3cret@search.internal:9200"

    def refuse(request):
        raise TransportConnectionError("Connection refused")

    cassette.on("GET", "/", refuse)
    with pytest.raises(CommandError) as error:
        _rebuild()
    message = str(error.value)
    assert "cannot be reached" in message
    assert "http://search.internal:9200" in message
    assert "s3cret" not in message
    assert [request.path for request in cassette.requests] == ["/"]


def test_a_refused_document_deletes_the_new_index_and_leaves_the_alias(cassette, items):
    cassette.on("GET", "/", "info")
    cassette.on("PUT", NEW, "index_created")
    cassette.on(WRITE, NEW + "/_bulk", "bulk_refused")
    cassette.on("DELETE", NEW, "acknowledged")
    with pytest.raises(CommandError, match="The rebuild failed") as error:
        _rebuild()
    assert "document_parsing_exception" in str(error.value)
    assert [request.method for request in cassette.requests] == ["GET", "PUT", "PUT", "DELETE"]
    assert cassette.requests[-1].path == cassette.requests[1].path
    assert cassette.requests_to("POST", "/_aliases") == []


def test_a_cluster_failing_midway_deletes_the_new_index(cassette, items):
    cassette.on("GET", "/", "info")
    cassette.on("PUT", NEW, "index_created")
    cassette.on(WRITE, NEW + "/_bulk", "error_unavailable", status=503)
    cassette.on("DELETE", NEW, "acknowledged")
    with pytest.raises(CommandError, match="searches still use the previous one"):
        _rebuild()
    assert cassette.requests_to("DELETE", NEW)
    assert cassette.requests_to("POST", "/_aliases") == []


def test_in_the_background_the_rebuild_is_queued_for_the_worker(settings, cassette):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    output = _rebuild("--in-background", "--batch-size", "50")
    [queued] = default_task_backend.results
    assert queued.task.module_path == "search.elastic.rebuild.rebuild_index"
    assert queued.args == [50]
    assert cassette.requests == [], "nothing is sent until the worker runs it"
    assert "queued" in output


def test_the_queued_rebuild_fails_while_the_cluster_is_away_so_the_worker_retries_it(cassette):
    from search.elastic.rebuild import rebuild_index

    def refuse(request):
        raise TransportConnectionError("Connection refused")

    cassette.on("GET", "/", refuse)
    with pytest.raises(CommandError):
        rebuild_index.call(50)
