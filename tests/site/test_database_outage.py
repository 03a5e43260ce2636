"""The database away mid-request: a 503 that says so in Chinese, no traceback, and the site back once it is."""

import json

import pytest
from django.db import OperationalError, connection

from config.errors import server_error

pytestmark = pytest.mark.django_db


def _database_away(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", ["/", "/search/?q=节水", "/s/abcdef"])
def test_a_page_answers_503_in_chinese_and_recovers(visitor, campaign, path):
    with connection.execute_wrapper(_database_away):
        response = visitor.get(path)
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    assert "服务暂时不可用" in body
    assert "Traceback" not in body and "OperationalError" not in body and "Connection refused" not in body

    assert visitor.get("/").status_code == 200, "the next request after the database is back succeeds"


def test_an_api_path_answers_a_problem_document(visitor, campaign):
    with connection.execute_wrapper(_database_away):
        response = visitor.get("/api/v3/pages/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert set(problem) == {"type", "title", "status", "detail"}
    assert problem["status"] == 503
    assert problem["title"] == "服务暂时不可用"
    assert "Connection refused" not in response.content.decode()


def test_suggestions_answer_a_problem_document_that_the_search_box_can_read(visitor, campaign):
    with connection.execute_wrapper(_database_away):
        response = visitor.get("/search/suggest/", {"q": "节水"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "服务暂时不可用"
    assert "Connection refused" not in response.content.decode()

    assert visitor.get("/search/suggest/", {"q": "节水"}).json()["suggestions"] == []


def test_any_other_error_under_the_api_answers_a_json_500(rf):
    """Django hands every uncaught exception to ``handler500`` while it is being handled; so does this test."""
    request = rf.get("/api/v3/pages/1/")
    try:
        raise RuntimeError("a bug with a secret in it")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["status"] == 500 and problem["title"] == "服务器错误"
    assert "secret" not in response.content.decode()


def test_a_bug_on_a_page_is_a_plain_500_without_details(visitor, campaign, monkeypatch):
    from campaign.models import CampaignHomePage

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug with a secret in it")

    monkeypatch.setattr(CampaignHomePage, "serve", broken)
    response = visitor.get("/")
    assert response.status_code == 500
    assert "服务暂时不可用" in response.content.decode()
    assert "secret" not in response.content.decode()
