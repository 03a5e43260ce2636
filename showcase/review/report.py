"""The figures of the tiered review per jurisdiction: one service for the admin report, its export and the API.

Everything is counted from Wagtail's task states, so the figures follow the
real workflow rather than a copy of it. A task state is tied to its item only
through the workflow state's text ``object_id``; each task state's item (and so
its jurisdiction) is looked up with a correlated subquery on the page's primary
key, which keeps the counting in a handful of grouped queries whatever the
number of items.
"""

import dataclasses
import statistics

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, TaskState

from showcase.models import (
    ItemRating,
    Jurisdiction,
    JurisdictionReviewTaskState,
    NationalReviewTaskState,
    Rating,
    ShowcaseItemPage,
)

FINISHED = (TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED)


@dataclasses.dataclass
class JurisdictionFigures:
    """One jurisdiction's row; medians are in hours, ``None`` when no review at that level has finished."""

    jurisdiction: Jurisdiction
    submitted: int = 0
    waiting_jurisdiction: int = 0
    waiting_final: int = 0
    approved: int = 0
    rejected: int = 0
    median_jurisdiction_hours: float | None = None
    median_final_hours: float | None = None
    rated_a_plus: int = 0
    rated_a: int = 0
    rated_b: int = 0

    @property
    def jurisdiction_name(self):
        return self.jurisdiction.name


def _median_hours(durations):
    if not durations:
        return None
    return round(statistics.median(durations).total_seconds() / 3600, 1)


def review_task_states(campaign=None, date_from=None, date_to=None):
    """The task states of both review levels, each annotated with its item's ``jurisdiction_id``.

    The jurisdiction is ``None`` for items outside ``campaign``; callers drop
    those groups rather than filter on the subquery, so the database never has
    to cast the ``object_id`` of a row that is not a page's.
    """
    level_types = ContentType.objects.get_for_models(JurisdictionReviewTaskState, NationalReviewTaskState)
    items = ShowcaseItemPage.objects.filter(pk=Cast(OuterRef("workflow_state__object_id"), IntegerField()))
    if campaign is not None:
        items = items.filter(path__startswith=campaign.path)
    states = TaskState.objects.filter(
        content_type__in=level_types.values(),
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
    )
    if date_from:
        states = states.filter(started_at__date__gte=date_from)
    if date_to:
        states = states.filter(started_at__date__lte=date_to)
    return states.annotate(jurisdiction_id=Subquery(items.values("jurisdiction_id")[:1]))


def _ratings(campaign, date_from, date_to):
    ratings = ItemRating.objects.filter(item__jurisdiction__isnull=False)
    if campaign is not None:
        ratings = ratings.filter(item__path__startswith=campaign.path)
    if date_from or date_to:
        reviewed = TaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id=Cast(OuterRef("item_id"), CharField()),
        )
        if date_from:
            reviewed = reviewed.filter(started_at__date__gte=date_from)
        if date_to:
            reviewed = reviewed.filter(started_at__date__lte=date_to)
        ratings = ratings.filter(Exists(reviewed))
    return ratings.values_list("item__jurisdiction_id", "rating").annotate(count=Count("pk")).order_by()


def review_figures(campaign=None, date_from=None, date_to=None):
    """Per jurisdiction: items submitted, waiting at each level, approved, rejected, median review time, ratings.

    - submitted: distinct items with a review task state (started in the date range, if one is given);
    - waiting: task states in progress at the jurisdiction level and at the final review;
    - approved: distinct items approved at the final review, which is what publishes them;
    - rejected: task states in which either level requested changes (an item can be counted more than once);
    - median review time, per level: from a task state's start to its approval or rejection;
    - ratings: the items' current ratings; with a date range, only of items reviewed in it.

    Rows are every jurisdiction with a page in ``campaign`` (every jurisdiction without one), in directory order.
    """
    jurisdictions = Jurisdiction.objects.all()
    if campaign is not None:
        jurisdictions = jurisdictions.filter(pages__path__startswith=campaign.path).distinct()
    rows = {j.pk: JurisdictionFigures(jurisdiction=j) for j in jurisdictions.order_by("sort_order", "name")}

    level_types = ContentType.objects.get_for_models(JurisdictionReviewTaskState, NationalReviewTaskState)
    jurisdiction_level = level_types[JurisdictionReviewTaskState].pk
    final_level = level_types[NationalReviewTaskState].pk
    in_progress = Q(status=TaskState.STATUS_IN_PROGRESS)
    states = review_task_states(campaign, date_from, date_to)

    counts = (
        states.values("jurisdiction_id")
        .annotate(
            submitted=Count("workflow_state__object_id", distinct=True),
            waiting_jurisdiction=Count("pk", filter=in_progress & Q(content_type=jurisdiction_level)),
            waiting_final=Count("pk", filter=in_progress & Q(content_type=final_level)),
            approved=Count(
                "workflow_state__object_id",
                distinct=True,
                filter=Q(status=TaskState.STATUS_APPROVED, content_type=final_level),
            ),
            rejected=Count("pk", filter=Q(status=TaskState.STATUS_REJECTED)),
        )
        .order_by()
    )
    for values in counts:
        row = rows.get(values.pop("jurisdiction_id"))
        if row is not None:
            for name, value in values.items():
                setattr(row, name, value)

    durations = {}
    finished = states.filter(status__in=FINISHED, finished_at__isnull=False).values_list(
        "jurisdiction_id", "content_type_id", "started_at", "finished_at"
    )
    for jurisdiction_id, level, started_at, finished_at in finished:
        if jurisdiction_id in rows:
            durations.setdefault((jurisdiction_id, level), []).append(finished_at - started_at)
    for pk, row in rows.items():
        row.median_jurisdiction_hours = _median_hours(durations.get((pk, jurisdiction_level)))
        row.median_final_hours = _median_hours(durations.get((pk, final_level)))

    fields = {Rating.A_PLUS: "rated_a_plus", Rating.A: "rated_a", Rating.B: "rated_b"}
    for jurisdiction_id, rating, count in _ratings(campaign, date_from, date_to):
        if jurisdiction_id in rows and rating in fields:
            setattr(rows[jurisdiction_id], fields[rating], count)
    return list(rows.values())
