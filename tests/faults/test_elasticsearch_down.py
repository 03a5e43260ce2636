"""Elasticsearch refuses the bulk writes of 20 publishes, then accepts them: the index gets all 20, with no command."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tasks import TaskResultStatus

from config.background import backoff
from search.elastic import client as elastic_client
from search.elastic import sync
from tests.factories import ActivityPageFactory
from tests.search.elastic.recording import RESPONSE_HEADERS

from .conftest import advance_clock, run_due_tasks, statuses

pytestmark = pytest.mark.django_db

ALIAS = "jieshui-items"
SYNC_TASK = "search.elastic.sync.sync_pages"
PUBLISHES = 20


class StandInElasticsearch(ThreadingHTTPServer):
    """A loopback HTTP server answering ``PUT /<alias>/_bulk`` as Elasticsearch 8 does, or refusing with 503."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), BulkHandler)
        self.accepting = False
        self.documents = {}
        self.refused = 0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class BulkHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        """Quiet: the test reads the server's state, not its log."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        if not self.path.split("?")[0].endswith(f"/{ALIAS}/_bulk"):
            return self._answer(404, {"error": {"type": "not_found"}, "status": 404})
        if not self.server.accepting:
            self.server.refused += 1
            return self._answer(503, {"error": {"type": "cluster_block_exception"}, "status": 503})
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        items = []
        while lines:
            action, metadata = next(iter(lines.pop(0).items()))
            if action == "index":
                self.server.documents[metadata["_id"]] = lines.pop(0)
            else:
                self.server.documents.pop(metadata["_id"], None)
            items.append({action: {"_index": ALIAS, "_id": metadata["_id"], "status": 200, "result": "updated"}})
        return self._answer(200, {"took": 1, "errors": False, "items": items})

    do_PUT = do_POST

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        for name, value in RESPONSE_HEADERS.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def elasticsearch(task_queue):
    server = StandInElasticsearch()
    server.thread.start()
    task_queue.ELASTICSEARCH_URL = server.url
    task_queue.ELASTICSEARCH_INDEX = ALIAS
    elastic_client.reset_clients()
    sync.connect()
    yield server
    sync.disconnect()
    elastic_client.reset_clients()
    server.shutdown()
    server.server_close()


def test_the_index_receives_every_publish_once_elasticsearch_answers(
    elasticsearch, hebei, django_capture_on_commit_callbacks
):
    pages = [ActivityPageFactory(parent=hebei, live=False, title=f"节水宣传第{n}场") for n in range(PUBLISHES)]
    for page in pages:
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    run_due_tasks()
    assert elasticsearch.refused >= PUBLISHES
    assert elasticsearch.documents == {}
    assert statuses(SYNC_TASK) == [TaskResultStatus.READY], "every sync waits for a retry"

    elasticsearch.accepting = True
    advance_clock(backoff(1).total_seconds())
    run_due_tasks()
    assert statuses(SYNC_TASK) == [TaskResultStatus.SUCCESSFUL]
    assert sorted(elasticsearch.documents) == sorted(str(page.pk) for page in pages)
    assert {document["title"] for document in elasticsearch.documents.values()} == {page.title for page in pages}
