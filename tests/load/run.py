"""A bounded load run on loopback: readers hammer the public site while a submitter files and a moderator approves.

Not part of ``make test`` (it takes a minute and measures a machine): run it
with ``make load``. It

1. builds (once) a demo database for the run, ``var/load/db.sqlite3`` unless
   ``LOAD_DATABASE_URL`` names another (a PostgreSQL URL works too), with the
   campaign's filing window opened around today so the submitter may file;
2. starts gunicorn on 127.0.0.1 (``LOAD_WORKERS`` workers, default 2, with
   ``LOAD_THREADS`` threads each, default 4);
3. runs ``LOAD_CLIENTS`` readers (default 50) for ``LOAD_SECONDS`` (default 60)
   over the home page, the showcase zone with filters, searches, activity
   pages, share links, news and, if the site answers under ``/api/v3/``, the
   API; meanwhile a unit submitter files and submits activities and the
   jurisdiction's moderator approves them, through the admin, in this process
   against the same database;
4. prints requests per second, p50 and p95 latency and the errors, then checks
   that every filed activity and every approval is in the database.

It exits non-zero on any failed request, any failed filing or approval, or
anything filed or approved that is missing afterwards.
"""

import datetime
import http.client
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

REPO_DIR = Path(__file__).resolve().parents[2]
SITE_DIR = REPO_DIR / "site"
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "2"))
THREADS = int(os.environ.get("LOAD_THREADS", "4"))
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL") or f"sqlite:///{REPO_DIR / 'var' / 'load' / 'db.sqlite3'}"
MEDIA_ROOT = REPO_DIR / "var" / "load" / "media"
SUBMITTER, MODERATOR = "hebei-submitter", "hebei-moderator"
CHECKS = {"authenticity_checked": "on", "accuracy_checked": "on", "completeness_checked": "on"}

ENVIRONMENT = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    "DEBUG": "0",
    "DATABASE_URL": DATABASE_URL,
    "MEDIA_ROOT": str(MEDIA_ROOT),
    "SERVE_MEDIA": "1",
    "LOG_LEVEL": "WARNING",
    # Every reader comes from 127.0.0.1: the per-address search limit would refuse most of their searches.
    "SEARCH_RATE": "1000000/min",
}


def main():
    os.environ.update(ENVIRONMENT)
    sys.path[:0] = [str(SITE_DIR), str(REPO_DIR)]
    prepare_database()

    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    open_filing_window()
    urls = public_urls()

    port = free_port()
    server = start_gunicorn(port)
    try:
        wait_until_up(port)
        urls += api_urls(port)
        readers = Readers(port, urls)
        writers = Writers()
        readers.start()
        writers.start()
        time.sleep(SECONDS)
        readers.stop()
        writers.stop()
    finally:
        server.terminate()
        server.wait(timeout=30)
    missing = writers.missing_afterwards()
    report(readers, writers, missing)
    failed = readers.errors or writers.errors or missing or not writers.filed or not readers.latencies
    sys.exit(1 if failed else 0)


def manage(*arguments):
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=SITE_DIR, env=ENVIRONMENT, check=True, stdout=subprocess.DEVNULL
    )


