"""The demo's review states: made through the tiered-review workflow, every state present, never duplicated."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import PageLogEntry, Site, TaskState, WorkflowState

from demo.review import CHANGE_REQUESTS, STATES, review_target
from showcase.models import (
    ItemRating,
    Jurisdiction,
    JurisdictionReviewTaskState,
    NationalReviewTaskState,
    ShowcaseItemPage,
)
from showcase.review.workflow import tiered_review_workflow

pytestmark = pytest.mark.django_db

ACTIVITIES = 80
CJK = re.compile(r"[\u4e00-\u9fff]")


def run_demo(activities=ACTIVITIES):
    out = io.StringIO()
    call_command("campaign_demo", activities=activities, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def demo_output():
    return run_demo()


def _current_items():
    """The items of the campaign open today, which the demo serves at ``/`` (the 2023 zone is history)."""
    campaign = Site.objects.get(is_default_site=True).root_page
    return ShowcaseItemPage.objects.descendant_of(campaign)


def _ratings():
    return ItemRating.objects.filter(item__in=_current_items())


def _states():
    """The current campaign's tiered-review states: other apps' demo steps run workflows of their own."""
    items = [str(pk) for pk in _current_items().values_list("pk", flat=True)]
    return WorkflowState.objects.filter(workflow=tiered_review_workflow(), object_id__in=items)


def _tasks():
    return TaskState.objects.filter(workflow_state__in=_states())


def _item(workflow_state):
    return ShowcaseItemPage.objects.get(pk=workflow_state.object_id)


def _in_progress_at(task_state_model):
    return _states().filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        current_task_state__in=task_state_model.objects.filter(status=TaskState.STATUS_IN_PROGRESS),
    )


def check_a_modest_share_over_several_jurisdictions(demo_output):
    states = _states()
    # A small zone has fewer items in the reviewing jurisdictions than the target: all of them are used.
    assert len(STATES) <= states.count() <= review_target(ACTIVITIES) == 12
    jurisdictions = {_item(state).jurisdiction.code for state in states}
    assert jurisdictions == {"hebei", "shandong", "huanghe"}
    assert f"{states.count()} items put through the workflow" in demo_output


def check_some_wait_at_the_jurisdiction_level():
    waiting = _in_progress_at(JurisdictionReviewTaskState)
    assert waiting.exists()
    for state in waiting:
        # The submitted revision is not live: a draft, or changes to a published item.
        item = _item(state)
        assert item.has_unpublished_changes
        assert state.current_task_state.revision_id == item.latest_revision_id
        assert state.requested_by.unit_membership.unit.jurisdiction_id == item.jurisdiction_id


def check_some_wait_at_final_review_after_the_three_checks():
    waiting = _in_progress_at(NationalReviewTaskState)
    assert waiting.exists()
    for state in waiting:
        approved = JurisdictionReviewTaskState.objects.get(workflow_state=state, status=TaskState.STATUS_APPROVED)
        assert approved.authenticity_checked and approved.accuracy_checked and approved.completeness_checked
        assert CJK.search(approved.comment)
        item = _item(state)
        assert approved.finished_by.groups.filter(pk=item.jurisdiction.moderators_id).exists()
        assert not ItemRating.objects.filter(item=item).exists()


def check_some_had_changes_requested_with_a_chinese_comment():
    needs_changes = _states().filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
    assert needs_changes.exists()
    for state in needs_changes:
        rejected = NationalReviewTaskState.objects.get(workflow_state=state, status=TaskState.STATUS_REJECTED)
        assert rejected.comment in CHANGE_REQUESTS
        assert rejected.finished_by.username == "editor"
        assert _item(state).has_unpublished_changes


def check_some_are_published_with_each_rating(client):
    ratings = _ratings().select_related("item", "rated_by")
    assert {rating.rating for rating in ratings} == {"A+", "A", "B"}
    for rating in ratings:
        item = rating.item
        assert item.live and not item.has_unpublished_changes
        assert rating.rated_by.username == "editor"
        state = _states().get(object_id=str(item.pk))
        assert state.status == WorkflowState.STATUS_APPROVED
        final = NationalReviewTaskState.objects.get(workflow_state=state)
        assert (final.status, final.rating) == (TaskState.STATUS_APPROVED, rating.rating)
        assert client.get(item.url).status_code == 200


def check_the_states_were_made_through_the_workflow_and_audited():
    entries = PageLogEntry.objects.filter(page__in=_current_items())
    starts = entries.filter(action="wagtail.workflow.start")
    assert starts.count() == _states().count()
    approvals = entries.filter(action="wagtail.workflow.approve")
    assert approvals.count() == _tasks().filter(status=TaskState.STATUS_APPROVED).count() > 0
    assert entries.filter(action="wagtail.workflow.reject").count() == (
        _tasks().filter(status=TaskState.STATUS_REJECTED).count()
    )
    moderators = {entry.user.username for entry in approvals if entry.data["workflow"]["task"]["title"] != "终审"}
    assert moderators <= {"hebei-moderator", "shandong-moderator", "huanghe-moderator"} and moderators
    published = entries.filter(action="wagtail.publish", page__in=_ratings().values("item"))
    assert published.count() == _ratings().count()


def test_the_demo_makes_every_review_state_through_the_workflow(demo_output, client):
    check_a_modest_share_over_several_jurisdictions(demo_output)
    check_some_wait_at_the_jurisdiction_level()
    check_some_wait_at_final_review_after_the_three_checks()
    check_some_had_changes_requested_with_a_chinese_comment()
    check_some_are_published_with_each_rating(client)
    check_the_states_were_made_through_the_workflow_and_audited()


def test_a_second_run_starts_no_new_workflows_and_a_larger_one_reviews_only_new_items(demo_output):
    counts = (_states().count(), _tasks().count(), PageLogEntry.objects.count())
    second = run_demo()
    assert (_states().count(), _tasks().count(), PageLogEntry.objects.count()) == counts
    assert "0 items put through the workflow" in second

    before = set(_states().values_list("object_id", flat=True))
    run_demo(activities=600)
    after = list(_states().values_list("object_id", flat=True))
    assert len(after) == len(set(after)) == review_target(600) == 18
    assert before < set(after)


def test_a_second_jurisdictions_moderator_is_a_demo_account(demo_output):
    shandong = Jurisdiction.objects.get(code="shandong")
    moderator = get_user_model().objects.get(username="shandong-moderator")
    assert list(moderator.groups.all()) == [shandong.moderators]
    assert moderator.check_password("jieshui-demo-2023")
    assert re.search(r"shandong-moderator\s+jieshui-demo-2023\s+山东审核员", demo_output)
    for name in ("editor", "hebei-moderator", "hebei-submitter"):
        assert re.search(rf"^\s+{name}\s", demo_output, re.MULTILINE)
