"""The per-jurisdiction video quota: one service for the admin form, the API and the demo."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _


class VideoQuotaExceeded(ValidationError):
    pass


@dataclass(frozen=True)
class QuotaUsage:
    used: int
    quota: int

    @property
    def is_full(self):
        return self.used >= self.quota

    def refusal_message(self):
        return _(
            "This jurisdiction has used %(used)s of its %(quota)s video places in this campaign. "
            "Withdraw or delete a video to free a place."
        ) % {"used": self.used, "quota": self.quota}


def quota_usage(showcase, jurisdiction):
    from showcase.models import VideoQuotaSlot

    used = VideoQuotaSlot.objects.filter(showcase=showcase, jurisdiction=jurisdiction).count()
    return QuotaUsage(used=used, quota=showcase.video_quota)


def claim_video_slot(video):
    """Give ``video`` one of its jurisdiction's numbered places, or refuse.

    Each place is a row with a unique (showcase, jurisdiction, number); when two
    submissions race for the same number the database refuses one of them, which
    then tries the next free number, so the quota holds under concurrency.
    """
    from showcase.models import VideoQuotaSlot
    from showcase.models.pages import jurisdiction_page_of

    if VideoQuotaSlot.objects.filter(video=video).exists():
        return
    jurisdiction_page = jurisdiction_page_of(video)
    showcase = jurisdiction_page.showcase
    jurisdiction = jurisdiction_page.jurisdiction
    taken = set(
        VideoQuotaSlot.objects.filter(showcase=showcase, jurisdiction=jurisdiction).values_list("number", flat=True)
    )
    for number in range(1, showcase.video_quota + 1):
        if number in taken:
            continue
        try:
            with transaction.atomic():
                VideoQuotaSlot.objects.create(showcase=showcase, jurisdiction=jurisdiction, number=number, video=video)
            return
        except IntegrityError:
            continue
    usage = quota_usage(showcase, jurisdiction)
    raise VideoQuotaExceeded(usage.refusal_message(), code="video_quota_exceeded")
