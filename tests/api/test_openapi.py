"""The OpenAPI document describes the whole API, and the server keeps to it under generated input (schemathesis).

Every operation is sent requests generated from the document itself: the
boundary values of every parameter (an id of 2147483647 and of 2147483648, the
longest text and one character more, each enum value), then random ones, all
derived deterministically so a failure is reproduced by running the test again.
Anonymous operations are called without a token; operations that take one are
called with a unit submitter's, a jurisdiction moderator's and a national
editor's (their requests reach validation and the rules behind it, which an
anonymous request never does). No answer may be a server error; a request the
document calls valid may only be refused for who asks (401, 403), what exists
(404) or its state (409), never as malformed (400, 422); and every answer must
match its documented status, media type, headers and schema. Schema-invalid
requests (the negative cases) are sent with the editor's token, whose rights
let them reach furthest, and anonymously.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.images.tests.utils import get_test_image_file

from config.api import api
from tests.api.conftest import API, FILING_DAY

pytestmark = pytest.mark.django_db

# Random requests per operation and identity, after the boundary cases where there are some (anonymous, editor);
# the moderator and the submitter get random requests only, more of them. The test stays near a minute.
EXAMPLES_PER_OPERATION = 8
EXAMPLES_PER_ROLE_OPERATION = 15
application = get_wsgi_application()


def _schema(*modes, boundaries=True):
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", application)
    schema.config.generation.update(modes=list(modes))
    schema.config.phases.coverage.enabled = boundaries
    return schema


def _security(context):
    return context.operation.definition.raw.get("security", [{}])


def _anonymous_allowed(context):
    return {} in _security(context)


def _takes_a_token(context):
    return any("BearerTokenAuth" in entry for entry in _security(context))


anonymous_schema = _schema(GenerationMode.POSITIVE, GenerationMode.NEGATIVE).include(_anonymous_allowed)
editor_schema = _schema(GenerationMode.POSITIVE, GenerationMode.NEGATIVE).include(_takes_a_token)
# The boundary cases are the editor's to send; what a moderator or submitter adds is how their rights answer.
role_schema = _schema(GenerationMode.POSITIVE, boundaries=False).include(_takes_a_token)


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
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
def world(api_world, monkeypatch):
    """The module's campaign, on a day its filing window is open, so that writes meet the rules and not the calendar."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: FILING_DAY)
    return api_world


CHECKS = [
    not_a_server_error,
    positive_data_acceptance,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
]
GENERATED = settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
GENERATED_FOR_ROLES = settings(GENERATED, max_examples=EXAMPLES_PER_ROLE_OPERATION)
# No schema can say that a file's bytes are an image: a valid upload carries a real one.
IMAGE = get_test_image_file().file.getvalue()


def _call(case, token=None):
    cache.clear()
    if isinstance(case.body, dict) and "file" in case.body and case.meta.generation.mode.is_positive:
        case.body["file"] = IMAGE
    headers = {"Authorization": token["HTTP_AUTHORIZATION"]} if token else {}
    # Each request in its own transaction, rolled back: every case meets the same campaign (the item still waiting
    # for review, the draft still a draft), and a refused query spoils no other case.
    with transaction.atomic():
        case.call_and_validate(app=application, headers=headers, checks=CHECKS)
        transaction.set_rollback(True)


@anonymous_schema.parametrize()
@GENERATED
def test_anonymous_requests_get_documented_answers(case, world):
    _call(case)


@editor_schema.parametrize()
@GENERATED
def test_a_national_editors_requests_get_documented_answers(case, world):
    _call(case, world["editor"])


@role_schema.parametrize()
@GENERATED_FOR_ROLES
def test_a_moderators_valid_requests_are_answered(case, world):
    _call(case, world["moderator"])


@role_schema.parametrize()
@GENERATED_FOR_ROLES
def test_a_submitters_valid_requests_are_answered(case, world):
    _call(case, world["submitter"])
