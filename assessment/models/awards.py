"""Award categories, nominations and the jurisdictions' summary materials (推优材料)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class AwardKind(models.TextChoices):
    ORGANIZING_UNIT = "organizing_unit", _("Excellent organizing units (优秀组织单位)")
    ACTIVITY = "activity", _("Excellent activities (优秀活动)")
    VIDEO = "video", _("Best creative publicity videos (最佳节水宣传创意视频)")


class AwardCategory(models.Model):
    campaign = models.ForeignKey(
        "campaign.CampaignHomePage", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind of award"), max_length=20, choices=AwardKind.choices)
    name = models.CharField(_("award name"), max_length=100)
    places = models.PositiveSmallIntegerField(
        _("number of places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("campaign"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("places")]),
    ]

    class Meta:
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        ordering = ["campaign", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="assessment_unique_award_kind")]

    def __str__(self):
        return f"{self.name}（{self.campaign.title}）"


class Nomination(models.Model):
    """A candidate for an award: a published activity or video, or an organizing unit.

    ``final_score``, ``rank`` and ``is_winner`` are written once, when the
    review round closes; until then they are empty.
    """

    category = models.ForeignKey(
        AwardCategory, verbose_name=_("award category"), on_delete=models.CASCADE, related_name="nominations"
    )
    item = models.ForeignKey(
        "showcase.ShowcaseItemPage",
        verbose_name=_("activity or video"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        "showcase.Unit",
        verbose_name=_("organizing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    reason = models.TextField(_("reason for the nomination"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    rating_score = models.DecimalField(_("rating score"), max_digits=6, decimal_places=2, null=True, editable=False)
    expert_score = models.DecimalField(_("expert score"), max_digits=6, decimal_places=2, null=True, editable=False)
    final_score = models.DecimalField(_("final score"), max_digits=6, decimal_places=2, null=True, editable=False)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, editable=False)
    is_winner = models.BooleanField(_("winner"), default=False, editable=False)

    panels = [FieldPanel("category"), FieldPanel("item"), FieldPanel("unit"), FieldPanel("reason")]

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["category", "rank", "pk"]
        # The awards' roles: national editors run them, experts score what is assigned to them.
        permissions = [
            ("run_awards", _("Can nominate candidates, assign experts, close review rounds and issue certificates")),
            ("score_nominations", _("Can be assigned nominations to score")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["category", "item"], name="assessment_unique_item_nomination"),
            models.UniqueConstraint(fields=["category", "unit"], name="assessment_unique_unit_nomination"),
        ]

    def __str__(self):
        return self.candidate_name

    @property
    def candidate_name(self):
        if self.item_id:
            return self.item.title
        return self.unit.name if self.unit_id else "—"

    @property
    def candidate_unit(self):
        return self.item.unit if self.item_id else self.unit

    def clean(self):
        super().clean()
        if not self.category_id:
            return
        category = self.category
        if category.kind == AwardKind.ORGANIZING_UNIT:
            if not self.unit_id or self.item_id:
                raise ValidationError({"unit": _("Nominate an organizing unit, not an activity or video.")})
            return
        if not self.item_id or self.unit_id:
            raise ValidationError({"item": _("Nominate a published activity or video, not a unit.")})
        self._check_item_eligible(category)

    def _check_item_eligible(self, category):
        item = self.item.specific
        expected = "activitypage" if category.kind == AwardKind.ACTIVITY else "videopage"
        if item._meta.model_name != expected:
            raise ValidationError(
                {"item": _("“%(title)s” is not of the kind this award is for.") % {"title": item.title}}
            )
        if not item.live:
            raise ValidationError(
                {
                    "item": _(
                        "“%(title)s” is not published in the web zone, so it cannot be recommended "
                        "(only published activities and videos are eligible)."
                    )
                    % {"title": item.title}
                }
            )
        if not item.is_descendant_of(category.campaign):
            raise ValidationError({"item": _("“%(title)s” belongs to another campaign.") % {"title": item.title}})


class SummaryMaterial(models.Model):
    """A jurisdiction's recommendation and summary materials (推优材料), due by the campaign's deadline."""

    campaign = models.ForeignKey(
        "campaign.CampaignHomePage", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    jurisdiction = models.ForeignKey(
        "showcase.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("summary material")
        verbose_name_plural = _("summary materials")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
