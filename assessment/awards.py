"""Use cases of the awards (评选): nominate, summary materials, organizing-unit figures."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from assessment.models import AwardCategory, CoverageRecord, Nomination, SummaryMaterial
from assessment.roles import runs_awards
from campaign.uploads import check_upload
from showcase.models import Jurisdiction, ShowcaseItemPage
from showcase.permissions.grants import evidence_collection_for
from showcase.permissions.scope import tenant_scope

SUMMARY_EXTENSIONS = ("pdf", "docx", "doc", "pptx", "zip", "jpg", "png")
SUMMARY_MAX_BYTES = 100 * 1024 * 1024


def nominate(user, category, *, item=None, unit=None, reason=""):
    """National editors nominate a published activity or video, or an organizing unit."""
    if not runs_awards(user):
        raise PermissionDenied(_("Only national editors can nominate candidates."))
    nomination = Nomination(category=category, item=item, unit=unit, reason=reason, nominated_by=user)
    nomination.full_clean()
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as error:
        raise ValidationError(_("This candidate is already nominated for this award.")) from error
    return nomination


def organizing_unit_figures(unit, campaign):
    """What a unit did in a campaign: items filed and published, ratings, videos, and verified coverage points."""
    items = ShowcaseItemPage.objects.descendant_of(campaign).filter(unit=unit)
    activity, video = Q(activitypage__isnull=False), Q(videopage__isnull=False)
    figures = items.aggregate(
        activities=Count("pk", filter=activity),
        activities_published=Count("pk", filter=activity & Q(live=True)),
        videos=Count("pk", filter=video),
        videos_published=Count("pk", filter=video & Q(live=True)),
        rated_a_plus=Count("pk", filter=Q(rating__rating="A+")),
        rated_a=Count("pk", filter=Q(rating__rating="A")),
        rated_b=Count("pk", filter=Q(rating__rating="B")),
    )
    coverage = CoverageRecord.objects.verified().filter(unit=unit, published_on__year=campaign.year)
    figures["coverage_points"] = coverage.aggregate(points=Sum("points"))["points"] or 0
    return figures


def categories_of(campaign):
    return AwardCategory.objects.filter(campaign=campaign).order_by("sort_order", "pk")


def moderated_jurisdictions(user):
    """The jurisdictions whose summary materials the user may upload and see."""
    scope = tenant_scope(user)
    if scope.national:
        return Jurisdiction.objects.all()
    return Jurisdiction.objects.filter(pk__in=scope.jurisdiction_ids)


def summary_deadline_refusal(campaign, today=None):
    today = today or timezone.localdate()
    deadline = campaign.summary_deadline
    if deadline is not None and today > deadline:
        return _("Summary materials were due by %(date)s; uploads are closed.") % {"date": _date(deadline)}
    return None


def _date(day):
    return _("%(year)d-%(month)02d-%(day)02d") % {"year": day.year, "month": day.month, "day": day.day}


def upload_summary(user, campaign, jurisdiction, title, uploaded, today=None):
    """A jurisdiction's moderator uploads its summary materials (推优材料) before the campaign's deadline."""
    if not moderated_jurisdictions(user).filter(pk=jurisdiction.pk).exists():
        raise PermissionDenied(_("You can upload summary materials only for your own jurisdiction."))
    refusal = summary_deadline_refusal(campaign, today)
    if refusal:
        raise ValidationError(refusal)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the materials a title.")})
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension not in SUMMARY_EXTENSIONS:
        raise ValidationError({"file": _("Upload a %(types)s file.") % {"types": ", ".join(SUMMARY_EXTENSIONS)}})
    if uploaded.size > SUMMARY_MAX_BYTES:
        raise ValidationError({"file": _("Summary materials can be at most 100 MB.")})
    try:
        check_upload(uploaded)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    with transaction.atomic():
        document = get_document_model()(
            title=title,
            file=uploaded,
            collection=evidence_collection_for(jurisdiction),
            uploaded_by_user=user,
        )
        document.save()
        return SummaryMaterial.objects.create(
            campaign=campaign, jurisdiction=jurisdiction, title=title, document=document, uploaded_by=user
        )


def certificate_date(day: datetime.date):
    return f"{day.year}年{day.month}月{day.day}日"
