"""What front-ends rely on at the HTTP level: validators and 304s, cache lifetimes, CORS, rate limits, JSON errors."""

import json

import pytest
from django.db import OperationalError
from django.test import override_settings
from wagtail.models import Page

from showcase.api import read as showcase_read
from tests.api.conftest import API, token_for
from tests.factories import ActivityPageFactory, UserFactory

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail"}


def test_public_reads_carry_validators_and_a_max_age(client, published):
    response = client.get(f"{API}/activities/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"
    assert {"Authorization", "Accept-Language", "Origin"} <= {v.strip() for v in response["Vary"].split(",")}


def test_a_conditional_request_is_answered_304_until_something_is_published(client, hebei, published):
    first = client.get(f"{API}/activities/")
    etag = first["ETag"]

    unchanged = client.get(f"{API}/activities/", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    ActivityPageFactory(parent=hebei, title="新发布的活动").save_revision().publish()
    changed = client.get(f"{API}/activities/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "新发布的活动" in [item["title"] for item in changed.json()["items"]]


@pytest.mark.parametrize("change", ["unpublish", "move", "delete"])
def test_unpublishing_moving_or_deleting_invalidates_the_validators(client, shanxi, published, change):
    etag = client.get(f"{API}/activities/").json() and client.get(f"{API}/activities/")["ETag"]
    school = published["school"]
    if change == "unpublish":
        school.unpublish()
    elif change == "move":
        school.move(shanxi, pos="last-child")
    else:
        school.delete()
    assert client.get(f"{API}/activities/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_if_modified_since_is_honoured(client, published):
    last_modified = client.get(f"{API}/campaigns/")["Last-Modified"]
    assert client.get(f"{API}/campaigns/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_requests_with_a_token_are_never_shared_or_304(client, published):
    headers = token_for(UserFactory())
    etag = client.get(f"{API}/activities/")["ETag"]
    response = client.get(f"{API}/activities/", HTTP_IF_NONE_MATCH=etag, **headers)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@override_settings(CORS_ALLOWED_ORIGINS=["https://www.jieshui.example.cn"])
def test_cors_admits_only_configured_origins(client, published):
    allowed = client.get(f"{API}/activities/", HTTP_ORIGIN="https://www.jieshui.example.cn")
    refused = client.get(f"{API}/activities/", HTTP_ORIGIN="https://evil.example.com")
    preflight = client.options(
        f"{API}/activities/",
        HTTP_ORIGIN="https://www.jieshui.example.cn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-none-match",
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://www.jieshui.example.cn"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in refused
    assert preflight.status_code == 200
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]


@override_settings(API_THROTTLE_RATES={"search": "3/min", "write": "60/min"})
def test_anonymous_search_is_rate_limited_per_client_with_retry_after(client, published, clock):
    statuses = [client.get(f"{API}/search/", {"q": f"节水{n}"}).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get(f"{API}/search/", {"q": "节水"})
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    other_client = client.get(f"{API}/search/", {"q": "节水"}, REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 200


def test_unknown_api_paths_answer_json_not_the_site_404_page(client):
    response = client.get("/api/v3/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()) >= PROBLEM_KEYS
    assert client.get("/api/v2/pages/")["Content-Type"] == "application/problem+json"


def test_a_wrong_method_answers_json_405(client, published):
    response = client.delete(f"{API}/activities/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "GET" in response["Allow"]


def test_a_server_error_is_json_without_a_traceback(client, published, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(showcase_read, "_item_summary", broken)
    response = client.get(f"{API}/activities/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert b"secret internal detail" not in response.content
    assert b"Traceback" not in response.content
    assert "secret internal detail" in caplog.text


def test_a_response_that_breaks_its_own_schema_is_a_500_not_a_422(client, published, monkeypatch):
    monkeypatch.setattr(showcase_read, "_jurisdiction", lambda jurisdiction: {"code": None})
    response = client.get(f"{API}/jurisdictions/")
    assert response.status_code == 500


def test_the_database_unavailable_is_a_json_503_and_the_next_request_works(client, published, monkeypatch):
    original = showcase_read.ListContext.__init__

    def unavailable(self, request):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(showcase_read.ListContext, "__init__", unavailable)
    response = client.get(f"{API}/activities/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"]
    monkeypatch.setattr(showcase_read.ListContext, "__init__", original)
    assert client.get(f"{API}/activities/").status_code == 200


def test_errors_are_chinese_by_default_and_english_on_request(client):
    chinese = client.get(f"{API}/activities/999999/").json()["detail"]
    english = client.get(f"{API}/activities/999999/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").json()["detail"]
    assert chinese == "未找到，或未公开。"
    assert english == "Not found, or not public."


def test_a_nul_character_in_a_filter_is_refused_not_a_server_error(client, published):
    response = client.get(f"{API}/activities/", {"campaign": "jieshui\x00-2023"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "campaign", 0]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_upload_limit_is_a_413_that_stores_nothing(client, showcase, hebei):
    headers = token_for(UserFactory(groups=[hebei.jurisdiction.submitters]))
    pages_before = Page.objects.count()
    body = json.dumps({"title": "节" * 2000})
    response = client.post(f"{API}/filing/activities/", body, content_type="application/json", **headers)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert (
        "2.5 MB"
        in client.post(
            f"{API}/filing/activities/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers
        ).json()["detail"]
    )
    assert Page.objects.count() == pages_before


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_a_query_with_too_many_fields_is_a_400_not_a_server_error(client, published):
    response = client.get(f"{API}/activities/", {"sector": [f"s{n}" for n in range(11)]})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "请求有误"
