"""Page views counted in the cache and written to the database in batches, reported by the page's beacon.

Pages are served from a shared cache (Varnish, a CDN) most of the time, so
Django would never hear of those views: each item page asks, from its script,
for the tiny uncached ``view_beacon`` address, and that request counts the
view. The beacon is a GET of an address no cache keeps
(``PUBLIC_CACHE_PRIVATE_PREFIXES`` and the VCL pass it), so it needs no CSRF
exemption; visitors without scripts (crawlers, mostly) are not counted.

Writing a row on every hit would put a write (and a lock) on the hottest read
path; instead each hit increments a cache counter and every ``FLUSH_EVERY`` hits
one UPDATE adds the batch. A cache eviction can lose fewer than ``FLUSH_EVERY``
views of one page, which is acceptable for a popularity figure.
"""

from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse
from django.views.decorators.http import require_GET

FLUSH_EVERY = 10


def _key(page_id):
    return f"showcase:views:{page_id}"


def count_in_cache(key):
    """Add one to the cache counter ``key`` (made on first use) and return its count."""
    if cache.add(key, 1, timeout=None):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)
        return 1


def take_from_cache(key):
    """The count buffered under ``key``, taken out of the cache for the caller to write to the database."""
    pending = cache.get(key, 0)
    if pending > 0:
        cache.decr(key, pending)
    return pending


def record_view(page_id):
    if count_in_cache(_key(page_id)) >= FLUSH_EVERY:
        flush_views(page_id)


def pending_views(page_id):
    return cache.get(_key(page_id), 0)


def flush_views(page_id):
    from showcase.models import ShowcaseItemPage

    pending = take_from_cache(_key(page_id))
    if pending <= 0:
        return 0
    ShowcaseItemPage.objects.filter(pk=page_id).update(view_count=F("view_count") + pending)
    return pending


def total_views(page):
    return page.view_count + pending_views(page.pk)


@require_GET
def view_beacon(request, page_id):
    """Count one view of a live public item: 204, and nothing at all for anything else (404)."""
    from showcase.models import ShowcaseItemPage

    if not ShowcaseItemPage.objects.live().public().filter(pk=page_id).exists():
        return HttpResponse(status=404)
    record_view(page_id)
    return HttpResponse(status=204)
