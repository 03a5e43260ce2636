"""The campaign-day spike: wrk through Varnish and straight at gunicorn, side by side, while items are published.

Not part of ``make test``; run by ``make load`` and ``make bench``. It

1. reuses the load run's demo database (``tests/load/run.py``: SQLite
   ``var/load/db.sqlite3`` unless ``LOAD_DATABASE_URL`` names another);
2. starts gunicorn (2 workers) and a varnishd with the production VCL in front
   of it (``bench.varnish``), Wagtail purging it (``FRONTEND_CACHE_VARNISH_URL``);
3. for each of the home page, the zone, an activity page and a search, runs
   ``wrk`` for ``SPIKE_SECONDS`` (default 10) through Varnish, then the same
   directly against gunicorn, while a unit files and a moderator approves
   (the load run's writers) and an editor publishes a title change of an
   activity every ``SPIKE_PUBLISH_EVERY`` seconds (default 0.5);
4. after each publish, polls the activity through Varnish until it shows the
   new title: the time from the publish's commit to the change being visible,
   and whether the first request after the publish returned (the purges sent)
   was already fresh;
5. prints requests/s, p50/p95 latency, the hit ratio (varnishstat), 5xx, the
   publish-to-visible p95 and the stale count, writes them to
   ``var/load/spike.json`` and exits non-zero when a target is missed: through
   the cache at least 20x the direct requests/s, no 5xx, visible within 1 s
   (p95), never stale after the purge.
"""

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as load

sys.path.insert(0, str(load.REPO_DIR))
from bench.varnish import Varnish

