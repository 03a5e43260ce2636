"""Use cases of honour certificates: issue them to the winners, render them, verify a code."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.awards import certificate_date
from assessment.certificate_pdf import render_certificate
from assessment.models import Certificate, Nomination
from assessment.models.certificates import CODE_ALPHABET, CODE_LENGTH
from assessment.roles import runs_awards
from campaign.models import CampaignOrganizer


def _issuer(campaign):
    host = CampaignOrganizer.objects.filter(page=campaign, role=CampaignOrganizer.Role.HOST).order_by("sort_order")
    organizer = host.first()
    return organizer.name if organizer else campaign.title


@transaction.atomic
def issue_certificates(user, review_round, today=None):
    """One certificate per winner of the closed round; already issued ones are kept as they are."""
    if not runs_awards(user):
        raise PermissionDenied(_("Only national editors can issue certificates."))
    if not review_round.is_closed:
        raise ValidationError(_("Certificates can be issued only after the review round has closed."))
    campaign = review_round.campaign
    issuer = _issuer(campaign)
    issued = []
    winners = (
        Nomination.objects.filter(category__campaign=campaign, is_winner=True, certificate__isnull=True)
        .select_related("category", "item__unit", "unit")
        .order_by("category__sort_order", "rank", "pk")
    )
    for nomination in winners:
        unit = nomination.candidate_unit
        issued.append(
            Certificate.objects.create(
                nomination=nomination,
                recipient=unit.name if unit else nomination.candidate_name,
                award=nomination.category.name,
                citation=nomination.item.title if nomination.item_id else "",
                campaign_title=campaign.title,
                issuer=issuer,
                issued_on=today or timezone.localdate(),
                issued_by=user,
            )
        )
    return issued


def normalise_code(code):
    return "".join((code or "").split()).upper()


def verify_certificate(code):
    """The genuine certificate with this code, or None."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return Certificate.objects.filter(code=code).select_related("nomination__category").first()


def verification_url(certificate, request=None):
    path = reverse("assessment:verify_certificate", args=[certificate.code])
    if request is not None:
        return request.build_absolute_uri(path)
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def certificate_pdf(certificate, request=None):
    return render_certificate(
        certificate, verification_url(certificate, request), certificate_date(certificate.issued_on)
    )
