import argparse

from django.core.management.base import BaseCommand
from tqdm import tqdm

from demo.accounts import ensure_admin
from demo.assessment import build_assessment_demo
from demo.campaign import build_campaign, demo_news_count
from demo.content.assessment import DEFAULT_RECORDS
from demo.indexing import index_demo_pages
from demo.items import DEFAULT_ITEM_COUNT
from demo.showcase import build_showcase_demo


def _non_negative(value):
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of items, zero or more, not {value!r}")
    return number


class Command(BaseCommand):
    help = (
        "Build the demo campaign (2023 “节水中国 你我同行”): its pages, news and bulletins, the web zone with "
        "its units, accounts, activities and videos, some of them through the tiered review, the 2022 coverage "
        "assessment and the 2023 award round, then index the items for search. "
        "Safe to run again: existing content is found and reused, nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the demo will be served, for the links printed at the end.",
        )
        parser.add_argument(
            "--activities",
            type=_non_negative,
            default=DEFAULT_ITEM_COUNT,
            metavar="N",
            help=(
                "How many activities and videos the demo zone should hold in all (default %(default)s). "
                "Only the missing ones are added, so running again with the same N adds nothing."
            ),
        )
        parser.add_argument(
            "--records",
            type=int,
            default=DEFAULT_RECORDS,
            metavar="N",
            help="How many media-coverage records the demo's 2022 assessment should hold (default %(default)s).",
        )

    def handle(self, *args, base_url, activities, records, **options):
        # Progress bars go to the raw error stream: tqdm redraws its line, which the command's wrapper would not.
        progress_file = self.stderr._out
        accounts = [ensure_admin()]
        with tqdm(total=demo_news_count(), desc="演示活动 / demo campaign", unit="page", file=progress_file) as bar:
            campaign = build_campaign(progress=bar)
        accounts += build_showcase_demo(campaign, self.stdout, progress_file=progress_file, activities=activities)
        accounts += build_assessment_demo(campaign, self.stdout, records=records)
        index_demo_pages(progress_file=progress_file)

        base_url = base_url.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"演示活动已就绪 / demo campaign ready: {campaign.title}"))
        self.stdout.write(f"网站 / site:  {base_url}/")
        self.stdout.write(f"后台 / admin: {base_url}/admin/")
        self.stdout.write("演示账号 / demo accounts:")
        for account in accounts:
            self.stdout.write(f"  {account.username:<20} {account.password:<24} {account.role}")
