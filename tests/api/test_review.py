"""The tiered review through the API: each moderator sees and decides only their own jurisdiction's items."""

import pytest
from wagtail.models import TaskState

from showcase.models import ActivityPage, ItemRating, JurisdictionReviewTaskState
from showcase.permissions.roles import NATIONAL_EDITORS
from tests.api.conftest import API, token_for
from tests.api.test_filing import activity, filing_open, post, submitter, unit  # noqa: F401 - fixtures
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHECKS = {"level": "jurisdiction", "authenticity_checked": True, "accuracy_checked": True, "completeness_checked": True}


@pytest.fixture
def reviewers(hebei, shanxi):
    return {
        "moderator": token_for(UserFactory(groups=[hebei.jurisdiction.moderators])),
        "other_moderator": token_for(UserFactory(groups=[shanxi.jurisdiction.moderators])),
        "editor": token_for(UserFactory(groups=[NATIONAL_EDITORS.group()])),
    }


@pytest.fixture
def submitted(client, showcase, submitter, vocabulary, filing_open):  # noqa: F811
    headers = token_for(submitter)
    created = post(client, "/filing/activities/", activity(showcase), headers).json()
    assert client.post(f"{API}/filing/activities/{created['id']}/submit/", **headers).status_code == 200
    return ActivityPage.objects.get(pk=created["id"])


def tasks(client, headers):
    response = client.get(f"{API}/review/tasks/", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_jurisdictions_moderator_sees_the_item_and_others_do_not(client, submitted, reviewers):
    waiting = tasks(client, reviewers["moderator"])
    assert [(task["item"]["id"], task["level"]) for task in waiting] == [(submitted.pk, "jurisdiction")]
    assert waiting[0]["actions"] == ["approve", "reject"]
    assert tasks(client, reviewers["other_moderator"]) == []
    assert tasks(client, reviewers["editor"]) == []


def test_approval_needs_all_three_checks(client, submitted, reviewers):
    task_id = tasks(client, reviewers["moderator"])[0]["id"]
    partial = {"level": "jurisdiction", "authenticity_checked": True, "accuracy_checked": False}
    response = post(client, f"/review/tasks/{task_id}/approve/", partial, reviewers["moderator"])
    assert response.status_code == 422
    assert {tuple(error["loc"]) for error in response.json()["errors"]} == {
        ("body", "data", "jurisdiction", "accuracy_checked"),
        ("body", "data", "jurisdiction", "completeness_checked"),
    }
    assert TaskState.objects.get(pk=task_id).status == TaskState.STATUS_IN_PROGRESS


def test_an_approval_for_the_other_level_is_a_conflict_that_changes_nothing(client, submitted, reviewers):
    task_id = tasks(client, reviewers["moderator"])[0]["id"]
    response = post(
        client, f"/review/tasks/{task_id}/approve/", {"level": "national", "rating": "A"}, reviewers["moderator"]
    )
    assert response.status_code == 409
    assert "jurisdiction" in response.json()["detail"]
    assert TaskState.objects.get(pk=task_id).status == TaskState.STATUS_IN_PROGRESS
    assert not ItemRating.objects.exists()


def test_another_jurisdictions_moderator_cannot_act_or_even_see_the_task(client, submitted, reviewers):
    task_id = tasks(client, reviewers["moderator"])[0]["id"]
    response = post(client, f"/review/tasks/{task_id}/approve/", CHECKS, reviewers["other_moderator"])
    assert response.status_code == 404
    assert TaskState.objects.get(pk=task_id).status == TaskState.STATUS_IN_PROGRESS


def test_both_levels_approve_and_the_item_is_rated_and_published(client, submitted, reviewers):
    task_id = tasks(client, reviewers["moderator"])[0]["id"]
    first = post(client, f"/review/tasks/{task_id}/approve/", {**CHECKS, "comment": "材料齐全"}, reviewers["moderator"])
    assert first.status_code == 200, first.content
    assert JurisdictionReviewTaskState.objects.get(pk=task_id).completeness_checked is True

    national = tasks(client, reviewers["editor"])
    assert [(task["item"]["id"], task["level"]) for task in national] == [(submitted.pk, "national")]
    unrated = post(client, f"/review/tasks/{national[0]['id']}/approve/", {"level": "national"}, reviewers["editor"])
    assert unrated.status_code == 422
    assert [error["loc"] for error in unrated.json()["errors"]] == [["body", "data", "national", "rating"]]
    rated = post(
        client, f"/review/tasks/{national[0]['id']}/approve/", {"level": "national", "rating": "A"}, reviewers["editor"]
    )
    assert rated.status_code == 200, rated.content

    submitted.refresh_from_db()
    assert submitted.live is True
    assert ItemRating.objects.get(item=submitted).rating == "A"
    assert client.get(f"{API}/activities/{submitted.pk}/").status_code == 200


def test_rejection_needs_a_comment_and_sends_the_item_back(client, submitted, reviewers):
    task_id = tasks(client, reviewers["moderator"])[0]["id"]
    assert post(client, f"/review/tasks/{task_id}/reject/", {"comment": ""}, reviewers["moderator"]).status_code == 422
    response = post(client, f"/review/tasks/{task_id}/reject/", {"comment": "请补充活动照片"}, reviewers["moderator"])
    assert response.status_code == 200
    assert response.json()["status"] == TaskState.STATUS_REJECTED
    assert tasks(client, reviewers["moderator"]) == []


def test_a_decided_task_answers_409(client, submitted, reviewers):
    task_id = tasks(client, reviewers["moderator"])[0]["id"]
    assert post(client, f"/review/tasks/{task_id}/approve/", CHECKS, reviewers["moderator"]).status_code == 200
    again = post(client, f"/review/tasks/{task_id}/approve/", CHECKS, reviewers["moderator"])
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"


def test_a_submitter_cannot_review_their_own_item(client, submitted, submitter):  # noqa: F811
    headers = token_for(submitter)
    assert tasks(client, headers) == []
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    assert post(client, f"/review/tasks/{task_state.pk}/approve/", CHECKS, headers).status_code == 404
