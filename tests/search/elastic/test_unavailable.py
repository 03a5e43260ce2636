"""When Elasticsearch is down, slow or overloaded the engine says so quickly, so the service can use the database."""

import socket
import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import BadRequestError

from search.elastic import ElasticsearchUnavailable, engine
from search.elastic import client as elastic_client
from search.segmentation import query_terms
from search.types import SearchRequest

SEARCH = r"/jieshui-items/_search"
# Time beyond the configured timeout that building and tearing down a request may take on a busy machine.
SLACK = 1.5


def _search(text="节水"):
    return engine.search(SearchRequest(text=text), query_terms(text))


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers: a cluster stuck in a long garbage collection."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


def test_a_refused_connection_is_unavailable_at_once(settings, closed_port):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    settings.ELASTICSEARCH_TIMEOUT = 2.0
    started = time.monotonic()
    with pytest.raises(ElasticsearchUnavailable, match="search failed"):
        _search()
    assert time.monotonic() - started < 2.0


def test_a_cluster_that_does_not_answer_is_unavailable_within_the_timeout(settings, silent_server):
    settings.ELASTICSEARCH_URL = silent_server
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    started = time.monotonic()
    with pytest.raises(ElasticsearchUnavailable):
        _search()
    elapsed = time.monotonic() - started
    assert 0.4 < elapsed < 0.5 + SLACK, "waited the timeout once, without retrying"


def test_typing_ahead_gives_up_as_quickly(settings, silent_server):
    settings.ELASTICSEARCH_URL = silent_server
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    started = time.monotonic()
    with pytest.raises(ElasticsearchUnavailable, match="suggest failed"):
        engine.suggest("节水")
    assert time.monotonic() - started < 0.5 + SLACK


@pytest.mark.parametrize(
    ("recording", "status"),
    [("error_unavailable", 503), ("error_index_missing", 404), ("error_rejected", 429)],
)
def test_server_errors_a_missing_index_and_overload_are_unavailable(cassette, recording, status):
    cassette.on("POST", SEARCH, recording, status=status)
    with pytest.raises(ElasticsearchUnavailable) as error:
        _search()
    assert error.value.__cause__.meta.status == status
    assert len(cassette.requests) == 1, "no retry"


def test_a_request_elasticsearch_cannot_parse_is_a_bug_not_an_outage(cassette):
    cassette.on("POST", SEARCH, "error_bad_request", status=400)
    with pytest.raises(BadRequestError):
        _search()


def test_a_server_that_is_not_elasticsearch_is_unavailable(cassette, monkeypatch):
    from tests.search.elastic import recording

    monkeypatch.setattr(recording, "RESPONSE_HEADERS", {"content-type": "application/json"})
    cassette.on("POST", SEARCH, "search_facets")
    with pytest.raises(ElasticsearchUnavailable):
        _search()


def test_the_client_is_shared_never_retries_and_waits_the_configured_time(settings):
    settings.ELASTICSEARCH_URL = "http://search.internal:9200"
    settings.ELASTICSEARCH_TIMEOUT = 1.25
    client = elastic_client.get_client()
    assert elastic_client.get_client() is client
    assert client._request_timeout == 1.25
    assert client._max_retries == 0
    assert client._retry_on_timeout is False
    assert client._retry_on_status == ()


def test_a_changed_setting_gives_a_new_client(settings):
    settings.ELASTICSEARCH_URL = "http://search.internal:9200"
    first = elastic_client.get_client()
    settings.ELASTICSEARCH_TIMEOUT = 0.75
    assert elastic_client.get_client() is not first


def test_no_url_is_a_configuration_error(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(ImproperlyConfigured):
        elastic_client.get_client()
