"""Purge the shared HTTP cache (Varnish, a CDN) after every public change, with ``wagtail.contrib.frontend_cache``.

It listens to the one ``search.events.public_content_changed`` event that
also bumps the content generation (``campaign.freshness``), rather than to
Wagtail's signals as ``wagtail.contrib.frontend_cache`` would on its own (that
app is therefore not installed: its handlers would purge a second time, and
only on publish and unpublish). What a change purges:

- a page published, unpublished, deleted or saved while live, or an item whose
  rating, recommended slot or unit changed: the page and every ancestor, which
  are the listings it appears in (jurisdiction, zone, news index, campaign
  home), each with its query-string variants (the zone's filtered views);
- a move, a URL change or a view restriction, or a public row no page names
  (a sector, a theme day): the whole site, since any page may show it;
- the share poster and QR code of each changed item with a short link
  (``/s/<code>/poster.png``, ``/s/<code>/qr.svg``), which live outside the
  page's address and are the same in every language;
- and always the site's search and API, as prefixes (``/search/*``, ``/en/search/*``, ``/api/*``).

Every address is purged in each language (Chinese unprefixed, English under
``/en/``). A trailing ``*`` asks for a prefix purge: our VCL bans the prefix
and CloudFront invalidates it; an exact URL also drops its query variants in
our VCL. Purges are sent after the transaction commits, once per address
however many events of it named the address; the addresses of a change that
was rolled back ride along with the next purge, which costs a refetch only.

The purge is sent from the request that made the change, not queued for the
task worker as ``purge_urls_from_cache`` would: a purge is a few quick HTTP
requests, and a queue would add the worker's polling delay to the time a
published change takes to show (the 1 s target). A purge lost to a network
error leaves the page stale at most ``PUBLIC_CACHE_S_MAXAGE`` seconds.
"""

import logging
import threading
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.backends import cloudflare as wagtail_cloudflare
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.models import Page, Site

from config.errors import API_PREFIX
from search import events
from showcase.models import ShortLink

WHOLE_SITE_ACTIONS = {events.MOVED, events.SLUG_CHANGED, events.RESTRICTION_CHANGED}
PAGE_ACTIONS = {events.PUBLISHED, events.UNPUBLISHED, events.DELETED, events.SAVED}

_pending = threading.local()
logger = logging.getLogger(__name__)


def connect():
    events.public_content_changed.connect(_changed, sender=events.ContentChange, dispatch_uid="frontend-cache-purge")


def _changed(sender, change, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = addresses(change)
    if not urls:
        return
    pending = getattr(_pending, "urls", None)
    if pending is None:
        pending = _pending.urls = set()
    pending.update(urls)
    transaction.on_commit(_flush)


def _flush():
    urls = getattr(_pending, "urls", None)
    _pending.urls = None
    if urls:
        send_purge(sorted(urls))


def send_purge(urls):
    """Ask every configured cache to drop ``urls`` now, in this process (see the module's docstring)."""
    purge_urls_from_cache_task.call(urls)


def addresses(change):
    """The full URLs (some ending in ``*``, a prefix) that ``change`` may have made stale in a shared cache."""
    if change.action in WHOLE_SITE_ACTIONS:
        return _whole_sites()
    pages = []
    if issubclass(change.model, Page):
        if change.action not in PAGE_ACTIONS or (change.action == events.SAVED and not change.instance.live):
            return set()
        pages.append(change.instance)
    elif not change.items:
        return _whole_sites()
    pages.extend(Page.objects.filter(pk__in=set(change.items) - {page.pk for page in pages}))
    # Items of one change share their listings (jurisdiction, zone, home): each listing is addressed once.
    listed_pages = {}
    for page in pages:
        for listed in [page, *Page.objects.ancestor_of(page).filter(depth__gt=1)]:
            listed_pages.setdefault(listed.pk, listed)
    urls = set()
    roots = set()
    page_roots = {}
    for listed in listed_pages.values():
        site = listed.get_site()
        if site is None:
            continue
        roots.add(site.root_url)
        page_roots[listed.pk] = site.root_url
        paths = listed.specific_deferred.get_cached_paths()
        for url in _in_each_language(listed.get_full_url):
            urls.update(url + path.lstrip("/") for path in paths)
    for root in roots:
        urls.update(_in_each_language(lambda root=root: f"{root}{reverse('search:search')}*"))
        urls.add(f"{root}{API_PREFIX}*")
    urls.update(_short_link_addresses(pages, page_roots))
    return urls


def _short_link_addresses(pages, page_roots):
    codes = ShortLink.objects.filter(page_id__in=[page.pk for page in pages if page.pk in page_roots])
    urls = set()
    for page_id, code in codes.values_list("page_id", "code"):
        root = page_roots[page_id]
        urls.add(root + reverse("showcase:short_link_poster", args=[code]))
        urls.add(root + reverse("showcase:short_link_qr", args=[code]))
    return urls


def _in_each_language(address):
    """``address()`` under each language of the site (Wagtail and ``reverse`` add the /en/ prefix themselves)."""
    results = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            results.add(address())
    results.discard(None)
    return results


def _whole_sites():
    return {f"{site.root_url}/*" for site in Site.objects.all()}


class CloudflareBackend(wagtail_cloudflare.CloudflareBackend):
    """Wagtail's Cloudflare purge, with our prefix addresses sent as prefixes rather than as literal URLs.

    Cloudflare's purge by URL (``files``) matches exact addresses only, so
    ``https://site/search/*`` would purge nothing. Addresses ending in ``*``
    go to its purge by prefix instead, as host and path without the scheme;
    the whole site (``/*``) becomes the prefix of its host. A listing's
    filtered views (query strings) are not exact addresses either: on
    Cloudflare they refresh within ``PUBLIC_CACHE_S_MAXAGE``, while our
    Varnish drops them with the listing.
    """

    def _purge_urls(self, urls):
        exact = [url for url in urls if not url.endswith("*")]
        prefixes = [cloudflare_prefix(url) for url in urls if url.endswith("*")]
        if exact:
            super()._purge_urls(exact)
        if prefixes:
            self._purge_prefixes(prefixes)

    def _purge_prefixes(self, prefixes):
        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        try:
            response = requests.post(
                self.cloudflare_purge_endpoint_url, json={"prefixes": prefixes}, headers=headers, timeout=30
            )
            answer = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.error("Cloudflare did not take the purge of %d prefixes: %s", len(prefixes), type(error).__name__)
            return
        if not answer.get("success"):
            messages = ", ".join(str(error.get("message")) for error in answer.get("errors", []))
            logger.error("Cloudflare refused the purge of %d prefixes: %s", len(prefixes), messages)


def cloudflare_prefix(url):
    """``https://host/path/*`` → ``host/path/``: Cloudflare's prefixes carry no scheme."""
    parts = urlsplit(url[:-1])
    return f"{parts.netloc}{parts.path or '/'}"
