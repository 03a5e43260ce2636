"""Puts a modest share of the demo items through the tiered review, with the real workflow API.

Nothing here writes a review state directly: each item gets a revision from
its submitter, the tiered-review workflow is started on it, and the demo
moderators and the national editor act on its tasks exactly as the admin's
workflow actions do (``Task.on_action`` with the approval forms' data). So the
task states, ratings, comments, audit log and publication are the real ones.

The step is idempotent: an item that has ever been in a workflow is never
picked again, and the number of reviewed items only grows to the target for
the zone's size.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.test.utils import override_settings
from wagtail.models import Page, WorkflowState

from demo.accounts import PASSWORD, DemoAccount, ensure_user
from demo.content import showcase as content
from showcase.models import Jurisdiction, JurisdictionPage, ShowcaseItemPage, UnitMember
from showcase.review.workflow import tiered_review_workflow

REVIEW_SHARE = 0.03
MIN_REVIEWED = 12
MAX_REVIEWED = 60

# The jurisdictions whose items the demo reviews, each with a demo moderator and submitter:
# (code, English name). Hebei's accounts are the ones the showcase step already prints.
REVIEW_JURISDICTIONS = (("hebei", "Hebei"), ("shandong", "Shandong"), ("huanghe", "Yellow River Commission"))

WAITING_JURISDICTION = "waiting-jurisdiction"
WAITING_FINAL = "waiting-final"
CHANGES_REQUESTED = "changes-requested"
RATED = {"rated-a-plus": "A+", "rated-a": "A", "rated-b": "B"}
# The i-th reviewed item ends in STATES[i % len(STATES)], so even a small demo shows every state.
STATES = (WAITING_JURISDICTION, WAITING_FINAL, CHANGES_REQUESTED, *RATED)

CHECKS = {"authenticity_checked": True, "accuracy_checked": True, "completeness_checked": True}
JURISDICTION_COMMENTS = (
    "活动真实，图文准确，材料齐全，同意报送终审。",
    "已核实活动现场照片和签到表，同意上报。",
    "内容完整，建议终审时关注宣传成效数据。",
)
FINAL_COMMENTS = {
    "A+": "活动形式新颖，覆盖面广，宣传成效突出，评为A+。",
    "A": "活动组织规范，材料翔实，评为A。",
    "B": "活动开展较好，成效材料略显不足，评为B。",
}
CHANGE_REQUESTS = (
    "请补充活动现场照片和参与人数的佐证材料。",
    "活动时间与简介不一致，请核对后重新提交。",
    "请补充活动成效及媒体报道情况。",
)
DEMO_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


@dataclass
class Reviewers:
    moderator: object
    submitter: object


def review_target(item_count):
    """How many items of a zone of ``item_count`` the demo puts through the review."""
    if item_count <= 0:
        return 0
    return min(MAX_REVIEWED, max(MIN_REVIEWED, round(item_count * REVIEW_SHARE)))


def ensure_review_accounts(units_by_jurisdiction):
    """A moderator and a unit submitter for each reviewing jurisdiction; returns (new accounts to print, reviewers)."""
    accounts, reviewers = [], {}
    for code, english in REVIEW_JURISDICTIONS:
        jurisdiction = Jurisdiction.objects.filter(code=code).first()
        units = list(units_by_jurisdiction.get(jurisdiction.pk, [])) if jurisdiction else []
        if not units:
            continue
        moderator = ensure_user(f"{code}-moderator", f"{code}-moderator@jieshui.example.cn")
        moderator.groups.add(jurisdiction.moderators)
        submitter = ensure_user(f"{code}-submitter", f"{code}-submitter@jieshui.example.cn")
        submitter.groups.add(jurisdiction.submitters)
        membership = UnitMember.objects.filter(user=submitter).select_related("unit").first()
        if membership is None:
            others = [unit for unit in units if unit.name != jurisdiction.name]
            membership = UnitMember.objects.create(user=submitter, unit=(others or units)[0])
        reviewers[jurisdiction.pk] = Reviewers(moderator, submitter)
        if code != "hebei":  # the showcase step already prints Hebei's accounts
            short = jurisdiction.short_name
            accounts += [
                DemoAccount(moderator.username, PASSWORD, f"{short}审核员 / {english} moderator"),
                DemoAccount(submitter.username, PASSWORD, f"{membership.unit.name}填报人 / {english} unit submitter"),
            ]
    return accounts, reviewers


def _candidates(showcase, reviewers):
    """Per jurisdiction, items never in a workflow: drafts first, then items with unpublished changes."""
    in_workflow = WorkflowState.objects.filter(
        base_content_type__model="page", base_content_type__app_label="wagtailcore"
    )
    taken = {int(pk) for pk in in_workflow.values_list("object_id", flat=True)}
    queues = []
    for page in JurisdictionPage.objects.child_of(showcase).filter(jurisdiction__in=list(reviewers)):
        items = (
            ShowcaseItemPage.objects.child_of(page)
            .annotate(
                order=Case(
                    When(live=False, then=Value(0)),
                    When(has_unpublished_changes=True, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("order", "pk")
            .values_list("pk", flat=True)
        )
        queues.append((reviewers[page.jurisdiction_id], [pk for pk in items if pk not in taken]))
    return queues


def _interleave(queues, count):
    """Up to ``count`` (reviewers, item pk) pairs, taken in turn from each jurisdiction's queue."""
    picked, position = [], 0
    while len(picked) < count and any(position < len(items) for _reviewers, items in queues):
        for reviewers, items in queues:
            if position < len(items) and len(picked) < count:
                picked.append((reviewers, items[position]))
        position += 1
    return picked


