"""Assessment results for front-ends: published points tables, a campaign's awards, certificate verification.

The same services as the public pages (``compute_points_table``,
``awards_context``, ``verify_certificate``), so the API never shows a table
before it is published, scores before the review round closes, or who scored what.
"""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema

from assessment.awards_results import awards_context
from assessment.certificates import verify_certificate
from assessment.models import AssessmentPeriod
from assessment.points import compute_points_table
from campaign.api.http import public_router, refuse
from campaign.api.inputs import Id
from campaign.models import CampaignHomePage

router = public_router("assessment")


class PeriodOut(Schema):
    id: int
    name: str
    year: int
    starts_on: datetime.date
    ends_on: datetime.date
    bonus_cap: Decimal
    published_at: datetime.datetime | None


class TierOut(Schema):
    id: int
    name: str
    points: Decimal


class PointsRowOut(Schema):
    rank: int
    name: str
    kind: str
    kind_label: str
    by_tier: list[Decimal] = Field(description="Points per outlet tier, in the order of `tiers`.")
    total: Decimal
    capped: Decimal = Field(description="The total after the period's cumulative cap.")
    wechat: int
    wechat_minimum: int
    bulletin: int
    bulletin_minimum: int
    quotas_met: bool


class PointsTableOut(Schema):
    period: PeriodOut
    tiers: list[TierOut]
    rows: list[PointsRowOut]


class WinnerOut(Schema):
    rank: int | None
    name: str
    unit: str | None
    item: int | None = Field(description="The winning activity or video's id, for an item award.")
    final_score: Decimal | None
    certificate_url: str | None
    verification_url: str | None


class AwardCategoryOut(Schema):
    name: str
    kind: str
    places: int
    winners: list[WinnerOut] = Field(description="Empty until the results are announced.")


class CriterionOut(Schema):
    name: str
    max_score: Decimal


class AwardsOut(Schema):
    campaign: int
    results_published: bool
    ranking_rule: str
    criteria: list[CriterionOut]
    categories: list[AwardCategoryOut]


class CertificateOut(Schema):
    code: str
    recipient: str
    award: str
    citation: str
    campaign_title: str
    issuer: str
    issued_on: datetime.date
    pdf_url: str


@router.get(
    "/assessment/periods/",
    response=list[PeriodOut],
    operation_id="assessment_periods",
    summary="Published points tables",
)
def list_periods(request):
    return AssessmentPeriod.objects.filter(points_published=True).order_by("-year", "pk")


@router.get(
    "/assessment/periods/{period_id}/points/",
    response=PointsTableOut,
    operation_id="assessment_points_table",
    summary="Points table",
)
def points_table(request, period_id: Id):
    """The published points table: each body's points per outlet tier, capped total, quotas and rank."""
    period = get_object_or_404(AssessmentPeriod, pk=period_id, points_published=True)
    table = compute_points_table(period)
    return {
        "period": period,
        "tiers": table.tiers,
        "rows": [
            {
                **{name: getattr(row, name) for name in PointsRowOut.model_fields if name != "kind_label"},
                "kind_label": str(row.kind_label),
            }
            for row in table.rows
        ],
    }


def _winner(nomination, request):
    certificate = getattr(nomination, "certificate", None)
    return {
        "rank": nomination.rank,
        "name": nomination.candidate_name,
        "unit": nomination.item.unit.name if nomination.item and nomination.item.unit else None,
        "item": nomination.item_id,
        "final_score": nomination.final_score,
        "certificate_url": certificate
        and request.build_absolute_uri(reverse("assessment:certificate_pdf", args=[certificate.code])),
        "verification_url": certificate
        and request.build_absolute_uri(reverse("assessment:verify_certificate", args=[certificate.code])),
    }


@router.get("/campaigns/{campaign_id}/awards/", response=AwardsOut, operation_id="campaign_awards", summary="Awards")
def campaign_awards(request, campaign_id: Id):
    """A campaign's award categories and ranking rule; winners and their scores once the results are announced."""
    campaign = get_object_or_404(CampaignHomePage.objects.live().public(), pk=campaign_id)
    context = awards_context(campaign)
    return {
        "campaign": campaign.pk,
        "results_published": context["results_published"],
        "ranking_rule": str(context["ranking_rule"]),
        "criteria": context["criteria"],
        "categories": [
            {
                "name": entry["category"].name,
                "kind": entry["category"].kind,
                "places": entry["category"].places,
                "winners": [_winner(nomination, request) for nomination in entry["winners"]],
            }
            for entry in context["award_categories"]
        ],
    }


@router.get(
    "/certificates/{code}/", response=CertificateOut, operation_id="certificates_verify", summary="Verify a certificate"
)
def certificate(request, code: str = Path(..., max_length=64)):
    """Whether a certificate with this code was issued, and what it says; 404 for a code never issued."""
    found = verify_certificate(code)
    if found is None:
        refuse(
            404,
            _("No certificate has the code “%(code)s”. Check the code printed on the certificate.")
            % {"code": code[:64]},
        )
    return {
        **{name: getattr(found, name) for name in CertificateOut.model_fields if name != "pdf_url"},
        "pdf_url": request.build_absolute_uri(reverse("assessment:certificate_pdf", args=[found.code])),
    }
