"""The public pages while Elasticsearch is configured but away: refused connections and a cluster that never answers.

Both answer from the database, log the outage once, and (for the silent
cluster) wait for it once per retry period rather than once per search: the
server below counts the connections it is offered.
"""

import logging
import socket
import threading

import pytest
from bs4 import BeautifulSoup

from search import service
from search.elastic import client as elastic_client

pytestmark = pytest.mark.django_db

OUTAGE = "Elasticsearch unavailable"


class SilentCluster:
    """Accepts connections and never answers, like a cluster stuck in garbage collection."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.connections:
            connection.close()


def _use_elasticsearch_at(settings, url):
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_TIMEOUT = 0.3
    elastic_client.reset_clients()
    service._elasticsearch_down_since = None


@pytest.fixture
def refused(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _use_elasticsearch_at(settings, f"http://127.0.0.1:{port}")
    yield
    elastic_client.reset_clients()
    service._elasticsearch_down_since = None


@pytest.fixture
def silent(settings):
    cluster = SilentCluster()
    _use_elasticsearch_at(settings, f"http://127.0.0.1:{cluster.port}")
    yield cluster
    elastic_client.reset_clients()
    service._elasticsearch_down_since = None
    cluster.close()


def _titles(response, selector):
    return [title.get_text() for title in BeautifulSoup(response.content, "html.parser").select(selector)]


def _outage_warnings(caplog):
    return [record for record in caplog.records if OUTAGE in record.getMessage()]


@pytest.mark.parametrize("cluster", ["refused", "silent"])
def test_the_search_page_and_the_zone_work_and_the_outage_is_logged_once(cluster, request, client, corpus, caplog):
    request.getfixturevalue(cluster)
    with caplog.at_level(logging.WARNING, logger="search.service"):
        pages = [
            client.get("/search/", {"q": "节水"}),
            client.get("/search/", {"q": "灌溉"}),
            client.get("/search/suggest/", {"q": "灌溉"}),
            client.get(corpus["school"].get_parent().get_parent().url),
        ]
    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert "节水宣传进校园活动" in _titles(pages[0], ".search-result__title")
    assert _titles(pages[1], ".search-result__title") == ["高效节水灌溉现场会"]
    assert pages[2].json()["suggestions"] == ["高效节水灌溉现场会"]
    assert "钢铁企业废水循环利用开放日" in pages[3].content.decode()
    assert len(_outage_warnings(caplog)) == 1


def test_a_silent_cluster_is_waited_for_once_not_on_every_search(silent, client, corpus):
    for text in ("节水", "灌溉", "世界水日", "工业"):
        assert client.get("/search/", {"q": text}).status_code == 200
    assert len(silent.connections) == 1, "after one timeout the database answers alone until the retry period ends"