def _task_state(item_pk):
    return Page.objects.get(pk=item_pk).specific.current_workflow_task_state


def review_item(workflow, item_pk, state, reviewers, editor, number):
    """Submit one item and act on its tasks until it reaches ``state``."""
    page = Page.objects.get(pk=item_pk).specific
    # Submit what the editor would show: the latest draft, or, for a published item, a change to it.
    draft = page.get_latest_revision_as_object()
    if page.live and not page.has_unpublished_changes:
        draft.summary = f"{draft.summary}{content.DRAFT_CHANGE}"
    draft.save_revision(user=reviewers.submitter)
    workflow.start(draft, user=reviewers.submitter)
    if state == WAITING_JURISDICTION:
        return
    task_state = _task_state(item_pk)
    task_state.task.specific.on_action(
        task_state,
        reviewers.moderator,
        "approve",
        comment=JURISDICTION_COMMENTS[number % len(JURISDICTION_COMMENTS)],
        **CHECKS,
    )
    if state == WAITING_FINAL:
        return
    task_state = _task_state(item_pk)
    if state == CHANGES_REQUESTED:
        comment = CHANGE_REQUESTS[number % len(CHANGE_REQUESTS)]
        task_state.task.specific.on_action(task_state, editor, "reject", comment=comment)
        return
    rating = RATED[state]
    task_state.task.specific.on_action(task_state, editor, "approve", rating=rating, comment=FINAL_COMMENTS[rating])


def build_review_demo(showcase, reviewers, editor):
    """Top the reviewed items up to the zone's target; returns how many items were put through the review."""
    if not reviewers or editor is None:
        return 0
    workflow = tiered_review_workflow()
    items = ShowcaseItemPage.objects.descendant_of(showcase)
    item_count = items.count()
    started = WorkflowState.objects.filter(
        workflow=workflow, object_id__in=[str(pk) for pk in items.values_list("pk", flat=True)]
    ).count()
    missing = review_target(item_count) - started
    if missing <= 0:
        return 0
    picked = _interleave(_candidates(showcase, reviewers), missing)
    # The demo's reviews are not news to anybody: send none of the workflow's notification emails.
    with override_settings(EMAIL_BACKEND=DEMO_EMAIL_BACKEND), transaction.atomic():
        for offset, (item_reviewers, item_pk) in enumerate(picked):
            number = started + offset
            review_item(workflow, item_pk, STATES[number % len(STATES)], item_reviewers, editor, number)
    return len(picked)
