"""The demo's assessment: a 2022 period with coverage in every state, and a complete 2023 award round."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import WorkflowState

from assessment.models import AssessmentPeriod, AwardsPage, Certificate, CoverageRecord, Nomination, ReviewRound
from assessment.points import compute_points_table
from demo.content import assessment as content

pytestmark = pytest.mark.django_db

RECORDS = 400


def run_demo():
    out = io.StringIO()
    call_command("campaign_demo", activities=60, records=RECORDS, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_demo_builds_the_assessment_and_the_awards_once():
    output = run_demo()
    period = AssessmentPeriod.objects.get(year=2022)
    assert period.bodies.filter(kind="county").count() == 4 and period.bodies.filter(kind="zone").count() == 5
    assert CoverageRecord.objects.count() == RECORDS
    statuses = set(
        WorkflowState.objects.filter(base_content_type__model="coveragerecord").values_list("status", flat=True)
    )
    assert statuses == {WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES}
    assert "duplicates refused" in output and " 0 duplicates" not in output
    assert set(CoverageRecord.objects.values_list("tier__sort_order", flat=True)) == set(range(1, 11))
    table = compute_points_table(period)
    assert len(table.rows) == 9 and table.rows[0].rank == 1
    assert sum(row.total for row in table.rows) == sum(
        CoverageRecord.objects.verified().values_list("points", flat=True)
    )

    assert ReviewRound.objects.get().is_closed
    assert Nomination.objects.filter(assignments__scores__isnull=False).distinct().count() == Nomination.objects.count()
    winners = Nomination.objects.filter(is_winner=True).count()
    assert winners >= len(content.CATEGORIES) and Certificate.objects.count() == winners
    assert AwardsPage.objects.live().count() == 1
    assert "assessor" in output and "expert-zhang" in output

    again = run_demo()
    assert CoverageRecord.objects.count() == RECORDS and Certificate.objects.count() == winners
    assert "0 coverage records added" in again
