from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TIER_POINTS = Decimal("50")


class OutletTier(models.Model):
    """A line of the plan's points table: which outlet and placement, and what one item earns.

    Editing the points changes only records verified afterwards: each record
    keeps the points it was verified at.
    """

    class Counts(models.TextChoices):
        NONE = "", _("Bonus points only")
        PROVINCIAL_WECHAT = "provincial_wechat", _("Provincial WeChat account acceptance")
        PROVINCIAL_BULLETIN = "provincial_bulletin", _("Provincial bulletin acceptance")

    name = models.CharField(_("outlet and placement"), max_length=200, unique=True)
    placement = models.CharField(
        _("what counts"),
        max_length=200,
        blank=True,
        help_text=_("Which placements count, such as the front page or an accepted article."),
    )
    points = models.DecimalField(
        _("points per item"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_TIER_POINTS)],
    )
    counts_towards = models.CharField(
        _("counts towards quota"),
        max_length=30,
        choices=Counts.choices,
        blank=True,
        default="",
        help_text=_("Acceptances by the provincial WeChat account or bulletin also count towards the quotas."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("outlet tier")
        verbose_name_plural = _("outlet tiers")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.name}（{self.points}）"
