"""Keeping the search index and the facet log in step with what the public may see.

Both receive ``search.events.public_content_changed``. Wagtail indexes a page
when it is saved, but it neither removes a page that is unpublished (the
stale entry would stay searchable) nor reindexes pages whose visibility
changes because an ancestor moved or gained a view restriction. Our pages
index only their live, public state (``CampaignBasePage.get_indexed_objects``),
so ``refresh_indexes`` adds or removes the pages concerned; the Elasticsearch
index, when configured, is told of the same pages (``search.elastic.sync``
also follows what its documents borrow from other rows).

``log_facet_change`` writes the log the facet index every worker keeps in
memory reads (``search.facet_index``): a saved or deleted page, the item of a
rating, or (when facet values, their labels or a subtree changed) everything.
"""

from django.conf import settings
from modelsearch import index
from wagtail.models import Page

from search import facet_index
from search.events import (
    DELETED,
    MOVED,
    PUBLISHED,
    RESTRICTION_CHANGED,
    SAVED,
    SLUG_CHANGED,
    UNPUBLISHED,
    ContentChange,
    public_content_changed,
)


def _refresh_database_index(page):
    page = page.specific_deferred if isinstance(page, Page) else page
    if index.get_indexed_instance(page) is not None:
        index.insert_or_update_object(page)
    else:
        index.remove_object(page)


def _refresh_elasticsearch(page_ids):
    if settings.ELASTICSEARCH_URL:
        # Loaded only when a cluster is configured: a site on the database never imports the client.
        from search.elastic import sync as elastic_sync

        elastic_sync.refresh_pages(page_ids)


def refresh_page(page):
    """Put ``page`` in the index if the public may see it, take it out otherwise."""
    _refresh_database_index(page)
    _refresh_elasticsearch([page.pk])


def refresh_pages(page_ids):
    """``refresh_page`` for many pages: after a move or a new view restriction, a subtree may change visibility."""
    page_ids = list(page_ids)
    for page in Page.objects.filter(pk__in=page_ids).specific(defer=True):
        _refresh_database_index(page)
    _refresh_elasticsearch(page_ids)


def refresh_indexes(sender, change, **kwargs):
    if change.action == PUBLISHED:
        # Wagtail's own post_save handler has already put the live page in the database index.
        _refresh_elasticsearch(change.pages)
    elif change.action in (UNPUBLISHED, MOVED, RESTRICTION_CHANGED):
        refresh_pages(change.pages)
    elif change.action == SLUG_CHANGED:
        # The database index holds no URLs; only Elasticsearch documents carry them.
        _refresh_elasticsearch(change.pages)


def log_facet_change(sender, change, **kwargs):
    if change.reshapes_facets:
        facet_index.log_change()
    elif change.action in (SAVED, DELETED):
        # Publishing and unpublishing save the page: its save is logged already.
        for page_id in dict.fromkeys([*change.pages, *change.items]):
            facet_index.log_change(page_id)


def connect():
    public_content_changed.connect(refresh_indexes, sender=ContentChange, dispatch_uid="search-indexes")
    public_content_changed.connect(log_facet_change, sender=ContentChange, dispatch_uid="search-facet-log")
