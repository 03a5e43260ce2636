"""Expert review (专家评审) of the nominations of one campaign's award round."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_CRITERIA = (
    ("organization", _("Organization (组织实施)")),
    ("mobilization", _("Social mobilization (社会动员)")),
    ("linkage", _("Cross-sector linkage (跨界联动)")),
    ("reach", _("Publicity reach (宣传成效)")),
)


class ReviewRound(models.Model):
    """The expert review of one campaign's awards, with the weights of its ranking rule."""

    campaign = models.OneToOneField(
        "campaign.CampaignHomePage", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    rating_weight = models.PositiveSmallIntegerField(
        _("weight of ratings (%)"), default=40, validators=[MaxValueValidator(100)]
    )
    expert_weight = models.PositiveSmallIntegerField(
        _("weight of expert scores (%)"), default=60, validators=[MaxValueValidator(100)]
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")

    def __str__(self):
        return str(self.campaign)

    @property
    def is_closed(self):
        return self.closed_at is not None

    def clean(self):
        super().clean()
        if self.rating_weight + self.expert_weight != 100:
            raise ValidationError(_("The two weights must add up to 100%."))


class ReviewCriterion(models.Model):
    """A published criterion experts score against, out of ``max_score``."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("review round"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("criterion"), max_length=100)
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=25, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="assessment_unique_criterion")]

    def __str__(self):
        return self.name


class ExpertAssignment(models.Model):
    """A nomination given to one expert to score; the expert's comment lives here."""

    nomination = models.ForeignKey(
        "assessment.Nomination", verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="expert_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    comment = models.TextField(_("expert comment"), blank=True)
    submitted_at = models.DateTimeField(_("scored at"), null=True, editable=False)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["nomination", "expert"]
        constraints = [models.UniqueConstraint(fields=["nomination", "expert"], name="assessment_unique_assignment")]

    def __str__(self):
        return f"{self.nomination} · {self.expert}"

    def total(self):
        return sum((score.value for score in self.scores.all()), Decimal(0))


class ExpertScore(models.Model):
    assignment = models.ForeignKey(
        ExpertAssignment, verbose_name=_("expert assignment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        ReviewCriterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("expert score")
        verbose_name_plural = _("expert scores")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="assessment_unique_score")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"

    def clean(self):
        super().clean()
        if self.value is not None and self.criterion_id and not 0 <= self.value <= self.criterion.max_score:
            raise ValidationError(
                {
                    "value": _("Score %(criterion)s between 0 and %(max)s.")
                    % {"criterion": self.criterion.name, "max": self.criterion.max_score}
                }
            )
