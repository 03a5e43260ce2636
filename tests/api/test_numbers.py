"""No number breaks the API: every id, count and date it takes, given any value, gets an answer, never a 5xx.

The parameters come from the OpenAPI document itself (every path and query
parameter that is an integer or a date, so a new one is covered the day it is
added), plus what the document cannot list: the field filters Wagtail's page
list takes (``?unit=…``), the ids in filing and review bodies, and the ids in
rich text links. Each is given oversized numbers (20 digits, 2**63), negative
ones, malformed ones (letters, fractions, nothing, ١٢, full-width １２) and
then random ones. The answer may be a result, a 404 or a problem document
naming the parameter; a refused write stores nothing.
"""

import json
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from campaign.api.schemas import rich_text_html
from config.api import api
from showcase.models import ActivityPage
from tests.api.conftest import API, FILING_DAY

pytestmark = pytest.mark.django_db

# Oversized (20 digits, 2**63, one past the largest id), negative, and malformed: letters, a fraction, nothing,
# Arabic-Indic and full-width digits, which Python's int() reads but the document does not promise.
NASTY = [
    "99999999999999999999",
    "-99999999999999999999",
    str(2**63),
    str(2**31),
    "-1",
    "abc",
    "1.5",
    "",
    "١٢",
    "１２",
]


def nasty_examples(test):
    """Try every value of ``NASTY`` first, on every run, whatever hypothesis draws after."""
    for value in reversed(NASTY):
        test = example(value=value)(test)
    return test


NUMBER_TEXT = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats().map(str),
    st.text(alphabet="0123456789١٢３４-+.eE _x", max_size=30),
)
JSON_NUMBER = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    NUMBER_TEXT,
    st.booleans(),
    st.none(),
)


def _numeric(schema):
    """Whether a parameter's schema is an integer or a date (directly, in an anyOf, or as an array's items)."""
    if schema.get("type") == "integer" or schema.get("format") == "date":
        return True
    parts = [*schema.get("anyOf", []), *([schema["items"]] if "items" in schema else [])]
    return any(_numeric(part) for part in parts)


def _documented_parameters():
    document = api.get_openapi_schema()
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            needs_token = {} not in operation.get("security", [{}])
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query") and _numeric(parameter["schema"]):
                    found.append((method, path, parameter["in"], parameter["name"], needs_token))
    return found


# Wagtail's page list filters by any API field of the page type asked for; these are its integer and date columns.
PAGE_FIELD_FILTERS = [
    ("", "id"),
    ("", "pk"),
    ("", "first_published_at"),
    ("showcase.ActivityPage", "unit"),
    ("showcase.ActivityPage", "lead_image"),
    ("showcase.ActivityPage", "participant_count"),
    ("showcase.ActivityPage", "starts_on"),
]
DOCUMENTED = _documented_parameters()


@pytest.fixture
def world(api_world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: FILING_DAY)
    return api_world


def _stored():
    return (Page.objects.count(), Revision.objects.count(), get_image_model().objects.count())


def _answered(response, stored_before=None):
    """The checks every answer passes: no server error, and a refusal is a problem document that stored nothing."""
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json", response.content
        assert response.json()["detail"]
        if stored_before is not None:
            assert _stored() == stored_before


def _in_rolled_back_transaction(request):
    with transaction.atomic():
        response = request()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(
    ("method", "path", "location", "name", "needs_token"),
    DOCUMENTED,
    ids=[f"{method} {path} {name}" for method, path, _location, name, _token in DOCUMENTED],
)
@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(value=NUMBER_TEXT)
@nasty_examples
def test_every_documented_number_and_date_parameter_answers_any_value(
    world, method, path, location, name, needs_token, value
):
    headers = world["editor"] if needs_token else {}
    query = {}
    if location == "path":
        path = path.replace("{" + name + "}", value)
    else:
        query[name] = value
    for other in set(_path_names(path)):
        path = path.replace("{" + other + "}", "1")
    client = Client()
    stored = _stored()
    body = "{}" if method in ("post", "patch") else None

    def send():
        if body is None:
            return client.generic(method.upper(), path, **({"QUERY_STRING": urlencode(query)} | headers))
        return client.generic(
            method.upper(), path + "?" + urlencode(query), body, content_type="application/json", **headers
        )

    response = _in_rolled_back_transaction(send)
    _answered(response, stored)
    if response.status_code == 422 and location == "query":
        assert [location, name] in [error["loc"][:2] for error in response.json()["errors"]]


def _path_names(path):
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