def prepare_database():
    """Migrate and build the demo once; later runs reuse it (the activities they filed stay, harmlessly)."""
    if DATABASE_URL.startswith("sqlite:///"):
        Path(DATABASE_URL.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("campaign_demo")


def open_filing_window():
    """The demo's window is 2023's; the submitter must be allowed to file today."""
    from campaign.models import CampaignHomePage

    today = datetime.date.today()
    CampaignHomePage.objects.update(
        filing_opens_on=today - datetime.timedelta(days=1), filing_closes_on=today + datetime.timedelta(days=60)
    )


def default_campaign():
    """The campaign the default site serves (the demo builds two, each with its own Hebei page)."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


def hebei_page():
    from showcase.models import JurisdictionPage

    return JurisdictionPage.objects.descendant_of(default_campaign()).get(jurisdiction__code="hebei")


def public_urls():
    """The pages a visitor opens, by kind, from the demo's own content."""
    from campaign.models import NewsPage
    from showcase.models import ActivityPage, Sector, ShowcaseIndexPage
    from showcase.zone.sharing import short_link_for

    campaign = default_campaign()
    zone = ShowcaseIndexPage.objects.live().descendant_of(campaign).first()
    hebei = hebei_page()
    sectors = list(Sector.objects.values_list("slug", flat=True)[:4])
    activities = list(ActivityPage.objects.live().public().order_by("?")[:40])
    news = list(NewsPage.objects.live().public()[:6])
    return [
        ("home", "/"),
        ("zone", zone.url),
        *[("zone filtered", f"{zone.url}?{urlencode({'sector': slug, 'type': 'activity'})}") for slug in sectors],
        ("zone filtered", f"{zone.url}?{urlencode({'jurisdiction': 'hebei', 'sort': 'most_viewed', 'page': 2})}"),
        ("jurisdiction", hebei.url),
        *[("search", f"/search/?{urlencode({'q': q})}") for q in ("节水", "世界水日", "节水 校园", "灌溉", "黄河")],
        ("search", "/search/?" + urlencode({"q": "节水", "type": "video", "sort": "newest"})),
        ("suggest", "/search/suggest/?" + urlencode({"q": "节水"})),
        *[("activity", page.url) for page in activities],
        *[("share link", f"/s/{short_link_for(page).code}") for page in activities[:10]],
        *[("news", page.url) for page in news],
    ]


def api_urls(port):
    """The API's page listing, if this build has the API (issue 7); none otherwise."""
    candidates = [("api", "/api/v3/pages/?limit=10"), ("api", "/api/v3/search/?q=%E8%8A%82%E6%B0%B4")]
    found = []
    for kind, path in candidates:
        status, _seconds = fetch(http.client.HTTPConnection("127.0.0.1", port, timeout=30), path)
        if status == 200:
            found.append((kind, path))
    return found


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        f"--threads={THREADS}",
        "--timeout=60",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, cwd=SITE_DIR, env=ENVIRONMENT)


def wait_until_up(port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if fetch(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/")[0] == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within 60 s")


def fetch(connection, path):
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


class Readers:
    """``CLIENTS`` threads, each with its own keep-alive connection, opening the URLs in random order."""

    def __init__(self, port, urls):
        self.port, self.urls = port, urls
        self.latencies = []
        self.by_kind = {}
        self.errors = []
        self.lock = threading.Lock()
        self.running = threading.Event()
        self.threads = [threading.Thread(target=self.read, args=(n,), daemon=True) for n in range(CLIENTS)]

    def start(self):
        self.running.set()
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=120)
        self.elapsed = time.monotonic() - self.started

    def read(self, number):
        chooser = random.Random(number)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while self.running.is_set():
            kind, path = chooser.choice(self.urls)
            try:
                status, seconds = fetch(connection, path)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.record_error(f"{path}: {type(error).__name__}: {error}")
                continue
            if status not in (200, 301, 302):
                self.record_error(f"{path}: HTTP {status}")
                continue
            with self.lock:
                self.latencies.append(seconds)
                self.by_kind.setdefault(kind, []).append(seconds)

    def record_error(self, message):
        with self.lock:
            self.errors.append(message)


