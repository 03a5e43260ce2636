"""The measurements that run inside this process: search, the showcase page, reindexing."""

import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.stats import latency

# The showcase as visitors use it: the zone alone and paged, then narrowed by the filters people tick.
SHOWCASE_PLAIN = ["", "page=2", "page=20", "sort=most_viewed"]
SHOWCASE_FILTERED = [
    "sector=education",
    "region=hebei",
    "jurisdiction=shandong",
    "type=video",
    "sector=agriculture&region=henan",
    "sector=community&sector=education&region=guangdong",
    "region=shijiazhuang",
    "sector=education&page=3",
]
PAGE_SIZES = (12, 48)


def search(rounds):
    """The search latencies (``bench.search_latency``), printed as a small table too."""
    from bench import search_latency

    figures = search_latency.measure(rounds)
    print(search_latency.summary(figures), flush=True)
    return figures


def showcase(rounds):
    """p50/p95 and queries per request of the showcase page, with and without filters, for each page size."""
    from showcase.models import ShowcaseIndexPage

    zone = ShowcaseIndexPage.objects.live().first()
    url = zone.get_url(None)
    client = Client(HTTP_HOST="localhost")
    client.get(url)  # the worker loads its facet index at its first listing
    figures = {}
    for per_page in PAGE_SIZES:
        for name, queries in (("without_filters", SHOWCASE_PLAIN), ("with_filters", SHOWCASE_FILTERED)):
            urls = [f"{url}?{query}{'&' if query else ''}per_page={per_page}" for query in queries]
            counts = []
            for address in urls:
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(address)
                if response.status_code != 200:
                    raise RuntimeError(f"{address} answered {response.status_code}")
                counts.append(len(captured))
            seconds = []
            for _round in range(rounds):
                for address in urls:
                    started = time.perf_counter()
                    client.get(address)
                    seconds.append(time.perf_counter() - started)
            figures[f"{name}_{per_page}"] = {
                **latency(seconds),
                "requests": len(seconds),
                "queries_min": min(counts),
                "queries_max": max(counts),
            }
    return figures


def reindex():
    """Reindexing every published activity: documents per second."""
    from search.service import reindex as reindex_pages
    from showcase.models import ActivityPage

    started = time.perf_counter()
    indexed = reindex_pages(models=[ActivityPage])
    seconds = time.perf_counter() - started
    return {"documents": indexed, "seconds": round(seconds, 1), "documents_per_second": round(indexed / seconds)}


def numbers(rounds, posters=20):
    """The campaign in numbers: each zone's dashboard computed (and from the cache), and share posters.

    The dashboard is computed with the cache bypassed, as after every public
    change; its query count is what must not grow with the data. A poster is
    drawn first with the cache emptied, then served from the cache.
    """
    from django.core.cache import cache

    from showcase.models import ShowcaseIndexPage, ShowcaseItemPage
    from showcase.zone.dashboard import campaign_dashboard, compute_dashboard
    from showcase.zone.posters import poster_png

    zones = list(ShowcaseIndexPage.objects.live())
    computed, cached, counts = [], [], []
    for zone in zones:
        compute_dashboard(zone)  # the worker loads its facet index once
        for _round in range(rounds * 10):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                compute_dashboard(zone)
                computed.append(time.perf_counter() - started)
            counts.append(len(captured))
        campaign_dashboard(zone)
        for _round in range(rounds * 10):
            started = time.perf_counter()
            campaign_dashboard(zone)
            cached.append(time.perf_counter() - started)
    items = [item.specific for item in ShowcaseItemPage.objects.live().order_by("-pk")[:posters]]
    cache.clear()
    first, again = [], []
    for item in items:
        started = time.perf_counter()
        poster_png(item, f"https://example.cn/s/{item.pk}")
        first.append(time.perf_counter() - started)
    for item in items:
        started = time.perf_counter()
        poster_png(item, f"https://example.cn/s/{item.pk}")
        again.append(time.perf_counter() - started)
    return {
        "dashboard_computed": {
            **latency(computed),
            "requests": len(computed),
            "queries_min": min(counts),
            "queries_max": max(counts),
        },
        "dashboard_cached": {**latency(cached), "requests": len(cached)},
        "poster_first": {**latency(first), "requests": len(first)},
        "poster_cached": {**latency(again), "requests": len(again)},
    }
