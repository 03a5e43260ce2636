"""Use cases of honour certificates: issue them to the winners, render them, verify a code.

A certificate's PDF is rendered once, by the worker, right after it is issued,
and kept (private storage, served through the certificate's public address):
issuing a hundred certificates never holds the request for a hundred
renderings, and the press downloading a winner's certificate on results day
reads a file. Its texts are frozen at issue, so the file never goes stale. A
certificate whose file is not there yet (the worker is behind) is rendered by
the download that asks for it, and kept.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from assessment.awards import certificate_date
from assessment.certificate_pdf import render_certificate
from assessment.models import Certificate, Nomination
from assessment.models.certificates import CODE_ALPHABET, CODE_LENGTH
from assessment.roles import runs_awards
from campaign.models import CampaignOrganizer

logger = logging.getLogger(__name__)


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
        certificate = Certificate.objects.create(
            nomination=nomination,
            recipient=unit.name if unit else nomination.candidate_name,
            award=nomination.category.name,
            citation=nomination.item.title if nomination.item_id else "",
            campaign_title=campaign.title,
            issuer=issuer,
            issued_on=today or timezone.localdate(),
            issued_by=user,
        )
        transaction.on_commit(partial(render_certificate_file.enqueue, certificate.pk))
        issued.append(certificate)
    return issued


def normalise_code(code):
    return "".join((code or "").split()).upper()


def verify_certificate(code):
    """The genuine certificate with this code, or None."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return Certificate.objects.filter(code=code).select_related("nomination__category__campaign").first()


def verification_url(certificate):
    """On the campaign's own site, whoever first asked for the file: the printed address is the same for all."""
    path = reverse("assessment:verify_certificate", args=[certificate.code])
    site = certificate.nomination.category.campaign.get_site()
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/") + path


def certificate_pdf(certificate):
    return render_certificate(certificate, verification_url(certificate), certificate_date(certificate.issued_on))


def stored_certificate_pdf(certificate):
    """The certificate's kept PDF, rendered and kept first if the worker has not done it yet."""
    if not certificate.pdf:
        _render_and_keep(certificate)
    with certificate.pdf.open("rb") as stored:
        return stored.read()


def _render_and_keep(certificate):
    content = certificate_pdf(certificate)
    name = certificate.pdf.field.generate_filename(certificate, f"{certificate.code}.pdf")
    storage = certificate.pdf.storage
    saved = storage.save(name, ContentFile(content))
    # Two renderings at once (the worker and a download) keep the first file and drop the other.
    if Certificate.objects.filter(pk=certificate.pk, pdf="").update(pdf=saved):
        certificate.pdf.name = saved
    else:
        storage.delete(saved)
        certificate.refresh_from_db(fields=["pdf"])


@task()
def render_certificate_file(certificate_id):
    """Render and keep one certificate's PDF; one already kept, or withdrawn, is left alone."""
    certificate = Certificate.objects.select_related("nomination__category__campaign").filter(pk=certificate_id).first()
    if certificate is None or certificate.pdf:
        return False
    _render_and_keep(certificate)
    return True
