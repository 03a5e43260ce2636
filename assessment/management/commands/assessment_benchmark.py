import datetime
import random
import statistics
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from assessment.models import AssessedBody, AssessmentPeriod, CoverageRecord, OutletTier, PeriodQuota
from assessment.points import compute_points_table
from showcase.models import Jurisdiction, Unit

BATCH = 2000


class Rollback(Exception):
    """Raised to undo the benchmark's data once measured."""


class Command(BaseCommand):
    help = (
        "Measure the points table of a period of N bodies and M verified coverage records (default 200 and "
        "50,000). The data is made in a transaction that is rolled back afterwards, so the database is left as "
        "it was. Prints the median time of computing the table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bodies", type=int, default=200)
        parser.add_argument("--records", type=int, default=50_000)
        parser.add_argument("--runs", type=int, default=7, help="How many times to compute the table.")

    def handle(self, *args, bodies, records, runs, **options):
        try:
            with transaction.atomic():
                period = self._build(bodies, records)
                timings = []
                for _run in range(runs):
                    started = time.perf_counter()
                    table = compute_points_table(period)
                    timings.append(time.perf_counter() - started)
                if len(table.rows) != bodies:
                    raise CommandError(f"expected {bodies} rows, got {len(table.rows)}")
                self.stdout.write(
                    f"{connection.vendor}: points table of {bodies} bodies and {records:,} records: "
                    f"median {statistics.median(timings) * 1000:.0f} ms, best {min(timings) * 1000:.0f} ms "
                    f"over {runs} runs"
                )
                raise Rollback
        except Rollback:
            pass

    def _build(self, body_count, record_count):
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
        for start in tqdm(range(0, record_count, BATCH), desc="records", file=self.stderr._out):
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
