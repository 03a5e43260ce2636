"""Filling the search index in bulk: after the demo's bulk insert, a restore, or a dictionary change.

Saving a page indexes it one at a time through Wagtail's signal handlers;
pages inserted without signals (the demo builds a hundred thousand that way)
are indexed here in chunks, with their related tags and units fetched per
chunk rather than per page, and one transaction per chunk (SQLite would
otherwise commit, and sync to disk, once per page).
"""

from django.db import transaction
from modelsearch.backends import get_search_backend

from search import facet_index

CHUNK_SIZE = 1000


def searchable_models():
    from campaign.models import NewsPage
    from showcase.models import ActivityPage, VideoPage

    return [ActivityPage, VideoPage, NewsPage]


def reindex(models=None, progress=None, chunk_size=CHUNK_SIZE):
    """Index every live, public page of ``models`` (all searchable types by default); returns how many were indexed.

    ``progress`` is called with the number of pages of each chunk, e.g. a tqdm bar's ``update``.
    """
    backend = get_search_backend()
    indexed = 0
    for model in models or searchable_models():
        queryset = model.get_indexed_objects().order_by("pk")
        last_pk = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last_pk)[:chunk_size])
            if not chunk:
                break
            with transaction.atomic():
                backend.add_bulk(model, chunk)
            last_pk = chunk[-1].pk
            indexed += len(chunk)
            if progress:
                progress(len(chunk))
    # Pages inserted in bulk sent no signals: every worker's facet index reloads.
    facet_index.log_change()
    return indexed


def searchable_count(models=None):
    return sum(model.get_indexed_objects().count() for model in models or searchable_models())