@pytest.mark.parametrize(("page_type", "name"), PAGE_FIELD_FILTERS, ids=[name for _type, name in PAGE_FIELD_FILTERS])
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(value=NUMBER_TEXT)
@nasty_examples
@example(value="9999-12-31T23:59:59-12:00")
@example(value="0001-01-01T00:00:00+14:00")
def test_the_page_lists_field_filters_answer_any_value(world, page_type, name, value):
    query = {name: value, **({"type": page_type} if page_type else {})}
    for headers in ({}, world["editor"]):
        response = _in_rolled_back_transaction(lambda: Client().get(f"{API}/pages/", query, **headers))  # noqa: B023
        _answered(response)


def _activity(world_showcase_id):
    return {
        "meta": {"showcase": world_showcase_id, "jurisdiction": "hebei"},
        "title": "节水宣传进社区",
        "summary": "社区居民学习家庭节水小窍门。",
        "starts_on": "2023-04-01",
        "ends_on": "2023-04-03",
        "venue": "石家庄市长安区",
        "sectors": ["school"],
        "regions": ["shijiazhuang"],
    }


def _set(document, pointer, value):
    *parents, last = pointer
    for key in parents:
        document = document[key]
    document[last] = value


# Where filing and review bodies carry numbers, as (operation, path in the body, body to put it in).
BODY_NUMBERS = [
    ("create", ("meta", "showcase"), {}),
    ("create", ("participant_count",), {}),
    ("create", ("lead_image",), {}),
    ("create", ("unit",), {}),
    ("create", ("progress_updates", 0, "id"), {"progress_updates": [{"date": "2023-04-01", "text": "开幕"}]}),
    ("create", ("body", 0, "value", 0, "image"), {"body": [{"type": "gallery", "value": [{"alt_text": "展板"}]}]}),
    ("create", ("body", 0, "value", "video"), {"body": [{"type": "uploaded_video", "value": {}}]}),
    ("update", ("participant_count",), {}),
    ("update", ("lead_image",), {}),
    ("update", ("progress_updates", 0, "id"), {"progress_updates": [{"date": "2023-04-01", "text": "开幕"}]}),
]


@pytest.mark.parametrize(
    ("operation", "pointer", "extra"),
    BODY_NUMBERS,
    ids=[f"{operation} {'.'.join(map(str, pointer))}" for operation, pointer, _extra in BODY_NUMBERS],
)
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(value=JSON_NUMBER)
@example(value=2**63)
@example(value=10**20)
@example(value=-1)
@example(value=1.5)
@example(value="١٢")
@example(value="１２")
@example(value="")
def test_numbers_in_filing_and_review_bodies_answer_any_value(world, operation, pointer, extra, value):
    showcase = Page.objects.get(slug="zone")
    body = _activity(showcase.pk) if operation == "create" else {}
    body.update(json.loads(json.dumps(extra)))
    _set(body, pointer, value)
    draft = Page.objects.get(title="尚未发布的草稿活动")
    path = "/filing/activities/" if operation == "create" else f"/filing/activities/{draft.pk}/"
    method = "post" if operation == "create" else "patch"
    stored = _stored()
    response = _in_rolled_back_transaction(
        lambda: getattr(Client(), method)(
            API + path, json.dumps(body), content_type="application/json", **world["editor"]
        )
    )
    _answered(response, stored)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(ident=NUMBER_TEXT, kind=st.sampled_from(["page", "document"]))
@example(ident="99999999999999999999", kind="page")
@example(ident="abc", kind="document")
def test_ids_in_rich_text_links_are_checked_before_anything_is_stored(world, ident, kind):
    """Wagtail looks a link's id up whenever the text is shown: a bad one stored would break every reading of it."""
    draft = Page.objects.get(title="尚未发布的草稿活动")
    outcomes = f'<p>见<a linktype="{kind}" id="{ident}">报道</a></p>'
    stored = _stored()

    def file_and_read():
        response = Client().patch(
            f"{API}/filing/activities/{draft.pk}/",
            json.dumps({"outcomes": outcomes}),
            content_type="application/json",
            **world["submitter"],
        )
        if response.status_code == 200:
            rich_text_html(ActivityPage.objects.get(pk=draft.pk).get_latest_revision_as_object().outcomes)
        return response

    response = _in_rolled_back_transaction(file_and_read)
    _answered(response, stored)
    if response.status_code == 422:
        assert ["body", "data", "outcomes"] in [error["loc"] for error in response.json()["errors"]]
