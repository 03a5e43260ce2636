"""The tiered review: jurisdiction moderators check, national editors rate and publish, rejections go back."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, TaskState, Workflow

from campaign.workflow_actions import AlreadyDecided
from showcase.models import (
    ActivityPage,
    ItemRating,
    JurisdictionReviewTask,
    JurisdictionReviewTaskState,
    NationalReviewTask,
    NationalReviewTaskState,
)
from showcase.permissions.roles import NATIONAL_EDITORS
from showcase.review.workflow import assign_tiered_review, tiered_review_workflow
from tests.factories import UnitFactory, UnitMemberFactory, UserFactory

from .test_filing_and_access import _activity_form, _add_url

pytestmark = pytest.mark.django_db

CHECKS = {"authenticity_checked": "on", "accuracy_checked": "on", "completeness_checked": "on"}


@pytest.fixture(autouse=True)
def filing_open(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2023, 4, 1))


@pytest.fixture
def people(hebei, shanxi):
    unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市节水办")
    submitter = UserFactory(groups=[hebei.jurisdiction.submitters])
    UnitMemberFactory(user=submitter, unit=unit)
    return {
        "submitter": submitter,
        "moderator": UserFactory(groups=[hebei.jurisdiction.moderators]),
        "other_moderator": UserFactory(groups=[shanxi.jurisdiction.moderators]),
        "editor": UserFactory(groups=[NATIONAL_EDITORS.group()]),
    }


@pytest.fixture
def submitted(client, hebei, people):
    """An activity a unit submitter has created and submitted for review."""
    client.force_login(people["submitter"])
    data = _activity_form()
    data["action-submit"] = "Submit"
    response = client.post(_add_url(hebei), data)
    assert response.status_code == 302
    client.logout()
    return ActivityPage.objects.get(slug="community")


def _act(client, user, page, action, data=None):
    client.force_login(user)
    task_state = page.current_workflow_task_state
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", data or {"comment": ""})
    client.logout()
    page.refresh_from_db()
    return response


def _current_task(page):
    page.refresh_from_db()
    state = page.current_workflow_task_state
    return state.task.specific if state else None


def test_submission_starts_at_the_jurisdiction_level(submitted):
    assert isinstance(_current_task(submitted), JurisdictionReviewTask)
    assert not submitted.live


def test_only_the_items_own_moderators_can_act(client, submitted, people):
    task = _current_task(submitted)
    assert task.get_actions(submitted, people["moderator"])
    assert task.get_actions(submitted, people["other_moderator"]) == []
    assert task.get_actions(submitted, people["submitter"]) == []
    response = _act(client, people["other_moderator"], submitted, "approve", CHECKS)
    # Another jurisdiction's draft is out of that moderator's sight: not found, rather than refused.
    assert response.status_code == 404
    assert isinstance(_current_task(submitted), JurisdictionReviewTask), "nothing changed"


def test_other_jurisdictions_moderators_do_not_see_the_item_in_their_queue(submitted, people):
    task = _current_task(submitted)
    assert task.get_task_states_user_can_moderate(people["moderator"]).count() == 1
    assert task.get_task_states_user_can_moderate(people["other_moderator"]).count() == 0


def test_other_jurisdictions_moderators_cannot_open_the_item(client, submitted, people):
    client.force_login(people["other_moderator"])
    assert client.get(f"/admin/pages/{submitted.pk}/edit/").status_code == 404


def test_approval_without_all_three_checks_is_refused(client, submitted, people):
    incomplete = {"authenticity_checked": "on", "accuracy_checked": "on", "comment": ""}
    _act(client, people["moderator"], submitted, "approve", incomplete)
    assert isinstance(_current_task(submitted), JurisdictionReviewTask)
    assert not TaskState.objects.filter(status=TaskState.STATUS_APPROVED).exists()


def test_full_flow_publishes_with_the_rating_and_who_gave_it(client, submitted, people):
    _act(client, people["moderator"], submitted, "approve", {**CHECKS, "comment": "材料齐全"})
    jurisdiction_state = JurisdictionReviewTaskState.objects.get()
    assert jurisdiction_state.status == TaskState.STATUS_APPROVED
    assert (jurisdiction_state.authenticity_checked, jurisdiction_state.accuracy_checked) == (True, True)
    assert jurisdiction_state.completeness_checked and jurisdiction_state.comment == "材料齐全"
    assert isinstance(_current_task(submitted), NationalReviewTask)
    assert not submitted.live

    _act(client, people["editor"], submitted, "approve", {"comment": ""})
    assert isinstance(_current_task(submitted), NationalReviewTask), "no rating, no approval"

    _act(client, people["editor"], submitted, "approve", {"rating": "A+", "comment": "优秀"})
    submitted.refresh_from_db()
    assert submitted.live
    assert NationalReviewTaskState.objects.get().rating == "A+"
    rating = ItemRating.objects.get(item=submitted)
    assert (rating.rating, rating.rated_by) == ("A+", people["editor"])
    assert client.get(submitted.url).status_code == 200


def test_rejection_returns_to_the_submitter_and_resubmission_restarts_at_the_jurisdiction(client, submitted, people):
    _act(client, people["moderator"], submitted, "approve", CHECKS)
    _act(client, people["editor"], submitted, "reject", {"comment": "请补充活动照片"})
    submitted.refresh_from_db()
    assert submitted.current_workflow_state.status == "needs_changes"
    assert NationalReviewTaskState.objects.get().comment == "请补充活动照片"
    assert not submitted.live

    client.force_login(people["submitter"])
    data = _activity_form(summary="补充了活动照片。")
    data["action-submit"] = "Submit"
    assert client.post(f"/admin/pages/{submitted.pk}/edit/", data).status_code == 302
    client.logout()
    assert isinstance(_current_task(submitted), JurisdictionReviewTask)


def test_rating_survives_later_edits(client, submitted, people):
    _act(client, people["moderator"], submitted, "approve", CHECKS)
    _act(client, people["editor"], submitted, "approve", {"rating": "B", "comment": ""})
    client.force_login(people["submitter"])
    client.post(f"/admin/pages/{submitted.pk}/edit/", _activity_form(summary="活动后续报道。"))
    assert ItemRating.objects.get(item=submitted).rating == "B"


def test_review_actions_are_in_the_audit_log_with_comment(client, submitted, people):
    _act(client, people["moderator"], submitted, "approve", {**CHECKS, "comment": "真实可信"})
    entry = PageLogEntry.objects.filter(page=submitted, action="wagtail.workflow.approve").get()
    assert entry.user == people["moderator"]
    assert entry.data["comment"] == "真实可信"
    assert not ModelLogEntry.objects.filter(action="wagtail.workflow.approve").exists()


def test_acting_on_a_task_that_has_moved_on_changes_nothing(client, submitted, people):
    stale_state = submitted.current_workflow_task_state
    _act(client, people["moderator"], submitted, "approve", CHECKS)
    second_moderator = UserFactory(groups=[people["moderator"].groups.first()])
    client.force_login(second_moderator)
    response = client.post(
        f"/admin/pages/workflow/action/{submitted.pk}/reject/{stale_state.pk}/", {"comment": "晚了一步"}
    )
    assert response.status_code in (302, 403)
    assert isinstance(_current_task(submitted), NationalReviewTask)
    assert not TaskState.objects.filter(status=TaskState.STATUS_REJECTED).exists()


def test_submission_emails_only_the_items_own_moderators(mailoutbox, submitted, people):
    recipients = {address for message in mailoutbox for address in message.to}
    assert people["moderator"].email in recipients
    assert people["other_moderator"].email not in recipients
    assert people["editor"].email not in recipients
    subject = mailoutbox[0].subject
    assert any("\u4e00" <= ch <= "\u9fff" for ch in subject), f"Chinese by default: {subject}"


def test_national_editors_are_emailed_when_an_item_reaches_them(client, submitted, people, mailoutbox):
    mailoutbox.clear()
    _act(client, people["moderator"], submitted, "approve", CHECKS)
    recipients = {address for message in mailoutbox for address in message.to}
    assert people["editor"].email in recipients
    assert people["other_moderator"].email not in recipients


def test_submitter_is_emailed_the_rejection_comment(client, submitted, people, mailoutbox):
    mailoutbox.clear()
    _act(client, people["moderator"], submitted, "reject", {"comment": "图片与活动不符"})
    to_submitter = [m for m in mailoutbox if people["submitter"].email in m.to]
    assert to_submitter
    assert "图片与活动不符" in to_submitter[0].body


def _publish_with_rating(client, page, people, rating):
    _act(client, people["moderator"], page, "approve", CHECKS)
    _act(client, people["editor"], page, "approve", {"rating": rating, "comment": ""})


def test_rating_badge_shows_only_when_the_editors_choose(client, showcase, submitted, people):
    _publish_with_rating(client, submitted, people, "A+")
    assert "rating-badge" not in client.get(submitted.url).content.decode()
    showcase.show_rating_badges = True
    showcase.save_revision().publish()
    html = client.get(submitted.url).content.decode()
    assert 'class="rating-badge"' in html and "A+" in html


def test_rating_is_shown_in_the_admin_editor(client, submitted, people):
    _publish_with_rating(client, submitted, people, "A")
    client.force_login(people["editor"])
    soup = BeautifulSoup(client.get(f"/admin/pages/{submitted.pk}/edit/").content, "html.parser")
    notes = [p.get_text(" ", strip=True) for p in soup.select("p.help-info")]
    rating_note = next(text for text in notes if people["editor"].get_username() in text)
    assert re.search(r"(?<![\w+])A(?![\w+])", rating_note), rating_note


def test_second_of_two_racing_moderators_gets_a_clear_message_and_changes_nothing(client, submitted, people):
    """Both loaded the task while it waited; the second decision arrives after the first."""
    task_state = submitted.current_workflow_task_state.specific
    task = task_state.task.specific
    second_moderator = UserFactory(groups=[people["moderator"].groups.first()])
    task.on_action(task_state, people["moderator"], "approve", **dict.fromkeys(CHECKS, True), comment="")
    with pytest.raises(AlreadyDecided):
        task.on_action(task_state, second_moderator, "reject", comment="迟到的意见")
    assert not TaskState.objects.filter(status=TaskState.STATUS_REJECTED).exists()

    client.force_login(second_moderator)
    response = client.post(
        f"/admin/pages/workflow/action/{submitted.pk}/reject/{task_state.pk}/", {"comment": "迟到的意见"}, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    assert any("已" in text or "already" in text for text in shown), shown
    assert not TaskState.objects.filter(status=TaskState.STATUS_REJECTED).exists()


def test_acting_on_a_deleted_page_is_refused(client, submitted, people):
    task_state = submitted.current_workflow_task_state
    page_id = submitted.pk
    submitted.delete()
    client.force_login(people["moderator"])
    response = client.post(f"/admin/pages/workflow/action/{page_id}/approve/{task_state.pk}/", CHECKS)
    assert response.status_code == 404
    assert not TaskState.objects.filter(status=TaskState.STATUS_APPROVED).exists()


def _messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("level", ["jurisdiction", "national"])
def test_requesting_changes_needs_a_comment_at_both_levels(client, submitted, people, level):
    if level == "national":
        _act(client, people["moderator"], submitted, "approve", CHECKS)
    reviewer = people["moderator"] if level == "jurisdiction" else people["editor"]
    task_state = submitted.current_workflow_task_state
    client.force_login(reviewer)
    url = f"/admin/pages/workflow/action/{submitted.pk}/reject/{task_state.pk}/"

    modal = client.post(url, {"comment": "   "}, headers={"x-requested-with": "XMLHttpRequest"})
    assert modal.json()["step"] == "action"
    assert "写明需要修改的地方" in modal.json()["html"]

    client.post(url, {"comment": ""})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert submitted.current_workflow_state.status == "in_progress"

    sent_back = client.post(url, {"comment": "请补充活动照片"}, follow=True)
    assert any("退回" in text for text in _messages(sent_back)), _messages(sent_back)
    task_state.refresh_from_db()
    assert (task_state.status, task_state.comment) == (TaskState.STATUS_REJECTED, "请补充活动照片")


def _from_the_editors_menu(client, user, page, action, extra_data):
    """The editor's action menu collects the action's data in a modal and posts it with the page form."""
    client.force_login(user)
    data = _activity_form(unit=page.unit_id)
    data.update(
        {
            "action-workflow-action": "on",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps(extra_data),
        }
    )
    return client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)


def test_an_empty_comment_from_the_editors_action_menu_changes_nothing(client, submitted, people):
    response = _from_the_editors_menu(client, people["moderator"], submitted, "reject", {"comment": ""})
    assert any("写明需要修改的地方" in text for text in _messages(response)), _messages(response)
    assert submitted.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not TaskState.objects.filter(status=TaskState.STATUS_REJECTED).exists()


def test_approving_is_confirmed_to_the_reviewer(client, submitted, people):
    client.force_login(people["moderator"])
    task_state = submitted.current_workflow_task_state
    response = client.post(f"/admin/pages/workflow/action/{submitted.pk}/approve/{task_state.pk}/", CHECKS, follow=True)
    assert any("已通过" in text and submitted.title in text for text in _messages(response)), _messages(response)

    response = _from_the_editors_menu(client, people["editor"], submitted, "approve", {"rating": "A", "comment": ""})
    confirmation = _messages(response)
    assert len(confirmation) == 1 and "已通过" in confirmation[0], "one message saying what was decided"
    assert ItemRating.objects.get(item=submitted).rating == "A"


def test_review_names_are_chinese_only_and_renaming_the_workflow_breaks_nothing(showcase):
    workflow = tiered_review_workflow()
    assert workflow.name == "分级审核"
    assert [task.name for task in workflow.tasks] == ["辖区审核", "终审"]
    Workflow.objects.filter(pk=workflow.pk).update(name="审核发布")
    assign_tiered_review(showcase)
    assert showcase.get_workflow().pk == workflow.pk
