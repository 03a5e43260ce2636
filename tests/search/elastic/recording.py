"""Playing Elasticsearch's side of the conversation back, through the client's own transport.

The client under test is a real ``Elasticsearch`` client: it serializes the
request, checks the product header, raises its own exceptions for error
statuses and deserializes the answer. Only the HTTP node at the bottom of its
transport is replaced, by one that notes each request and answers from the
responses recorded under ``recorded/``, so what is tested is everything above
the socket, with no network.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch

RECORDED_DIR = Path(__file__).resolve().parent / "recorded"
FAKE_URL = "http://recorded.test:9200"
RESPONSE_HEADERS = {
    "content-type": "application/vnd.elasticsearch+json;compatible-with=8",
    "x-elastic-product": "Elasticsearch",
}


def recorded(name):
    """The body of a recorded response, by file name without ``.json``."""
    return json.loads((RECORDED_DIR / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Request:
    method: str
    path: str
    params: dict
    body: object

    @property
    def bulk_actions(self):
        """(action, metadata, source or None) for each operation of a ``_bulk`` request."""
        lines, actions = list(self.body or []), []
        while lines:
            header = lines.pop(0)
            action, metadata = next(iter(header.items()))
            source = lines.pop(0) if action in ("index", "create", "update") else None
            actions.append((action, metadata, source))
        return actions


@dataclass
class Route:
    method: str
    path: re.Pattern
    answer: object
    status: int = 200
    times: int | None = None
    used: int = 0

    def matches(self, method, path):
        return (
            re.fullmatch(self.method, method)
            and self.path.fullmatch(path)
            and (self.times is None or self.used < self.times)
        )


@dataclass
class Cassette:
    """The recorded answers a test expects to be asked for, and the requests that were made."""

    routes: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    unexpected: list = field(default_factory=list)

    def on(self, method, path, answer, status=200, times=None):
        """Answer requests whose method and path match the regular expressions ``method`` and ``path`` with ``answer``.

        ``answer`` is a recorded file's name, a dict, or a function of the
        ``Request`` returning a dict. Routes are tried in the order added.
        """
        self.routes.append(Route(method, re.compile(path), answer, status, times))
        return self

    def requests_to(self, method, path):
        return [
            request
            for request in self.requests
            if re.fullmatch(method, request.method) and re.fullmatch(path, request.path)
        ]

    def answer(self, method, target, body, headers):
        split = urlsplit(target)
        request = Request(method, split.path, dict(parse_qsl(split.query)), _parse_body(body, headers))
        self.requests.append(request)
        for route in self.routes:
            if route.matches(method, request.path):
                route.used += 1
                answer = route.answer
                if callable(answer):
                    answer = answer(request)
                elif isinstance(answer, str):
                    answer = recorded(answer)
                return route.status, answer
        self.unexpected.append(request)
        return 500, {"error": {"type": "unexpected_request", "reason": f"{method} {target}"}, "status": 500}


def _parse_body(body, headers):
    if not body:
        return None
    text = body.decode("utf-8")
    if "ndjson" in (headers or {}).get("content-type", ""):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


def node_class_for(cassette):
    class RecordedNode(BaseNode):
        def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
            status, answer = cassette.answer(method, target, body, headers)
            payload = b"" if method == "HEAD" else json.dumps(answer, ensure_ascii=False).encode("utf-8")
            meta = ApiResponseMeta(
                status=status,
                http_version="1.1",
                headers=HttpHeaders(RESPONSE_HEADERS),
                duration=0.001,
                node=self.config,
            )
            return NodeApiResponse(meta, payload)

        def close(self):
            pass

    return RecordedNode


def recording_client(cassette):
    return Elasticsearch(FAKE_URL, node_class=node_class_for(cassette), max_retries=0, retry_on_status=())


def bulk_answer(index_name):
    """A bulk response in the recorded shape, one item per operation of the request, all accepted.

    The recorded response (``bulk_mixed``) gives the shape; the ids come from
    the request, since page ids differ from one test database to the next.
    """
    template = recorded("bulk_mixed")
    index_item = template["items"][0]["index"]
    delete_item = template["items"][1]["delete"]

    def answer(request):
        items = []
        for action, metadata, _source in request.bulk_actions:
            item = dict(index_item if action == "index" else delete_item)
            item.update({"_index": index_name, "_id": metadata["_id"]})
            items.append({action: item})
        return {"errors": False, "took": template["took"], "items": items}

    return answer
