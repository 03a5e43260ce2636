"""我的填报: a unit files from the admin home in one click and sees where each of its items stands;
moderators see their video quota and the units that have filed nothing."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from showcase.models import ActivityPage
from showcase.review.workflow import tiered_review_workflow
from tests.factories import ActivityPageFactory, UnitFactory

from .test_tiered_review import CHECKS, _act

pytestmark = pytest.mark.django_db

OPEN_DAY = datetime.date(2023, 4, 1)
CLOSED_DAY = datetime.date(2023, 7, 10)


@pytest.fixture
def unit(submitter):
    return submitter.unit_membership.unit


def _panel(client, user):
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    return BeautifulSoup(html, "html.parser").find(id="showcase-unit-filing-section")


def _submitted(hebei, unit, submitter, title):
    page = ActivityPageFactory(parent=hebei, unit=unit, owner=submitter, title=title, live=False)
    page.save_revision(user=submitter)
    tiered_review_workflow().start(page, user=submitter)
    return page


def test_the_activity_form_is_one_click_from_the_admin_home(client, hebei, submitter, on_day):
    on_day(OPEN_DAY)
    panel = _panel(client, submitter)
    assert "2023年6月30日" in panel.get_text(), "the filing deadline"
    activity_link = panel.select_one("[data-file=activity]")["href"]
    assert activity_link == f"/admin/pages/add/showcase/activitypage/{hebei.pk}/"
    assert panel.select_one("[data-file=video]")["href"] == f"/admin/pages/add/showcase/videopage/{hebei.pk}/"
    assert client.get(activity_link).status_code == 200
    assert "0/20" in panel.select_one("[data-video-quota]").get_text()


def test_outside_the_window_the_panel_says_why_and_offers_no_form(client, submitter, on_day):
    on_day(CLOSED_DAY)
    panel = _panel(client, submitter)
    assert panel.select_one("[data-filing-closed]") is not None
    assert panel.select_one("[data-file]") is None


def test_each_item_shows_its_state_and_the_reviewers_comment(client, hebei, unit, submitter, moderator, on_day):
    on_day(OPEN_DAY)
    draft = ActivityPageFactory(parent=hebei, unit=unit, owner=submitter, title="草稿活动", live=False)
    waiting = _submitted(hebei, unit, submitter, "待审活动")
    returned = _submitted(hebei, unit, submitter, "退回活动")
    _act(client, moderator, returned, "reject", {"comment": "请补充活动照片"})
    at_final = _submitted(hebei, unit, submitter, "终审中活动")
    _act(client, moderator, at_final, "approve", CHECKS)
    published = ActivityPageFactory(parent=hebei, unit=unit, title="已发布活动")
    other_units = ActivityPageFactory(parent=hebei, unit=UnitFactory(jurisdiction=hebei.jurisdiction), live=False)

    panel = _panel(client, submitter)
    states = {int(row["data-unit-item"]): row["data-state"] for row in panel.select("[data-unit-item]")}
    assert states == {
        draft.pk: "draft",
        waiting.pk: "jurisdiction",
        returned.pk: "changes",
        at_final.pk: "final",
        published.pk: "published",
    }
    assert other_units.pk not in states
    comment = panel.select_one(f'[data-unit-item="{returned.pk}"] [data-reviewer-comment]').get_text()
    assert "请补充活动照片" in comment


def test_the_panel_costs_the_same_queries_for_two_items_or_six(client, hebei, unit, submitter, on_day):
    on_day(OPEN_DAY)
    client.force_login(submitter)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    for number in range(2):
        _submitted(hebei, unit, submitter, f"活动{number}")
    queries()  # the first request fills per-process caches (content types, site root paths)
    with_two = queries()
    for number in range(2, 6):
        _submitted(hebei, unit, submitter, f"活动{number}")
    assert queries() == with_two


def test_moderators_see_the_video_quota_and_the_units_that_filed_nothing(client, hebei, unit, moderator):
    UnitFactory(jurisdiction=hebei.jurisdiction, name="保定市水务局")
    ActivityPageFactory(parent=hebei, unit=unit)
    client.force_login(moderator)
    soup = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    assert "0/20" in soup.select_one('[data-video-quota="hebei"]').get_text()
    silent = soup.select_one('[data-silent-units="hebei"]').get_text()
    assert "保定市水务局" in silent and "石家庄市节水办" not in silent


def test_the_video_form_shows_the_quota(client, hebei, submitter, on_day):
    on_day(OPEN_DAY)
    client.force_login(submitter)
    soup = BeautifulSoup(client.get(f"/admin/pages/add/showcase/videopage/{hebei.pk}/").content.decode(), "html.parser")
    assert "0/20" in soup.select_one("[data-video-quota]").get_text()
    assert not ActivityPage.objects.exists()


def _page_count(client, user):
    client.force_login(user)
    soup = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    [link] = [a for a in soup.select("a[href^='/admin/pages/']") if "个页面" in a.get_text()]
    return int(link.get_text(strip=True).split("个页面")[0].strip().replace(",", ""))


def test_the_dashboards_page_count_counts_only_pages_the_unit_may_see(client, hebei, unit, submitter):
    own_draft = ActivityPageFactory(parent=hebei, unit=unit, owner=submitter, title="本单位草稿", live=False)
    before = _page_count(client, submitter)
    other_unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="保定市水务局")
    for number in range(3):
        ActivityPageFactory(parent=hebei, unit=other_unit, title=f"其他单位草稿{number}", live=False)
    assert _page_count(client, submitter) == before, "another unit's drafts are not counted"
    own_draft.delete()
    assert _page_count(client, submitter) == before - 1
