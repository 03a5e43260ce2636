"""``python -m bench [--activities N]``: build or reuse the demo database, measure, print, write JSON."""

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import django_setup
from bench.django_setup import REPO

BENCH_DIR = REPO / "var" / "bench"
RESULTS_DIR = BENCH_DIR / "results"

# The API as the suite loads it: ours (issue #7, under /api/v3/) beside Wagtail's stock pages endpoint.
# An endpoint that answers 404 (not mounted on this branch) is skipped with a note.
SECTIONS = ("search", "showcase", "numbers", "reindex", "api", "memory")
API_ENDPOINTS = [
    ("ours: activity list", "/api/v3/activities/?limit=20"),
    ("ours: activity detail", "/api/v3/activities/{id}/"),
    ("Wagtail stock: pages list", "/api/v3/pages/?type=showcase.ActivityPage&limit=20"),
    ("Wagtail stock: page detail", "/api/v3/pages/{id}/"),
]


def _arguments():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--activities", type=int, default=100_000, help="items in the demo database (100000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each search and showcase request (3)")
    parser.add_argument("--api-requests", type=int, default=2000, help="requests per API endpoint (2000)")
    parser.add_argument("--memory-requests", type=int, default=10_000, help="mixed requests for memory (10000)")
    parser.add_argument("--skip-server", action="store_true", help="skip the gunicorn measurements (API, memory)")
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        action="append",
        help="measure only this section (repeatable) and merge it into the latest full run's figures",
    )
    return parser.parse_args()


def _database(activities):
    """DATABASE_URL if set, else the suite's own SQLite file; and where the build's figures are kept."""
    url = os.environ.get("DATABASE_URL")
    if url:
        name = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
        return url, BENCH_DIR / f"build-{url.split(':', 1)[0]}-{name}-{activities}.json"
    return f"sqlite:///{BENCH_DIR / f'bench-{activities}.sqlite3'}", BENCH_DIR / f"bench-{activities}.build.json"


def _machine():
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        model = names[0] if names else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{total_kb / 1024 / 1024:.1f} GB"
    return {
        "cpus": os.cpu_count(),
        "cpu": model,
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def _mixed_paths(zone_url):
    """What a visitor's day looks like: the home page, the zone with filters, searches, activity pages."""
    from bench.measure import SHOWCASE_FILTERED, SHOWCASE_PLAIN
    from bench.search_latency import BENCHMARK_QUERIES
    from showcase.models import ActivityPage

    queries = [f"/search/?q={query}" for query, _filters in BENCHMARK_QUERIES[:20]]
    listings = [f"{zone_url}?{query}" for query in SHOWCASE_PLAIN + SHOWCASE_FILTERED]
    activities = [page.get_url(None) for page in ActivityPage.objects.live().order_by("-pk")[:40]]
    mixed = []
    for number in range(max(len(queries), len(listings), len(activities))):
        mixed += ["/", listings[number % len(listings)], queries[number % len(queries)]]
        mixed.append(activities[number % len(activities)])
    return mixed


def main():
    args = _arguments()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    url, marker = _database(args.activities)
    os.environ["DATABASE_URL"] = url
    django_setup.setup()
    from django.db import connection

    from bench import build, measure, report

    run_at = datetime.now(UTC).isoformat(timespec="seconds")
    sections = args.only or [s for s in SECTIONS if not (args.skip_server and s in ("api", "memory"))]
    latest = RESULTS_DIR / f"latest-{connection.vendor}.json"
    if args.only and latest.exists():
        figures = json.loads(latest.read_text(encoding="utf-8"))
    else:
        figures = {
            "run_at": run_at,
            "command": f"make bench BENCH_ACTIVITIES={args.activities}"
            + (" DATABASE_URL=…" if "DATABASE_URL" in os.environ and not url.startswith("sqlite") else ""),
            "machine": _machine(),
            "database": connection.vendor,
            "activities_requested": args.activities,
        }
    if args.only:
        figures.setdefault("partial_runs", []).append(
            {"sections": sections, "run_at": run_at, "machine": _machine(), "command": " ".join(sys.argv[1:])}
        )
    print(f"bench: {connection.vendor}, {args.activities} items; building or reusing the demo…", flush=True)
    seeding = build.ensure_demo(args.activities, marker, sys.stdout)
    figures.setdefault("seeding", seeding)
    figures["content"] = build.content_counts()
    if "search" in sections:
        print("bench: search…", flush=True)
        figures["search"] = measure.search(args.rounds)
    if "showcase" in sections:
        print("bench: showcase page…", flush=True)
        figures["showcase"] = measure.showcase(args.rounds)
    if "numbers" in sections:
        print("bench: dashboards and share posters…", flush=True)
        figures["numbers"] = measure.numbers(args.rounds)
    if "reindex" in sections:
        print("bench: reindexing…", flush=True)
        figures["reindex"] = measure.reindex()
    if "api" in sections or "memory" in sections:
        from bench import server
        from showcase.models import ShowcaseIndexPage

        zone_url = ShowcaseIndexPage.objects.live().first().get_url(None)
        connection.close()
        # The load generator is one address: the per-address search limit would answer most searches 429.
        with server.Gunicorn({"DATABASE_URL": url, "DEBUG": "0", "SEARCH_RATE": "1000000/min"}) as gunicorn:
            if "api" in sections:
                print("bench: API under gunicorn…", flush=True)
                figures["api"], figures["api_notes"] = server.api(gunicorn, API_ENDPOINTS, args.api_requests)
            if "memory" in sections:
                print(f"bench: {args.memory_requests} mixed requests for memory…", flush=True)
                figures["memory"] = server.memory(gunicorn, _mixed_paths(zone_url), args.memory_requests)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{stamp}-{connection.vendor}-{args.activities}.json"
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    latest.write_text(text, encoding="utf-8")
    print(report.table(figures))
    print(f"\nfigures written to {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
