"""The OpenAPI document describes the whole API, and the server keeps to it under generated input (schemathesis).

Every operation is exercised with a few hundred generated requests, anonymous
and with a unit submitter's token, against a seeded database; no answer may be
a server error, and every answer must match its documented status, media type,
headers and schema.
"""

import datetime

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from tests.api.conftest import API, token_for
from tests.factories import UnitFactory, UnitMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 200
application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", application)


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_route_is_documented_with_its_errors(client):
    document = client.get(f"{API}/openapi.json").json()
    documented = {path.removeprefix("/api/v3/") for path in document["paths"]}
    routes = {route.replace("<int:", "{").replace("<", "{").replace(">", "}") for route in _routes(api.urls[0])}
    # The API's root and its own document and docs pages are not operations.
    assert routes - {"", "openapi.json", "docs/"} == documented

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "404", "422", "500"} <= set(responses), (method, path)
            problem = responses["422"]["content"]["application/problem+json"]["schema"]
            assert problem == {"$ref": "#/components/schemas/ProblemDetail"}
            if any("BearerTokenAuth" in entry for entry in operation["security"]):
                assert {"401", "403"} <= set(responses), (method, path)
            assert operation.get("summary"), (method, path)
    assert "AllowAnonymous" not in document["components"].get("securitySchemes", {})
    assert set(document["components"]["schemas"]["ProblemDetail"]["required"]) == {"type", "title", "status"}


def test_the_interactive_docs_are_served_without_a_cdn(client):
    page = client.get(f"{API}/docs/")
    assert page.status_code == 200
    assert b"/static/ninja/swagger-ui" in page.content
    assert b"cdn.jsdelivr.net" not in page.content


@pytest.fixture
def connections_kept_open():
    """Schemathesis calls the WSGI application directly, so Django's request signals close the connection after each
    request, as they should in production; inside the test's transaction (PostgreSQL) that would end the test's
    connection. Django's own test client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(published, hebei, monkeypatch, connections_kept_open):
    """The API tests' campaign, a unit submitter with a token, an open filing window and no rate limits in the way."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2023, 4, 1))
    unit = UnitFactory(jurisdiction=hebei.jurisdiction)
    submitter = UserFactory(groups=[hebei.jurisdiction.submitters])
    UnitMemberFactory(user=submitter, unit=unit)
    return token_for(submitter)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_generated_requests_get_documented_answers(case, seeded):
    cache.clear()
    token = seeded if case.operation.definition.raw.get("security", [{}]) != [{}] else {}
    headers = {"Authorization": token["HTTP_AUTHORIZATION"]} if token else {}
    # Each request in a savepoint, as each is its own transaction in production: a refused query spoils no other.
    with transaction.atomic():
        case.call_and_validate(app=application, headers=headers, checks=CHECKS)
