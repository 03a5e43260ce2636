"""The demo database the suite measures: built once, then reused while it holds enough items.

Building is itself measured (seeding rate, first indexing), so the figures
of the build are kept beside the database and reported again on later runs.
"""

import json
import time
from contextlib import contextmanager
from datetime import UTC, datetime

from django.core.management import call_command


@contextmanager
def _timed(module, name, timings):
    """Time every call of ``module.name`` made inside the block (patched in the demo module that calls it)."""
    original = getattr(module, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        result = original(*args, **kwargs)
        timings.append((time.perf_counter() - started, result))
        return result

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, original)


def item_count():
    from showcase.models import ShowcaseItemPage

    return ShowcaseItemPage.objects.count()


def ensure_demo(activities, marker_path, stdout):
    """Build (or top up) the demo to ``activities`` items; returns the seeding figures, measured now or cached."""
    call_command("migrate", interactive=False, verbosity=0)
    if marker_path.exists() and item_count() >= activities:
        figures = json.loads(marker_path.read_text(encoding="utf-8"))
        figures["cached"] = True
        return figures
    import demo.indexing
    import demo.showcase

    items, indexing = [], []
    started = time.perf_counter()
    with _timed(demo.showcase, "build_items", items), _timed(demo.indexing, "reindex", indexing):
        call_command("campaign_demo", activities=activities, stdout=stdout, stderr=stdout)
    whole = time.perf_counter() - started
    added = sum(count for _seconds, count in items)
    item_seconds = sum(seconds for seconds, _count in items)
    indexed = sum(count for _seconds, count in indexing)
    index_seconds = sum(seconds for seconds, _count in indexing)
    figures = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "items_added": added,
        "items_seconds": round(item_seconds, 1),
        "items_per_second": round(added / item_seconds) if item_seconds else None,
        "first_index_pages": indexed,
        "first_index_seconds": round(index_seconds, 1),
        "first_index_pages_per_second": round(indexed / index_seconds) if index_seconds else None,
        "whole_demo_seconds": round(whole, 1),
        "cached": False,
    }
    if added:
        marker_path.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return figures


def content_counts():
    from django.db.models import Count
    from wagtail.models import Page

    from showcase.models import ActivityPage, JurisdictionPage, Unit, VideoPage

    return {
        "activities": ActivityPage.objects.count(),
        "published_activities": ActivityPage.objects.live().count(),
        "videos": VideoPage.objects.count(),
        "units": Unit.objects.count(),
        "jurisdiction_pages": JurisdictionPage.objects.count(),
        "pages": Page.objects.aggregate(count=Count("pk"))["count"],
    }
