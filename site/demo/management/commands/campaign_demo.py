import argparse
import ipaddress
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from demo.accounts import ensure_admin
from demo.assessment import build_assessment_demo
from demo.campaign import (
    build_campaign,
    current_plan,
    demo_news_count,
    ensure_site,
    history_plan,
    make_default_site_root,
)
from demo.content.assessment import DEFAULT_RECORDS
from demo.indexing import index_demo_pages
from demo.items import DEFAULT_ITEM_COUNT
from demo.office import OFFICE_SITE_LABEL, build_office_site
from demo.showcase import build_showcase_demo
from showcase.models import ShowcaseIndexPage

# The 2023 campaign is history: its zone keeps a tenth of the items the current one gets.
HISTORY_SHARE = 10


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
        "Build the demo: this year's “节水中国 你我同行” campaign, open for filing today (served at the base URL), "
        "the 2023 campaign as history (its own site, 2023.<host>), each with news, guides and a web zone of "
        "units, accounts, activities and videos, some through the tiered review; the 2023 award round; and the "
        "island city's 五水共治 publicity office as its own site (wushui.<host>) with its bulletins and the "
        "published points table of its 2022 coverage assessment; then index the items for search. "
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
                "How many activities and videos the current campaign's zone should hold (default %(default)s); "
                "the 2023 zone holds a tenth as many. Only the missing ones are added, so running again with "
                "the same N adds nothing."
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
        today = timezone.localdate()
        base_url = base_url.rstrip("/")
        address = urlsplit(base_url)
        port = address.port or (443 if address.scheme == "https" else 80)
        accounts = [ensure_admin()]
        news_count = demo_news_count(today)
        with tqdm(total=news_count, desc="演示活动 / demo campaign", unit="page", file=progress_file) as bar:
            current = build_campaign(current_plan(today), progress=bar)
            history = build_campaign(history_plan(), progress=bar)
        make_default_site_root(current)
        history_site = ensure_site(history, sibling_host(address.hostname, str(history.year)), port, history.title)
        accounts += build_showcase_demo(current, self.stdout, progress_file=progress_file, activities=activities)
        accounts += build_showcase_demo(
            history, self.stdout, progress_file=progress_file, activities=activities // HISTORY_SHARE
        )
        assessment_accounts, period, assessor = build_assessment_demo(history, self.stdout, records=records)
        accounts += assessment_accounts
        office_host = sibling_host(address.hostname, OFFICE_SITE_LABEL)
        office, office_site = build_office_site(period, assessor, office_host, port)
        index_demo_pages(progress_file=progress_file)

        self.stdout.write(self.style.SUCCESS(f"演示活动已就绪 / demo campaign ready: {current.title}"))
        self.stdout.write(f"网站 / site:  {base_url}/   (填报开放至 / filing open until {current.filing_closes_on})")
        self.stdout.write(f"往届 / 2023:  {history_site.root_url}/")
        self.stdout.write(f"{office.title}:  {office_site.root_url}/")
        for label, campaign, root in (("数据一览 / in numbers", current, base_url), ("2023 数据一览", history, None)):
            address = dashboard_address(campaign, root)
            if address:
                self.stdout.write(f"{label}:  {address}")
        self.stdout.write(f"后台 / admin: {base_url}/admin/")
        self.stdout.write("演示账号 / demo accounts:")
        seen = set()
        for account in accounts:
            if account.username not in seen:
                seen.add(account.username)
                self.stdout.write(f"  {account.username:<20} {account.password:<24} {account.role}")


def dashboard_address(campaign, root=None):
    """The full address of the campaign's dashboard (its zone's ``dashboard/`` route), under ``root`` if given."""
    showcase = ShowcaseIndexPage.objects.child_of(campaign).live().first()
    if showcase is None:
        return None
    parts = showcase.specific.get_url_parts()
    if parts is None:
        return None
    _site_id, site_root, page_path = parts
    return f"{root or site_root}{page_path}{showcase.specific.reverse_subpage('dashboard')}"


def sibling_host(hostname, label):
    """The host name of another site beside ``hostname``: ``label.localhost`` on a machine's own address.

    Browsers resolve every ``*.localhost`` name to the machine itself, so the
    demo's three sites work on one runserver without editing /etc/hosts.
    """
    hostname = hostname or "localhost"
    try:
        local = ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        local = hostname == "localhost"
    return f"{label}.localhost" if local else f"{label}.{hostname}"
