"""Tokens issued in the admin by the people who use them, and draft previews for external front-ends."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken

from showcase.api.preview import preview_token
from tests.api.conftest import API
from tests.factories import ActivityPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_submitter_issues_a_token_in_the_admin_and_is_told_when_it_expires(client, hebei):
    submitter = UserFactory(groups=[hebei.jurisdiction.submitters])
    client.force_login(submitter)

    response = client.post(reverse("wagtailusers_api_tokens:add"), {"name": "小程序填报", "user": submitter.pk})

    assert response.status_code == 200
    token = APIToken.objects.get(user=submitter)
    expiry = timezone.localtime(token.created + datetime.timedelta(days=90)).date().isoformat()
    assert expiry in response.content.decode()
    assert client.get(f"{API}/whoami/", HTTP_AUTHORIZATION=f"Bearer {response.context['token']}").status_code == 200


def test_a_submitter_cannot_issue_tokens_for_someone_else(client, hebei):
    submitter = UserFactory(groups=[hebei.jurisdiction.submitters])
    other = UserFactory(groups=[hebei.jurisdiction.submitters])
    client.force_login(submitter)
    client.post(reverse("wagtailusers_api_tokens:add"), {"name": "越权", "user": other.pk})
    assert not APIToken.objects.filter(user=other).exists()


@pytest.fixture
def draft(hebei):
    page = ActivityPageFactory(parent=hebei, title="已发布的标题")
    page.save_revision().publish()
    page.title = "编辑中的新标题"
    page.save_revision()
    return page


def test_an_editor_gets_a_preview_link_that_needs_no_login(client, draft, hebei):
    moderator = UserFactory(groups=[hebei.jurisdiction.moderators])
    client.force_login(moderator)
    page = client.get(reverse("showcase_frontend_preview", args=[draft.pk]))
    assert page.status_code == 200
    api_url = page.context["api_url"]
    client.logout()

    preview = client.get(api_url.removeprefix("http://testserver"))

    assert preview.status_code == 200
    assert preview["Cache-Control"] == "private, no-store"
    body = preview.json()
    assert body["type"] == "activity"
    assert body["activity"]["title"] == "编辑中的新标题"
    assert client.get(f"{API}/activities/{draft.pk}/").json()["title"] == "已发布的标题"


@override_settings(FRONTEND_PREVIEW_URL="https://preview.jieshui.example.cn/")
def test_with_a_front_end_configured_the_editor_is_sent_there(client, draft, hebei):
    client.force_login(UserFactory(groups=[hebei.jurisdiction.moderators]))
    response = client.get(reverse("showcase_frontend_preview", args=[draft.pk]))
    assert response.status_code == 302
    assert response.url.startswith("https://preview.jieshui.example.cn/?token=")


def test_someone_who_may_not_edit_gets_no_preview_link(client, draft, shanxi):
    client.force_login(UserFactory(groups=[shanxi.jurisdiction.moderators]))
    assert client.get(reverse("showcase_frontend_preview", args=[draft.pk])).status_code in (302, 403)


def test_expired_or_tampered_preview_tokens_are_refused(client, draft):
    token = preview_token(draft, draft.get_latest_revision())
    with override_settings(API_PREVIEW_MAX_AGE_SECONDS=-1):
        expired = client.get(f"{API}/preview/", {"token": token})
    tampered = client.get(f"{API}/preview/", {"token": token[:-2] + "xx"})
    for response in (expired, tampered):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert "编辑中的新标题" not in response.content.decode()
