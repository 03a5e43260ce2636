import pytest

from search.elastic import client as elastic_client
from search.elastic import sync
from tests.search.elastic.recording import FAKE_URL, Cassette, recording_client

ALIAS = "jieshui-items"


@pytest.fixture
def cassette(settings, monkeypatch):
    """Elasticsearch configured, answered by recorded responses; fails the test on a request nobody expected."""
    settings.ELASTICSEARCH_URL = FAKE_URL
    settings.ELASTICSEARCH_INDEX = ALIAS
    settings.ELASTICSEARCH_TIMEOUT = 2.0
    tape = Cassette()
    client = recording_client(tape)
    monkeypatch.setattr(elastic_client, "get_client", lambda: client)
    yield tape
    client.close()
    assert tape.unexpected == [], f"requests with no recorded answer: {tape.unexpected}"


@pytest.fixture
def elastic_signals():
    """The signals ``search.apps`` connects when ELASTICSEARCH_URL is set at start-up."""
    sync.connect()
    yield
    sync.disconnect()


@pytest.fixture(autouse=True)
def _fresh_clients():
    yield
    elastic_client.reset_clients()
