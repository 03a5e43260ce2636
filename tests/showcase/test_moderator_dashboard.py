"""The moderator's queue on the admin home: own jurisdiction only, oldest first, with the campaign's counts."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from showcase.models import JurisdictionReviewTaskState
from showcase.review.dashboard import ModeratorQueuePanel, age_label, current_campaign, moderated_jurisdictions
from tests.factories import (
    ActivityPageFactory,
    CampaignHomePageFactory,
    JurisdictionPageFactory,
    ShowcaseIndexPageFactory,
)

from . import test_review_report as report_data
from .test_review_report import set_times, submit

pytestmark = pytest.mark.django_db

reviewed = report_data.reviewed
reviewers = report_data.reviewers


@pytest.fixture
def queue(reviewed, reviewers, hebei, shanxi):
    """河北 has three items waiting (10 days, 3 days and 2 hours); 山西 one; the rest come from ``reviewed``."""
    now = timezone.now()
    oldest = submit(ActivityPageFactory(parent=hebei, live=False, title="最早提交的活动"), reviewers["submitter"])
    newest = submit(ActivityPageFactory(parent=hebei, live=False, title="刚提交的活动"), reviewers["submitter"])
    other = submit(ActivityPageFactory(parent=shanxi, live=False, title="山西的活动"), reviewers["submitter"])
    set_times(oldest, JurisdictionReviewTaskState, now - datetime.timedelta(days=10))
    set_times(reviewed["a4"], JurisdictionReviewTaskState, now - datetime.timedelta(days=3, hours=1))
    set_times(newest, JurisdictionReviewTaskState, now - datetime.timedelta(hours=2))
    set_times(other, JurisdictionReviewTaskState, now - datetime.timedelta(days=20))
    return {"order": [oldest, reviewed["a4"], newest], "other": other}


def _panel_html(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    return (
        html[html.find('id="showcase-moderator-queue-section"') :]
        if 'id="showcase-moderator-queue-section"' in html
        else ""
    )


def _counts(html):
    return {name: int(value) for name, value in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def test_moderator_sees_own_queue_oldest_first_with_ages_and_counts(client, queue, reviewers):
    html = _panel_html(client, reviewers["hebei_moderator"])
    listed = [int(pk) for pk in re.findall(r'data-queue-item="(\d+)"', html)]
    assert listed == [page.pk for page in queue["order"]]
    assert f"/admin/pages/{queue['order'][0].pk}/edit/" in html
    assert "山西的活动" not in html and queue["other"].pk not in listed
    assert _counts(html) == {"waiting": 3, "approved": 3, "rejected": 1}
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        for days in (10, 3):
            assert f">{age_label(now - datetime.timedelta(days=days, minutes=5), now)}</time>" in html
        assert f">{age_label(now - datetime.timedelta(hours=2), now)}</time>" in html


def test_other_jurisdictions_moderator_sees_only_theirs(client, queue, reviewers):
    html = _panel_html(client, reviewers["shanxi_moderator"])
    assert [int(pk) for pk in re.findall(r'data-queue-item="(\d+)"', html)] == [queue["other"].pk]
    assert _counts(html) == {"waiting": 1, "approved": 2, "rejected": 0}


@pytest.mark.parametrize("who", ["submitter", "editor"])
def test_no_panel_for_those_who_moderate_no_jurisdiction(client, queue, reviewers, who):
    assert _panel_html(client, reviewers[who]) == ""


def test_panel_queries_are_bounded(queue, reviewers, hebei):
    for _n in range(5):
        submit(ActivityPageFactory(parent=hebei, live=False), reviewers["submitter"])
    request = RequestFactory().get("/admin/")
    request.user = reviewers["hebei_moderator"]
    with CaptureQueriesContext(connection) as queries:
        panel = ModeratorQueuePanel(moderated_jurisdictions(request.user))
        context = panel.get_context_data({"request": request})
        titles = [item["page"].title for item in context["items"]]
    assert len(titles) == 8
    assert len(queries) <= 8, "the queue, the counts, the quota and the silent units: none grows with the items"


def test_current_campaign_is_the_newest_and_older_items_stay_out(client, queue, reviewers, root_page, hebei, campaign):
    assert current_campaign(moderated_jurisdictions(reviewers["hebei_moderator"])) == campaign
    later = CampaignHomePageFactory(parent=root_page, year=2024)
    later_hebei = JurisdictionPageFactory(
        parent=ShowcaseIndexPageFactory(parent=later), jurisdiction=hebei.jurisdiction
    )
    dates = {"starts_on": datetime.date(2024, 3, 22), "ends_on": datetime.date(2024, 3, 28)}
    item = submit(ActivityPageFactory(parent=later_hebei, live=False, **dates), reviewers["submitter"])
    assert current_campaign(moderated_jurisdictions(reviewers["hebei_moderator"])).specific == later
    html = _panel_html(client, reviewers["hebei_moderator"])
    assert [int(pk) for pk in re.findall(r'data-queue-item="(\d+)"', html)] == [item.pk]
    assert _counts(html) == {"waiting": 1, "approved": 0, "rejected": 0}
