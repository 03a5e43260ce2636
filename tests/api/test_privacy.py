"""Nothing private in any anonymous answer: every public endpoint, with every id, scanned for every secret.

The demo campaign holds what must never leak (liaisons' mobile numbers and
emails, users' emails, evidence documents, reviewers' and experts' comments,
drafts, items waiting for review, unpublished revisions); the scan asks each
anonymous GET operation of the OpenAPI document for every object id there is,
and greps every answer for every one of those strings.
"""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, TaskState

from assessment.models import AssessmentPeriod, Certificate, ExpertAssignment
from campaign.models import CampaignHomePage, NewsPage
from showcase.models import (
    ActivityEvidence,
    ActivityPage,
    Liaison,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    VideoPage,
)
from tests.api.conftest import API

pytestmark = pytest.mark.django_db
PATH_PARAMETER = re.compile(r"\{(\w+)\}")
UNPUBLISHED_TITLE = "内部修订稿：尚未发布的标题"


@pytest.fixture
def demo(db):
    call_command("campaign_demo", activities=60, stdout=io.StringIO(), stderr=io.StringIO())
    live = ShowcaseItemPage.objects.filter(live=True).first().specific
    live.title = UNPUBLISHED_TITLE
    live.save_revision()


def secrets():
    """Every string that must never reach an anonymous reader."""
    found = set()
    for mobile, email in Liaison.objects.values_list("mobile", "email"):
        found.update(value for value in (mobile, email) if value)
    found.update(email for email in get_user_model().objects.values_list("email", flat=True) if email)
    for evidence in ActivityEvidence.objects.select_related("document"):
        found.update((evidence.document.title, evidence.document.file.name.rsplit("/", 1)[-1]))
    found.update(comment for comment in TaskState.objects.values_list("comment", flat=True) if comment)
    found.update(comment for comment in ExpertAssignment.objects.values_list("comment", flat=True) if comment)
    public_titles = set(Page.objects.live().values_list("title", flat=True))
    hidden = set(Page.objects.filter(live=False).values_list("title", flat=True)) - public_titles
    found.update(hidden)
    found.add(UNPUBLISHED_TITLE)
    return found


def ids_for(parameter):
    return {
        "campaign_id": CampaignHomePage.objects.values_list("pk", flat=True),
        "news_id": NewsPage.objects.values_list("pk", flat=True),
        "activity_id": ActivityPage.objects.values_list("pk", flat=True),
        "video_id": VideoPage.objects.values_list("pk", flat=True),
        "showcase_id": ShowcaseIndexPage.objects.values_list("pk", flat=True),
        "period_id": AssessmentPeriod.objects.values_list("pk", flat=True),
        "code": Certificate.objects.values_list("code", flat=True),
        "page_id": Page.objects.values_list("pk", flat=True),
    }[parameter]


def anonymous_get_paths(document):
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if operation and {} in operation.get("security", [{}]):
            yield path.removeprefix("/api/v3")


def expand(path):
    parameters = PATH_PARAMETER.findall(path)
    if not parameters:
        yield path
        return
    (parameter,) = parameters
    for value in ids_for(parameter):
        yield path.replace("{" + parameter + "}", str(value))


LIST_VARIANTS = {
    "/activities/": [{"limit": 100, "offset": offset} for offset in range(0, 200, 100)],
    "/videos/": [{"limit": 100}],
    "/news/": [{"limit": 100}],
    "/pages/": [{"limit": 100, "offset": offset} for offset in range(0, 400, 100)],
    "/search/": [{}, {"q": "节水", "per_page": 48}],
    "/search/suggest/": [{"q": "节水"}, {"q": "活动"}],
    # A preview needs a token the admin signs; the preview tests cover it.
    "/preview/": [],
}


def test_no_anonymous_answer_contains_anything_private(client, demo):
    private = secrets()
    assert len(private) > 50, "the demo should give the scan plenty to look for"
    document = client.get(f"{API}/openapi.json").json()
    scanned = 0
    leaks = []
    for template in anonymous_get_paths(document):
        for path in expand(template):
            for params in LIST_VARIANTS.get(path, [{}]):
                response = client.get(API + path, params)
                assert response.status_code in (200, 404), (path, response.status_code, response.content[:200])
                text = json.dumps(response.json(), ensure_ascii=False) if response.content else ""
                leaks += [(path, secret) for secret in private if secret in text]
                scanned += 1
    for title in sorted(private)[:40]:
        text = client.get(f"{API}/search/", {"q": title}).content.decode()
        leaks += [("/search/", title)] if title in text else []
    assert scanned > 150
    assert leaks == []


def test_drafts_and_items_in_review_are_404_by_id(client, demo):
    hidden = ShowcaseItemPage.objects.filter(live=False)
    assert hidden.exists()
    for item in hidden:
        kind = "activities" if item.specific_class is ActivityPage else "videos"
        assert client.get(f"{API}/{kind}/{item.pk}/").status_code == 404
        assert client.get(f"{API}/pages/{item.pk}/").status_code == 404
        assert client.get(f"{API}/pages/{item.pk}/", {"version": "draft"}).status_code == 404
