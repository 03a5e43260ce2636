"""``python -m bench.points_table``: the time the assessment's points table takes at a large period's size.

Makes a period of ``--bodies`` assessed bodies and ``--records`` coverage
records (default 200 and 50,000) on the database ``DATABASE_URL`` names,
computes its points table ``--runs`` times and prints the median and best
time. The data is made in a transaction that is rolled back afterwards, so
the database is left as it was (it must be migrated).
"""

import argparse
import datetime
import random
import statistics
import sys
import time
from decimal import Decimal

from bench import django_setup

BATCH = 2000


class Rollback(Exception):
    """Raised to undo the benchmark's data once measured."""


def _arguments():
    parser = argparse.ArgumentParser(prog="python -m bench.points_table", description=__doc__)
    parser.add_argument("--bodies", type=int, default=200, help="assessed bodies in the period (200)")
    parser.add_argument("--records", type=int, default=50_000, help="coverage records in the period (50000)")
    parser.add_argument("--runs", type=int, default=7, help="how many times to compute the table (7)")
    return parser.parse_args()


def _build(body_count, record_count):
    from tqdm import tqdm

    from assessment.models import AssessedBody, AssessmentPeriod, CoverageRecord, OutletTier, PeriodQuota
    from showcase.models import Jurisdiction, Unit

    rng = random.Random(f"benchmark-{body_count}-{record_count}")  # noqa: S311 - test data
    jurisdiction = Jurisdiction.objects.create(
        name="基准测试辖区", short_name="基准", code="benchmark-only", kind="province"
    )
    units = Unit.objects.bulk_create(
        [Unit(name=f"基准测试单位{number}", jurisdiction=jurisdiction) for number in range(body_count)]
    )
    period = AssessmentPeriod.objects.create(
        name="基准测试考核",
        year=2022,
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
        bonus_cap=Decimal("80"),
    )
    AssessedBody.objects.bulk_create(
        [AssessedBody(period=period, unit=unit, kind="county" if n % 3 else "zone") for n, unit in enumerate(units)]
    )
    PeriodQuota.objects.bulk_create(
        [
            PeriodQuota(period=period, kind="county", wechat_minimum=12, bulletin_minimum=4),
            PeriodQuota(period=period, kind="zone", wechat_minimum=6, bulletin_minimum=2),
        ]
    )
    tiers = list(OutletTier.objects.all())
    for start in tqdm(range(0, record_count, BATCH), desc="records", file=sys.stderr):
        batch = []
        for number in range(start, min(start + BATCH, record_count)):
            tier = rng.choice(tiers)
            batch.append(
                CoverageRecord(
                    period=period,
                    unit=rng.choice(units),
                    tier=tier,
                    outlet="基准日报",
                    headline=f"基准测试报道{number}",
                    published_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=number % 365),
                    url=f"https://bench.example.cn/{number}",
                    live=number % 10 != 0,
                    points=tier.points if number % 10 else None,
                )
            )
        CoverageRecord.objects.bulk_create(batch)
    return period


def measure(bodies, records, runs):
    """Seconds of each computation of the table, on data made and rolled back here."""
    from django.db import transaction

    from assessment.points import compute_points_table

    timings = []
    try:
        with transaction.atomic():
            period = _build(bodies, records)
            for _run in range(runs):
                started = time.perf_counter()
                table = compute_points_table(period)
                timings.append(time.perf_counter() - started)
            if len(table.rows) != bodies:
                raise RuntimeError(f"expected {bodies} rows, got {len(table.rows)}")
            raise Rollback
    except Rollback:
        return timings


def main():
    args = _arguments()
    if min(args.bodies, args.records, args.runs) < 1:
        sys.exit("--bodies, --records and --runs must each be at least 1")
    django_setup.setup()
    from django.db import connection

    timings = measure(args.bodies, args.records, args.runs)
    print(
        f"{connection.vendor}: points table of {args.bodies} bodies and {args.records:,} records: "
        f"median {statistics.median(timings) * 1000:.0f} ms, best {min(timings) * 1000:.0f} ms "
        f"over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
