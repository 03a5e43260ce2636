"""The tiered review through the API: a moderator lists the items waiting at their level and approves or rejects.

The same task objects the admin uses decide who may act (``get_actions``), the
same approval forms check the body (the three checks at the jurisdiction
level, the rating at the national level), and ``on_action`` records it, so a
review through the API and one in the admin are indistinguishable.
"""

import datetime
from typing import Annotated, Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from wagtail.models import Page, TaskState

from campaign.api.http import TokenWriteThrottle, personal_router, rate_limited, refuse
from campaign.api.inputs import VISIBLE_TEXT, BodySchema, Id, text
from campaign.api.openapi import CONFLICTS
from campaign.workflow_actions import AlreadyDecided, act_on_task
from showcase.models.review import JurisdictionReviewTask, NationalReviewTask

router = personal_router("review")
REVIEW_TASKS = (JurisdictionReviewTask, NationalReviewTask)
JURISDICTION_CHECKS = ("authenticity_checked", "accuracy_checked", "completeness_checked")


class ReviewItemOut(Schema):
    id: int
    title: str
    type: str
    jurisdiction: str | None
    unit: str | None
    edit_url: str


class ReviewTaskOut(Schema):
    id: int = Field(description="The task state's id, used to approve or reject.")
    level: Literal["jurisdiction", "national"]
    task: str
    started_at: datetime.datetime
    submitted_by: str | None = Field(description="The submitter's name as shown in the admin.")
    item: ReviewItemOut
    actions: list[Literal["approve", "reject"]]


class JurisdictionApprovalIn(BodySchema):
    """A jurisdiction moderator's approval: the three checks, each confirmed with true."""

    level: Literal["jurisdiction"]
    authenticity_checked: Literal[True] = Field(description="The activity took place as described.")
    accuracy_checked: Literal[True] = Field(description="Dates, place, unit and figures are right.")
    completeness_checked: Literal[True] = Field(description="The filing has what the campaign asks for.")
    comment: text(2000) = ""


class NationalApprovalIn(BodySchema):
    """A national editor's final approval: the rating the item is published with."""

    level: Literal["national"]
    rating: Literal["A+", "A", "B"]
    comment: text(2000) = ""


ApprovalIn = Annotated[JurisdictionApprovalIn | NationalApprovalIn, Field(discriminator="level")]


class RejectionIn(BodySchema):
    comment: text(2000, min_length=1, pattern=VISIBLE_TEXT) = Field(
        ..., description="What the submitter should change."
    )


class ReviewResultOut(Schema):
    id: int
    status: str
    item: int


def _moderated_task_states(user):
    """Task states waiting for this user, at either level, as one queryset."""
    condition = Q(pk__in=[])
    for task_class in REVIEW_TASKS:
        for task in task_class.objects.filter(active=True):
            condition |= Q(pk__in=task.get_task_states_user_can_moderate(user).values("pk"))
    return (
        TaskState.objects.filter(condition, status=TaskState.STATUS_IN_PROGRESS)
        .select_related("task", "workflow_state", "workflow_state__requested_by")
        .order_by("started_at", "pk")
    )


def _level(task):
    return "jurisdiction" if isinstance(task, JurisdictionReviewTask) else "national"


def _task_out(task_state, pages):
    task = task_state.task.specific
    page = pages.get(int(task_state.workflow_state.object_id))
    requester = task_state.workflow_state.requested_by
    return {
        "id": task_state.pk,
        "level": _level(task),
        "task": task.name,
        "started_at": task_state.started_at,
        "submitted_by": requester.get_full_name() or requester.get_username() if requester else None,
        "item": {
            "id": page.pk,
            "title": page.get_latest_revision_as_object().title,
            "type": page.specific_class._meta.model_name.removesuffix("page"),
            "jurisdiction": page.jurisdiction.short_name if getattr(page, "jurisdiction", None) else None,
            "unit": page.unit.name if getattr(page, "unit", None) else None,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
        "actions": [],
    }


@router.get(
    "/review/tasks/", response=list[ReviewTaskOut], operation_id="review_tasks", summary="Items waiting for my review"
)
def review_tasks(request):
    """What this token's user may review now: their jurisdiction's items, or the national queue for editors."""
    task_states = list(_moderated_task_states(request.user)[:500])
    page_ids = [int(state.workflow_state.object_id) for state in task_states]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    results = []
    for task_state in task_states:
        if int(task_state.workflow_state.object_id) not in pages:
            continue
        out = _task_out(task_state, pages)
        page = pages[int(task_state.workflow_state.object_id)]
        out["actions"] = sorted(
            {name for name, _label, _form in task_state.task.specific.get_actions(page, request.user)}
        )
        results.append(out)
    return results


def _waiting_task_state(request, task_state_id):
    """The task state if it is waiting for this user; 404 for one they cannot see, 409 once someone has decided."""
    task_state = get_object_or_404(
        TaskState.objects.select_related("task", "workflow_state"), pk=task_state_id, task__in=_review_task_ids()
    )
    page = Page.objects.get(pk=task_state.workflow_state.object_id).specific
    task = task_state.task.specific
    if not task.get_actions(page, request.user):
        refuse(404, _("No review task %(id)s is waiting for you.") % {"id": task_state_id})
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        refuse(409, _("This review has already been decided; nothing was changed."))
    # The specific state, so that the level's own fields (the checks, the rating) are saved with the decision.
    return task_state.specific, task, page


def _review_task_ids():
    return [task.pk for task_class in REVIEW_TASKS for task in task_class.objects.all()]


def _act(request, task_state_id, action, fields, level=None):
    task_state, task, page = _waiting_task_state(request, task_state_id)
    if level is not None and level != _level(task):
        refuse(
            409,
            _("This item waits at the %(level)s level: approve with “level”: “%(level)s”. Nothing was changed.")
            % {"level": _level(task)},
        )
    try:
        task_state = act_on_task(task_state, request.user, action, fields)
    except AlreadyDecided:
        refuse(409, _("This review has already been decided; nothing was changed."))
    return {"id": task_state.pk, "status": task_state.status, "item": page.pk}


REVIEW_WRITE = rate_limited(TokenWriteThrottle(), **{CONFLICTS: True})


@router.post(
    "/review/tasks/{task_state_id}/approve/",
    response=ReviewResultOut,
    operation_id="review_approve",
    summary="Approve",
    **REVIEW_WRITE,
)
def approve(request, task_state_id: Id, data: ApprovalIn):
    """Approve at the task's level (``level`` from /review/tasks/); at the national level this rates and publishes.

    An approval for the other level is a 409: the task is not (or no longer) at that level.
    """
    return _act(request, task_state_id, "approve", _form_fields(data), level=data.level)


@router.post(
    "/review/tasks/{task_state_id}/reject/",
    response=ReviewResultOut,
    operation_id="review_reject",
    summary="Request changes",
    **REVIEW_WRITE,
)
def reject(request, task_state_id: Id, data: RejectionIn):
    """Send the item back to its submitter with a comment saying what to change."""
    return _act(request, task_state_id, "reject", {"comment": data.comment})


def _form_fields(data):
    """The approval as the admin's form for its level posts it."""
    if data.level == "national":
        return {"comment": data.comment, "rating": data.rating}
    return {"comment": data.comment, **dict.fromkeys(JURISDICTION_CHECKS, "on")}
