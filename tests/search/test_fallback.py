"""Elasticsearch configured but down: the public search answers from the database, and says so once in the log."""

import logging
import socket

import pytest

from search import service
from search.elastic import client as elastic_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_elasticsearch(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    elastic_client.reset_clients()
    service._elasticsearch_down_since = None
    yield
    elastic_client.reset_clients()
    service._elasticsearch_down_since = None


def test_search_falls_back_to_the_database_and_logs_once(unreachable_elasticsearch, corpus, caplog):
    with caplog.at_level(logging.WARNING, logger="search.service"):
        first = service.search(text="节水")
        second = service.search(text="灌溉")
    assert first.engine == "database" and first.total == 4
    assert [hit.page.title for hit in second.hits] == ["高效节水灌溉现场会"]
    warnings = [record for record in caplog.records if "Elasticsearch unavailable" in record.getMessage()]
    assert len(warnings) == 1, "an outage is logged once, not once per search"


def test_suggestions_fall_back_too(unreachable_elasticsearch, corpus):
    assert service.suggest("灌溉") == ["高效节水灌溉现场会"]


def test_elasticsearch_is_tried_again_after_a_while(unreachable_elasticsearch, corpus, monkeypatch):
    service.search(text="节水")
    assert service._elasticsearch_usable() is False, "right after a failure the database answers alone"
    monkeypatch.setattr(service, "ELASTICSEARCH_RETRY_AFTER", -1)
    assert service._elasticsearch_usable() is True
