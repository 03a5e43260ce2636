"""The plan's points table is loaded exactly, and tier points are checked."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessment.models import OutletTier

pytestmark = pytest.mark.django_db

# DOMAIN.md §2, line by line: points per item and what the line counts towards.
PLAN = [
    ("5.00", ""),
    ("3.00", ""),
    ("2.00", ""),
    ("2.00", "provincial_bulletin"),
    ("1.00", "provincial_wechat"),
    ("2.00", ""),
    ("1.00", ""),
    ("0.50", ""),
    ("0.30", ""),
    ("0.20", ""),
]


def test_the_migration_loads_the_plans_table_line_by_line(tiers):
    assert len(tiers) == 10
    loaded = [(str(tiers[line].points), tiers[line].counts_towards) for line in range(1, 11)]
    assert loaded == PLAN
    assert "人民日报头版" in tiers[1].name and "新闻联播" in tiers[1].name
    assert "简报" in tiers[4].name
    assert "微信公众号" in tiers[5].name
    assert tiers[8].name == "市级媒体"


@pytest.mark.parametrize("points", ["-1", "50.01", "1000"])
def test_negative_or_absurd_points_are_refused(tiers, points):
    tier = tiers[8]
    tier.points = Decimal(points)
    with pytest.raises(ValidationError) as error:
        tier.full_clean()
    assert "points" in error.value.message_dict
    assert OutletTier.objects.get(pk=tier.pk).points == Decimal("0.50")
