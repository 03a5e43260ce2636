import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

SHORT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
SHORT_CODE_LENGTH = 6


class VideoQuotaSlot(models.Model):
    """One of a jurisdiction's numbered video places in a campaign's showcase.

    The unique constraint on (showcase, jurisdiction, number) is what enforces
    the quota: two concurrent submissions cannot take the same place, and the
    service only hands out numbers up to the showcase's quota. Deleting the video
    (or releasing the slot when a video is rejected) frees the place.
    """

    showcase = models.ForeignKey(
        "showcase.ShowcaseIndexPage", verbose_name=_("showcase"), on_delete=models.CASCADE, related_name="+"
    )
    jurisdiction = models.ForeignKey(
        "showcase.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.CASCADE, related_name="video_slots"
    )
    number = models.PositiveSmallIntegerField(_("place"))
    video = models.OneToOneField(
        "showcase.VideoPage", verbose_name=_("video"), on_delete=models.CASCADE, related_name="quota_slot"
    )
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("video quota place")
        verbose_name_plural = _("video quota places")
        constraints = [
            models.UniqueConstraint(fields=["showcase", "jurisdiction", "number"], name="showcase_unique_video_place"),
            models.CheckConstraint(condition=Q(number__gte=1), name="showcase_video_place_positive"),
        ]

    def __str__(self):
        return f"{self.jurisdiction} #{self.number}"


class RecommendedSlotQuerySet(models.QuerySet):
    def current(self, at=None):
        """Slots shown now: inside their time window and pointing at a live item."""
        moment = at or timezone.now()
        return (
            self.filter(Q(starts_at__isnull=True) | Q(starts_at__lte=moment))
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=moment))
            .filter(item__live=True)
            .order_by("sort_order", "pk")
        )


class RecommendedSlot(Orderable):
    """An editor's pick (推荐位): a published activity or video shown first in the showcase."""

    showcase = models.ForeignKey(
        "showcase.ShowcaseIndexPage",
        verbose_name=_("showcase"),
        on_delete=models.CASCADE,
        related_name="recommended_slots",
    )
    item = models.ForeignKey(
        "showcase.ShowcaseItemPage",
        verbose_name=_("activity or video"),
        on_delete=models.CASCADE,
        related_name="recommended_slots",
    )
    starts_at = models.DateTimeField(_("show from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("show until"), null=True, blank=True)

    objects = RecommendedSlotQuerySet.as_manager()

    panels = [
        FieldPanel("showcase"),
        FieldPanel("item"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("recommended slot")
        verbose_name_plural = _("recommended slots")
        constraints = [models.UniqueConstraint(fields=["showcase", "item"], name="showcase_unique_recommendation")]

    def __str__(self):
        return str(self.item)

    def clean(self):
        super().clean()
        errors = {}
        if self.item_id:
            if not self.item.live:
                errors["item"] = _("Only published activities and videos can be recommended.")
            elif self.showcase_id and not self.item.is_descendant_of(self.showcase):
                errors["item"] = _("Choose an activity or video of this showcase.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end of the display period must be after its start.")
        if errors:
            raise ValidationError(errors)


class ShortLink(models.Model):
    """A short code for ``/s/<code>`` that redirects to a published page, for sharing and print."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="short_link")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opens = models.PositiveIntegerField(
        _("opens"),
        default=0,
        editable=False,
        help_text=_("Times the short link was opened: typed, tapped or scanned from a poster's QR code."),
    )

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")

    def __str__(self):
        return self.code

    @staticmethod
    def new_code():
        return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
