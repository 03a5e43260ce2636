"""The points table of an assessment period, computed by the database in one aggregate query.

Each assessed body is one row: verified points per outlet tier, the total
before and after the period's cumulative cap, its provincial WeChat and
bulletin acceptances against its kind's quota, and its rank by the capped
total (equal totals share a rank, the next rank is skipped: 1, 1, 3).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, FilteredRelation, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, Least, Rank, Round

from assessment.models import AssessedBody, BodyKind, OutletTier, PeriodQuota

TOTAL_FIELD = DecimalField(max_digits=12, decimal_places=2)
ZERO = Decimal("0.00")
HUNDREDTH = Decimal("0.01")


@dataclass
class PointsRow:
    unit_id: int
    name: str
    kind: str
    by_tier: list
    total: Decimal
    capped: Decimal
    wechat: int
    wechat_minimum: int
    bulletin: int
    bulletin_minimum: int
    rank: int

    @property
    def kind_label(self):
        return BodyKind(self.kind).label

    @property
    def wechat_short(self):
        return max(0, self.wechat_minimum - self.wechat)

    @property
    def bulletin_short(self):
        return max(0, self.bulletin_minimum - self.bulletin)

    @property
    def quotas_met(self):
        return not self.wechat_short and not self.bulletin_short


@dataclass
class PointsTable:
    period: object
    tiers: list
    rows: list = field(default_factory=list)

    @property
    def highest(self):
        return max((row.total for row in self.rows), default=ZERO)


def _quota(column):
    quotas = PeriodQuota.objects.filter(period=OuterRef("period"), kind=OuterRef("kind")).values(column)[:1]
    return Coalesce(Subquery(quotas, output_field=IntegerField()), Value(0))


def points_queryset(period, tiers):
    """One row per assessed body; the verified records are joined once, filtered in the join itself."""
    wechat_tiers = [tier.pk for tier in tiers if tier.counts_towards == OutletTier.Counts.PROVINCIAL_WECHAT]
    bulletin_tiers = [tier.pk for tier in tiers if tier.counts_towards == OutletTier.Counts.PROVINCIAL_BULLETIN]
    # Rounded in the database so that SQLite's floating sums compare and rank as the decimals they are.
    total = Round(
        Coalesce(Sum("verified__points", output_field=TOTAL_FIELD), Value(ZERO), output_field=TOTAL_FIELD),
        2,
        output_field=TOTAL_FIELD,
    )
    capped = Least(total, Value(period.bonus_cap, output_field=TOTAL_FIELD), output_field=TOTAL_FIELD)
    per_tier = {
        f"tier_{tier.pk}": Round(
            Coalesce(
                Sum("verified__points", filter=Q(verified__tier_id=tier.pk), output_field=TOTAL_FIELD),
                Value(ZERO),
                output_field=TOTAL_FIELD,
            ),
            2,
            output_field=TOTAL_FIELD,
        )
        for tier in tiers
    }
    return (
        AssessedBody.objects.filter(period=period)
        .annotate(
            verified=FilteredRelation(
                "unit__coverage_records",
                condition=Q(
                    unit__coverage_records__period=F("period"),
                    unit__coverage_records__live=True,
                    unit__coverage_records__points__isnull=False,
                ),
            )
        )
        .values("unit_id", "unit__name", "kind")
        .annotate(
            **per_tier,
            total=total,
            capped=capped,
            wechat=Count("verified", filter=Q(verified__tier_id__in=wechat_tiers)),
            bulletin=Count("verified", filter=Q(verified__tier_id__in=bulletin_tiers)),
            wechat_minimum=_quota("wechat_minimum"),
            bulletin_minimum=_quota("bulletin_minimum"),
            rank=Window(Rank(), order_by=capped.desc()),
        )
        .order_by("rank", "unit__name")
    )


def _hundredths(value):
    return Decimal(str(value)).quantize(HUNDREDTH)


def compute_points_table(period, tiers=None):
    """The period's points table: one query for the tiers (unless given) and one aggregate query for the rows."""
    tiers = list(OutletTier.objects.all()) if tiers is None else tiers
    table = PointsTable(period=period, tiers=tiers)
    for values in points_queryset(period, tiers):
        table.rows.append(
            PointsRow(
                unit_id=values["unit_id"],
                name=values["unit__name"],
                kind=values["kind"],
                by_tier=[_hundredths(values[f"tier_{tier.pk}"]) for tier in tiers],
                total=_hundredths(values["total"]),
                capped=_hundredths(values["capped"]),
                wechat=values["wechat"],
                wechat_minimum=values["wechat_minimum"],
                bulletin=values["bulletin"],
                bulletin_minimum=values["bulletin_minimum"],
                rank=values["rank"],
            )
        )
    return table