SECONDS = float(os.environ.get("SPIKE_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("SPIKE_CONNECTIONS", "16"))
PUBLISH_EVERY = float(os.environ.get("SPIKE_PUBLISH_EVERY", "0.5"))
SPEEDUP_TARGET, VISIBLE_TARGET = 20.0, 1.0
WRK_SCRIPT = Path(__file__).resolve().with_name("spike.lua")
RESULTS = load.REPO_DIR / "var" / "load" / "spike.json"


def main():
    for tool in ("wrk", "varnishd"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install -y varnish wrk (make load installs them as root)")
    load.prepare_database()
    port = load.free_port()
    server = load.start_gunicorn(port)
    try:
        load.wait_until_up(port)
        with Varnish(port, memory="256m") as cache:
            # The writers publish in this process: they purge the cache the readers go through.
            os.environ.update(load.ENVIRONMENT, FRONTEND_CACHE_VARNISH_URL=cache.url)
            sys.path[:0] = [str(load.SITE_DIR), str(load.REPO_DIR)]
            import django

            django.setup()
            from django.conf import settings

            settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
            settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
            load.open_filing_window()
            results = measure(port, cache)
    finally:
        server.terminate()
        server.wait(timeout=30)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    report(results)
    sys.exit(0 if results["targets_met"] else 1)


def targets():
    from showcase.models import ActivityPage, ShowcaseIndexPage

    campaign = load.default_campaign()
    zone = ShowcaseIndexPage.objects.live().descendant_of(campaign).first()
    activity = ActivityPage.objects.live().public().descendant_of(campaign).order_by("pk").first()
    return [
        ("home", "/"),
        ("zone", zone.relative_url(zone.get_site())),
        ("activity", activity.relative_url(activity.get_site())),
        ("search", "/search/?" + urlencode({"q": "节水"})),
    ]


def site_host():
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"


def measure(port, cache):
    host = site_host()
    pages = targets()
    writers = load.Writers()
    publisher = Publisher(cache, host)
    writers.start()
    publisher.start()
    rows = []
    try:
        for label, path in pages:
            before = cache.counters()
            through = wrk(cache.port, path, host)
            after = cache.counters()
            direct = wrk(port, path, host)
            requests = after["client_req"] - before["client_req"]
            hits = after["cache_hit"] - before["cache_hit"]
            through["hit_ratio"] = round(hits / requests, 4) if requests else 0.0
            rows.append({"page": label, "path": path, "varnish": through, "gunicorn": direct})
    finally:
        publisher.stop()
        writers.stop()
    visible = sorted(publisher.visible)
    p95 = percentile95(visible)
    speedups = [row["varnish"]["rps"] / row["gunicorn"]["rps"] for row in rows if row["gunicorn"]["rps"]]
    fivexx = sum(row["varnish"]["fivexx"] + row["gunicorn"]["fivexx"] for row in rows)
    results = {
        "database": load.DATABASE_URL.split(":", 1)[0],
        "seconds_per_run": SECONDS,
        "connections": CONNECTIONS,
        "gunicorn": f"{load.WORKERS} workers x {load.THREADS} threads",
        "rows": rows,
        "publishes": len(visible),
        "publish_visible_p95_s": round(p95, 4) if p95 is not None else None,
        "publish_visible_max_s": round(visible[-1], 4) if visible else None,
        "purge_done_p95_s": round(percentile95(sorted(publisher.purged)) or 0, 4),
        "stale_after_purge": publisher.stale,
        "publish_errors": publisher.errors,
        "filed": len(writers.filed),
        "approved": len(writers.approved),
        "writer_errors": writers.errors,
        "fivexx": fivexx,
        "min_speedup": round(min(speedups), 1) if speedups else 0.0,
    }
    results["targets_met"] = bool(
        speedups
        and min(speedups) >= SPEEDUP_TARGET
        and fivexx == 0
        and p95 is not None
        and p95 <= VISIBLE_TARGET
        and publisher.stale == 0
        and not publisher.errors
    )
    return results


def percentile95(values):
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def wrk(port, path, host):
    """One wrk run: requests/s, latency percentiles, 5xx and socket errors (spike.lua prints them as JSON)."""
    # The load generator shares the machine's cores with the site: niced, it does not starve gunicorn's renders.
    command = [shutil.which("nice"), "-n", "19", shutil.which("wrk"), "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS:g}s"]
    command += ["-s", str(WRK_SCRIPT)]
    command += ["-H", f"Host: {host}", f"http://127.0.0.1:{port}{quote(path, safe='/?=&%')}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("SPIKE "))
    figures = json.loads(line.removeprefix("SPIKE "))
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    return figures


class Publisher:
    """An editor publishing a title change of one activity again and again; each change is then read through Varnish."""

    def __init__(self, cache, host):
        self.cache, self.host = cache, host
        self.visible, self.purged, self.stale, self.errors = [], [], 0, []
        self.running = threading.Event()
        self.thread = threading.Thread(target=self.guarded, daemon=True)

    def start(self):
        self.running.set()
        self.thread.start()

    def stop(self):
        self.running.clear()
        self.thread.join(timeout=60)

    def guarded(self):
        from django.db import connection

        try:
            self.publish_repeatedly()
        except Exception as error:  # the run must report it, not die silently in a thread
            self.errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    def publish_repeatedly(self):
        from django.db import transaction

        from showcase.models import ActivityPage

        page = ActivityPage.objects.live().public().descendant_of(load.default_campaign()).order_by("-pk").first()
        path = quote(page.relative_url(page.get_site()), safe="/")
        base_title = page.title.split(" · ")[0]
        number = 0
        while self.running.is_set():
            number += 1
            marker = f"{base_title} · 第{number}版 {time.time():.0f}"
            self.read(path)  # the old version is in the cache
            committed = []
            page = ActivityPage.objects.get(pk=page.pk)
            page.title = marker
            with transaction.atomic():
                # Registered first, so it runs at the commit, before the purges that the publish queues.
                transaction.on_commit(lambda done=committed: done.append(time.monotonic()))
                page.save_revision().publish()
            started = committed[0]
            self.purged.append(time.monotonic() - started)
            first = True
            while marker not in self.read(path):
                if first:
                    self.stale += 1
                first = False
                if time.monotonic() - started > 10:
                    self.errors.append(f"{marker!r} not visible through the cache after 10 s")
                    return
            self.visible.append(time.monotonic() - started)
            time.sleep(PUBLISH_EVERY)

    def read(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.cache.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Host": self.host})
            return connection.getresponse().read().decode()
        finally:
            connection.close()


def report(results):
    print()
    print(
        f"spike: wrk -t1 -c{results['connections']} for {results['seconds_per_run']:g} s per page and path;"
        f" gunicorn {results['gunicorn']}; database {results['database']}"
    )
    print(f"{'page':<10} {'via':<9} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'hit ratio':>10} {'5xx':>5}")
    for row in results["rows"]:
        for via in ("varnish", "gunicorn"):
            figures = row[via]
            ratio = f"{figures['hit_ratio']:.3f}" if "hit_ratio" in figures else "-"
            print(
                f"{row['page']:<10} {via:<9} {figures['rps']:>9.1f} {figures['p50_ms']:>8.1f} {figures['p95_ms']:>8.1f}"
                f" {ratio:>10} {figures['fivexx']:>5}"
            )
    print(f"slowest speed-up through the cache: {results['min_speedup']}x (target {SPEEDUP_TARGET:g}x)")
    print(
        f"publishes: {results['publishes']}, visible through the cache p95 {results['publish_visible_p95_s']} s,"
        f" max {results['publish_visible_max_s']} s (purges sent p95 {results['purge_done_p95_s']} s after the commit);"
        f" stale after the purge: {results['stale_after_purge']}"
    )
    print(f"filed {results['filed']}, approved {results['approved']} meanwhile; 5xx: {results['fivexx']}")
    for error in results["publish_errors"] + results["writer_errors"]:
        print(f"  error: {error}")
    print("targets met" if results["targets_met"] else "TARGETS MISSED")


if __name__ == "__main__":
    main()
