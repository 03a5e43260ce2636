"""The public search's latency on the current database: ours beside Wagtail's stock search and the bare engine query.

``python -m bench`` runs it on its demo database (``--only search`` for this
section alone). For a fixed list of realistic queries it measures the median
and 95th percentile of: our service with facet counts (what the search page
costs) the first time the words are asked since the index last changed, and
asked again (a worker keeps the text matches of recent searches until
anything is published), Wagtail's stock ``.live().search(query)`` on the same
index (the backend without our query segmentation: fast, but it finds almost
nothing in Chinese), and the bare full-text query by raw SQL (the floor no
search on this engine can beat).
"""

import statistics
import time
from contextlib import contextmanager

from django.db import OperationalError, connection
from modelsearch.backends.database import SearchBackend as stock_backend_for
from modelsearch.conf import get_app_config

from search.database_engine import forget_text_matches
from search.segmentation import query_terms
from search.service import search
from search.types import SearchFilters, SearchRequest
from showcase.models import ActivityPage

# One- to four-word queries, common and rare, a few with filters: what visitors type.
BENCHMARK_QUERIES = [
    ("节水", {}),
    ("水", {}),
    ("宣传", {}),
    ("节水宣传", {}),
    ("世界水日", {}),
    ("3.22", {}),
    ("中国水周", {}),
    ("进校园", {}),
    ("节水 校园", {}),
    ("节水知识竞赛", {}),
    ("再生水利用", {}),
    ("节水型社会", {}),
    ("节水型高校", {}),
    ("河长制", {}),
    ("水效领跑者", {}),
    ("合同节水管理", {}),
    ("农业 节水灌溉", {}),
    ("滴灌", {}),
    ("高标准农田 灌溉", {}),
    ("管网漏损", {}),
    ("节水器具 社区", {}),
    ("志愿者 节水 宣传", {}),
    ("短视频", {}),
    ("直播", {}),
    ("海绵城市 雨水", {}),
    ("地下水超采", {}),
    ("石家庄 节水", {}),
    ("黄河 节水 宣传 活动", {}),
    ("节约用水", {}),
    ("大学生", {}),
    ("节水", {"sector": ("education",)}),
    ("宣传", {"region": ("hebei",)}),
    ("活动", {"type": ("video",)}),
    ("节水 社区", {"sector": ("community",), "region": ("shandong",)}),
]


# Seconds after which one stock search is cut off and counted at this value.
STOCK_TIME_LIMIT = 5.0


@contextmanager
def _time_limit(seconds):
    """Abort the block's database work after ``seconds`` (SQLite progress handler, PostgreSQL statement_timeout)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        deadline = time.perf_counter() + seconds
        connection.connection.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
        try:
            yield
        finally:
            connection.connection.set_progress_handler(None, 0)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(seconds * 1000)])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(rounds=3):
    """p50 and p95 in milliseconds of each way of searching, over ``BENCHMARK_QUERIES``."""
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    items = ActivityPage.objects.live().count()
    if not items:
        raise RuntimeError("There are no published activities to search: run campaign_demo first.")
    stock_backend = stock_backend_for({})
    timings = {"service_first": [], "service": [], "stock": [], "floor": []}
    found = {"service": 0, "stock": 0}
    search(SearchRequest(text="预热"))  # load the dictionary and the facet index, as a running worker has
    for query, filters in BENCHMARK_QUERIES:
        request = SearchRequest(text=query, filters=SearchFilters(**filters))
        # The first search of the words since the index last changed; the rounds then repeat it.
        forget_text_matches()
        started = time.perf_counter()
        search(request)
        timings["service_first"].append(time.perf_counter() - started)
        for _round in range(rounds):
            started = time.perf_counter()
            result = search(request)
            timings["service"].append(time.perf_counter() - started)

            started = time.perf_counter()
            _bare_query(query)
            timings["floor"].append(time.perf_counter() - started)
        started = time.perf_counter()
        stock_hits = _stock_search(stock_backend, query)
        timings["stock"].append(time.perf_counter() - started)
        found["service"] += result.total > 0
        found["stock"] += bool(stock_hits)

    figures = {
        "database": connection.vendor,
        "activities": items,
        "queries": len(BENCHMARK_QUERIES),
        "rounds": rounds,
        "queries_with_results": found,
    }
    for name, values in timings.items():
        figures[name] = {
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(_percentile(values, 0.95) * 1000, 1),
        }
    return figures


def _stock_search(backend, query):
    """Wagtail's stock search, first page; given up after ``STOCK_TIME_LIMIT`` seconds (its ranking re-runs the
    match for every matching row, which takes minutes for a common word over a hundred thousand pages)."""
    with _time_limit(STOCK_TIME_LIMIT):
        try:
            return list(backend.search(query, ActivityPage.objects.live())[:12])
        except OperationalError:
            return []


def _bare_query(query):
    """The engine's own full-text query for the segmented words, first page only, by raw SQL."""
    words = [term.word for term in query_terms(query)]
    if not words:
        return []
    app = get_app_config()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            table = app.get_model("SQLiteFTSIndexEntry")._meta.db_table
            match = "{title body} : (" + " AND ".join(f'"{word}"' for word in words) + ")"
            cursor.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY bm25({table}) LIMIT 12",  # noqa: S608
                [match],
            )
        else:
            table = app.get_model("IndexEntry")._meta.db_table
            tsquery = " & ".join(f"'{word}'" for word in words)
            cursor.execute(
                f"SELECT id FROM {table} WHERE (title || body) @@ to_tsquery('simple', %s) "  # noqa: S608
                "ORDER BY ts_rank(title || body, to_tsquery('simple', %s)) DESC LIMIT 12",
                [tsquery, tsquery],
            )
        return cursor.fetchall()


def summary(figures):
    """The figures as the lines of a small table, with the ratios to the stock search and to the floor."""
    lines = [
        f"{figures['database']}, {figures['activities']} published activities, "
        f"{figures['queries']} queries x {figures['rounds']} rounds",
        f"{'':<62}{'p50 ms':>10}{'p95 ms':>10}",
    ]
    labels = {
        "service_first": "search service, with facet counts, first search of the words",
        "service": "search service, the same search repeated",
        "stock": f"Wagtail stock .live().search(), page 1 (once; cut at {STOCK_TIME_LIMIT:.0f} s)",
        "floor": "bare full-text query (raw SQL), page 1",
    }
    for name, label in labels.items():
        lines.append(f"{label:<62}{figures[name]['p50_ms']:>10}{figures[name]['p95_ms']:>10}")
    ours, stock, floor = (figures[name]["p95_ms"] for name in ("service_first", "stock", "floor"))
    if stock and floor:
        lines.append(f"p95 ratios: ours / stock {ours / stock:.2f}x, ours / floor {ours / floor:.1f}x")
    lines.append(
        f"queries with any result: ours {figures['queries_with_results']['service']}, "
        f"stock {figures['queries_with_results']['stock']} of {figures['queries']}"
    )
    return "\n".join(lines)