class Writers:
    """A submitter filing and submitting activities, and the moderator approving whatever reaches them."""

    def __init__(self):
        self.filed = []
        self.approved = []
        self.errors = []
        self.running = threading.Event()
        self.filing_done = threading.Event()
        self.threads = [
            threading.Thread(target=self.guarded, args=(self.file,), daemon=True),
            threading.Thread(target=self.guarded, args=(self.approve,), daemon=True),
        ]

    def start(self):
        self.running.set()
        for thread in self.threads:
            thread.start()

    def stop(self):
        """Stop filing first; the moderator then approves what is still waiting and stops."""
        self.running.clear()
        self.threads[0].join(timeout=120)
        self.filing_done.set()
        self.threads[1].join(timeout=120)

    def guarded(self, work):
        from django.db import connection

        try:
            work()
        except Exception as error:  # the run must report it, not die silently in a thread
            self.errors.append(f"{work.__name__}: {type(error).__name__}: {error}")
        finally:
            connection.close()

    def client(self, username):
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=username))
        return client

    def file(self):
        from showcase.models import Region, Sector

        client = self.client(SUBMITTER)
        hebei = hebei_page()
        sector = Sector.objects.order_by("sort_order").first()
        region = Region.objects.filter(name__contains="河北").first() or Region.objects.first()
        day = datetime.date(hebei.campaign.year, 4, 1).isoformat()
        run = time.strftime("%Y%m%d%H%M%S")
        for number in itertools.count(1):
            if not self.running.is_set():
                return
            title = f"压力测试活动 {run}-{number}"
            response = client.post(
                f"/admin/pages/add/showcase/activitypage/{hebei.pk}/",
                activity_form(title, f"load-{run}-{number}", day, sector, region),
            )
            if response.status_code != 302:
                self.errors.append(f"filing {title}: HTTP {response.status_code} (the form was refused)")
                return
            self.filed.append(title)

    def approve(self):
        from showcase.models import ActivityPage, JurisdictionReviewTaskState

        client = self.client(MODERATOR)
        while not self.filing_done.is_set() or self.waiting(JurisdictionReviewTaskState):
            waiting = self.waiting(JurisdictionReviewTaskState)
            if not waiting:
                time.sleep(0.2)
                continue
            for state in waiting:
                page = ActivityPage.objects.get(pk=state.workflow_state.object_id)
                response = client.post(
                    f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {"comment": "", **CHECKS}
                )
                if response.status_code != 302:
                    self.errors.append(f"approving {page.title}: HTTP {response.status_code}")
                    return
                self.approved.append(state.pk)

    def waiting(self, state_class):
        return list(
            state_class.objects.filter(
                status="in_progress", workflow_state__object_id__in=self.filed_ids()
            ).select_related("workflow_state")
        )

    def filed_ids(self):
        from showcase.models import ActivityPage

        return [str(pk) for pk in ActivityPage.objects.filter(title__in=self.filed).values_list("pk", flat=True)]

    def missing_afterwards(self):
        """Everything filed is there and submitted; everything approved is stored as approved."""
        from showcase.models import ActivityPage, JurisdictionReviewTaskState

        found = set(ActivityPage.objects.filter(title__in=self.filed).values_list("title", flat=True))
        missing = [f"activity {title}" for title in self.filed if title not in found]
        approved = set(
            JurisdictionReviewTaskState.objects.filter(pk__in=self.approved, status="approved").values_list(
                "pk", flat=True
            )
        )
        missing += [f"approval {pk}" for pk in self.approved if pk not in approved]
        return missing


def activity_form(title, slug, day, sector, region):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "sectors": sector.name,
            "regions": region.name,
            "starts_on": day,
            "ends_on": day,
            "venue": "石家庄市长安区",
            "participant_count": "80",
            "summary": "压力测试中提交的活动。",
            "body": streamfield([("paragraph", rich_text("<p>活动内容</p>"))]),
            "theme_mark_used": "on",
            "outcomes": rich_text(""),
            "keywords": "",
            "progress_updates": inline_formset([]),
            "evidence": inline_formset([]),
            "action-submit": "Submit",
        }
    )


def report(readers, writers, missing):
    count = len(readers.latencies)
    print()
    print(f"load: {CLIENTS} clients for {readers.elapsed:.0f} s, gunicorn {WORKERS} workers x {THREADS} threads")
    print(f"database: {DATABASE_URL}")
    if count:
        quantiles = statistics.quantiles(readers.latencies, n=20) if count > 1 else readers.latencies * 19
        print(f"requests: {count}, {count / readers.elapsed:.1f}/s")
        print(f"latency: p50 {statistics.median(readers.latencies) * 1000:.0f} ms, p95 {quantiles[18] * 1000:.0f} ms")
        for kind, values in sorted(readers.by_kind.items()):
            print(f"  {kind:<14} {len(values):>6} requests, p50 {statistics.median(values) * 1000:>6.0f} ms")
    print(f"errors: {len(readers.errors)}")
    for error in readers.errors[:20]:
        print(f"  {error}")
    print(f"filed: {len(writers.filed)} activities, approved: {len(writers.approved)}")
    for error in writers.errors:
        print(f"  writer error: {error}")
    print(f"missing afterwards: {len(missing)}")
    for item in missing[:20]:
        print(f"  {item}")


if __name__ == "__main__":
    main()
