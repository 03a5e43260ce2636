"""API errors speak the reader's language and say what to send: Chinese by default, English on request.

pydantic, django-ninja and Wagtail write English only ("Input should be less
than or equal to 100", "limit cannot be higher than 100", "Field required");
each error here comes from one of them and must arrive as our own message,
with its ``loc`` and the numbers of its limit.
"""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from wagtail.images import get_image_model

from campaign.api.errors import GENERIC, MESSAGES, localize
from config.api import api
from tests.api.conftest import API, token_for
from tests.factories import UnitFactory, UnitMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_LIBRARY_WORDING = re.compile(
    r"Input should|Field required|Validation failed|String should|Value error|cannot be higher|Cannot parse|"
    r"Unprocessable Entity|Bad Request|Not Found|Unauthorized"
)


@pytest.fixture
def submitter(hebei):
    user = UserFactory(groups=[hebei.jurisdiction.submitters])
    UnitMemberFactory(user=user, unit=UnitFactory(jurisdiction=hebei.jurisdiction))
    return token_for(user)


def _json_post(path, body):
    return {"path": path, "data": body, "content_type": "application/json"}


# (what the user did, the request, the status, where the error is, the English message of the first error there)
CASES = [
    (
        "a limit over 100",
        ("get", {"path": "/news/", "data": {"limit": 1000}}),
        422,
        ["query", "limit"],
        "Enter a number of at most 100.",
    ),
    (
        "a limit over 100 on Wagtail's page list",
        ("get", {"path": "/pages/", "data": {"limit": 1000}}),
        422,
        ["query", "limit"],
        "Enter a number of at most 100.",
    ),
    (
        "an id beyond any row",
        ("get", {"path": "/news/", "data": {"campaign": str(2**63)}}),
        422,
        ["query", "campaign"],
        "Enter a number of at most 2147483647.",
    ),
    (
        "letters for an id",
        ("get", {"path": "/news/", "data": {"campaign": "abc"}}),
        422,
        ["query", "campaign"],
        "Enter a whole number written with the digits 0–9, such as 12.",
    ),
    (
        "full-width digits for a page",
        ("get", {"path": "/search/", "data": {"page": "１２"}}),
        422,
        ["query", "page"],
        "Enter a whole number written with the digits 0–9, such as 12.",
    ),
    (
        "0 for a date",
        ("get", {"path": "/news/", "data": {"date_to": "0"}}),
        422,
        ["query", "date_to"],
        "Enter a date as YYYY-MM-DD, such as 2023-03-22.",
    ),
    (
        "an unknown order",
        ("get", {"path": "/activities/", "data": {"order": "popular"}}),
        422,
        ["query", "order"],
        "Choose one of: 'newest', 'oldest', 'starts_on', '-starts_on', 'most_viewed'.",
    ),
    (
        "a search text over 200 characters",
        ("get", {"path": "/search/", "data": {"q": "节" * 201}}),
        422,
        ["query", "q"],
        "Shorten this to at most 200 characters.",
    ),
    (
        "21 sector filters",
        ("get", {"path": "/activities/", "data": {"sector": [f"s{n}" for n in range(21)]}}),
        422,
        ["query", "sector"],
        "Give at most 20 items.",
    ),
    (
        "a control character in a filter",
        ("get", {"path": "/activities/", "data": {"sector": "school\t"}}),
        422,
        ["query", "sector", 0],
        "Remove the control characters (such as tabs or line breaks) from this value.",
    ),
    (
        "an empty suggestion prefix",
        ("get", {"path": "/search/suggest/", "data": {"q": ""}}),
        422,
        ["query", "q"],
        "This field cannot be empty.",
    ),
    (
        "a word for a yes-or-no filter",
        ("get", {"path": "/news/", "data": {"bulletin": "maybe"}}),
        422,
        ["query", "bulletin"],
        "Enter true or false.",
    ),
    (
        "letters for a field filter of the page list",
        ("get", {"path": "/pages/", "data": {"type": "showcase.ActivityPage", "unit": "abc"}}),
        422,
        ["query", "unit"],
        "“abc” is not a valid value for the filter “unit”.",
    ),
    (
        "a page id for child_of that is no public page",
        ("get", {"path": "/pages/", "data": {"child_of": "99999"}}),
        404,
        None,
        None,
    ),
    (
        "a body without its required fields",
        ("post", _json_post("/filing/activities/", {})),
        422,
        ["body", "data", "meta"],
        "This field is required.",
    ),
    (
        "a misspelt body field",
        ("post", _json_post("/filing/activities/", {"titel": "节水"})),
        422,
        ["body", "data", "titel"],
        "This field is not accepted here: remove it, or check its spelling in the API documentation.",
    ),
    ("a body that is not JSON", ("post", _json_post("/filing/activities/", "{title: 节水")), 400, None, None),
    ("NaN in a body", ("post", _json_post("/filing/activities/", '{"participant_count": NaN}')), 400, None, None),
    (
        "a multipart upload without its boundary",
        ("post", {"path": "/images/", "data": b"--x\r\n", "content_type": "multipart/form-data"}),
        400,
        None,
        None,
    ),
    ("no token", ("get", {"path": "/filing/activities/", "token": False}), 401, None, None),
]


