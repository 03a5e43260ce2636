from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

MAX_BONUS_CAP = Decimal("1000")


class BodyKind(models.TextChoices):
    COUNTY = "county", _("County or district (县区)")
    FUNCTIONAL_ZONE = "zone", _("Functional zone (功能区)")


class AssessmentPeriod(ClusterableModel):
    """One year's publicity assessment (考核) of a city's counties and functional zones."""

    name = models.CharField(_("assessment name"), max_length=200, unique=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    starts_on = models.DateField(_("first day counted"))
    ends_on = models.DateField(_("last day counted"))
    bonus_cap = models.DecimalField(
        _("cumulative bonus cap (累计加分上限)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_BONUS_CAP)],
    )
    points_published = models.BooleanField(
        _("points table published"),
        default=False,
        editable=False,
        help_text=_("The assessor publishes the points table on the public site."),
    )
    published_at = models.DateTimeField(_("points table published at"), null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("bonus_cap")]),
        MultiFieldPanel([InlinePanel("quotas", label=_("Quota"))], heading=_("Minimum acceptances per kind of body")),
        InlinePanel("bodies", heading=_("Assessed bodies"), label=_("Assessed body")),
    ]

    class Meta:
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        ordering = ["-year", "name"]
        # The assessors' role; information officers are scoped by their body's group (BodyOfficers).
        permissions = [
            ("view_every_body", _("Can see every assessed body's coverage records, evidence and points")),
            ("publish_points_table", _("Can publish a period's points table")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day counted cannot be before the first day.")
        if self.year and self.starts_on and self.starts_on.year != self.year:
            errors["starts_on"] = _("The first day counted must fall in the assessment year.")
        if errors:
            raise ValidationError(errors)


class AssessedBody(Orderable):
    """A unit assessed in a period: any showcase unit can be one, as a county or a functional zone."""

    period = ParentalKey(
        AssessmentPeriod, verbose_name=_("assessment period"), related_name="bodies", on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        "showcase.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(_("kind of body"), max_length=10, choices=BodyKind.choices)

    panels = [FieldRowPanel([FieldPanel("unit"), FieldPanel("kind")])]

    class Meta(Orderable.Meta):
        verbose_name = _("assessed body")
        verbose_name_plural = _("assessed bodies")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="assessment_unique_body_per_period")]

    def __str__(self):
        return f"{self.unit} · {self.get_kind_display()}"


class PeriodQuota(Orderable):
    """The minimum acceptances of one kind of body by the provincial WeChat account and bulletin."""

    period = ParentalKey(
        AssessmentPeriod, verbose_name=_("assessment period"), related_name="quotas", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind of body"), max_length=10, choices=BodyKind.choices)
    wechat_minimum = models.PositiveSmallIntegerField(
        _("provincial WeChat acceptances required"), default=0, validators=[MaxValueValidator(1000)]
    )
    bulletin_minimum = models.PositiveSmallIntegerField(
        _("provincial bulletin acceptances required"), default=0, validators=[MaxValueValidator(1000)]
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("wechat_minimum"), FieldPanel("bulletin_minimum")])]

    class Meta(Orderable.Meta):
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [models.UniqueConstraint(fields=["period", "kind"], name="assessment_unique_quota_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.wechat_minimum} / {self.bulletin_minimum}"


class BodyOfficers(models.Model):
    """The information officers' group of one assessed body, created by code the first time it is assessed."""

    unit = models.OneToOneField(
        "showcase.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="officers"
    )
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("officers group"), on_delete=models.CASCADE, related_name="officers_of"
    )
    evidence_collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("evidence collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="evidence_of_body",
    )

    class Meta:
        verbose_name = _("information officers of a body")
        verbose_name_plural = _("information officers of bodies")

    def __str__(self):
        return str(self.group)