def _send(client, submitter, method, request, language):
    request = dict(request)
    headers = submitter if request.pop("token", True) else {}
    data = request.pop("data", None)
    path = API + request.pop("path")
    if isinstance(data, dict) and request.get("content_type") == "application/json":
        data = json.dumps(data, ensure_ascii=False)
    return getattr(client, method)(path, data, HTTP_ACCEPT_LANGUAGE=language, **request, **headers)


def _texts(problem):
    return [problem["title"], problem["detail"], *(error["msg"] for error in problem.get("errors") or [])]


@pytest.mark.parametrize(
    ("request_", "status", "loc", "english"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_errors_are_chinese_by_default_with_their_field_and_limit(client, submitter, request_, status, loc, english):
    pages_before = get_image_model().objects.count()
    response = _send(client, submitter, *request_, "zh-CN,zh;q=0.9")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    for text in _texts(problem):
        assert CHINESE.search(text), text
        assert not ENGLISH_LIBRARY_WORDING.search(text), text
    if loc is not None:
        error = next(error for error in problem["errors"] if error["loc"] == loc)
        for bound in re.findall(r"\b\d{2,}\b", english):
            assert bound in error["msg"], (bound, error["msg"])
    assert get_image_model().objects.count() == pages_before


@pytest.mark.parametrize(
    ("request_", "status", "loc", "english"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_errors_are_english_for_accept_language_en(client, submitter, request_, status, loc, english):
    response = _send(client, submitter, *request_, "en-US,en;q=0.9")
    assert response.status_code == status
    problem = response.json()
    for text in _texts(problem):
        assert not CHINESE.search(text.replace("节", "")), text
        assert not ENGLISH_LIBRARY_WORDING.search(text), text
    if loc is not None:
        assert english in [error["msg"] for error in problem["errors"] if error["loc"] == loc]


def test_a_problem_title_names_the_kind_of_error_in_chinese(client):
    response = client.get(f"{API}/news/", {"limit": 1000})
    assert response.json()["title"] == "取值无效"
    assert client.get(f"{API}/news/", {"limit": 1000}, HTTP_ACCEPT_LANGUAGE="en").json()["title"] == "Invalid values"


def test_an_image_upload_without_a_boundary_is_a_400_and_stores_nothing(client, submitter):
    images_before = get_image_model().objects.count()
    response = client.post(f"{API}/images/", b"--x\r\n", content_type="multipart/form-data", **submitter)
    assert response.status_code == 400
    assert "boundary" in response.json()["detail"]
    assert get_image_model().objects.count() == images_before
    upload = client.post(
        f"{API}/images/",
        {"title": "展板", "file": SimpleUploadedFile("board.png", b"\x89PNG\r\n\x1a\n not really")},
        **submitter,
    )
    assert upload.status_code == 422
    assert get_image_model().objects.count() == images_before


def _input_models():
    """Every parameter and body model of every operation: what the API validates its input with."""
    models = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    models[f"{operation.operation_id} {model.__ninja_param_source__}"] = model
    return models


INPUT_MODELS = _input_models()
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=300),
    lambda children: st.lists(children, max_size=25) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)


def _request_values(model, data):
    """What ninja hands a parameter model: strings (lists of them for repeatable names), or any JSON for a body."""
    if model.__ninja_param_source__ == "body":
        (field,) = model.model_fields
        schema = model.model_fields[field].annotation
        names = list(getattr(schema, "model_fields", {}))
        shaped = st.dictionaries(st.sampled_from(names), JSON, max_size=len(names)) if names else JSON
        return {field: data.draw(st.one_of(JSON, shaped))}
    names = list(getattr(model, "__ninja_flatten_map__", None) or model.model_fields)
    repeatable = set(getattr(model, "__ninja_collection_fields__", []))
    values = {}
    for name in data.draw(st.lists(st.sampled_from(names), unique=True)) if names else []:
        text = st.text(max_size=300)
        values[name] = data.draw(st.lists(text, max_size=25) if name in repeatable else text)
    return model._map_data_paths(values)


@pytest.mark.parametrize("name", sorted(INPUT_MODELS))
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_validation_error_of_the_apis_input_has_a_message_of_ours(name, data):
    """Whatever a request sends to any operation, each validation error it causes gets one of our messages."""
    model = INPUT_MODELS[name]
    try:
        model.model_validate(_request_values(model, data))
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            assert error["type"] in MESSAGES or error["type"] in ("value_error", "assertion_error"), error
            assert localize(error)["msg"] != str(GENERIC), error
