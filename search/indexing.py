"""Filling the search index in bulk: after the demo's bulk insert, a restore, or a dictionary change.

Saving a page indexes it one at a time through Wagtail's signal handlers;
pages inserted without signals (the demo builds a hundred thousand that way)
are indexed here in chunks, with their related tags and units fetched per
chunk rather than per page, and one transaction per chunk (SQLite would
otherwise commit, and sync to disk, once per page). The rows written are the
ones the signal handlers write (``tests/search/test_indexing.py``).
"""

import multiprocessing
from contextlib import contextmanager, nullcontext

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, connections, transaction
from modelsearch.backends import get_search_backend
from modelsearch.index import RelatedFields
from taggit.managers import TaggableManager

from search import facet_index, registry

CHUNK_SIZE = 1000
# Worker processes that load and index chunks side by side (the demo machine has two cores).
WORKERS = 2


def searchable_models():
    return [item.model for item in registry.item_types()]


def reindex(models=None, progress=None, chunk_size=CHUNK_SIZE, workers=WORKERS):
    """Index every live, public page of ``models`` (all searchable types by default); returns how many were indexed.

    ``progress`` is called with the number of pages of each chunk, e.g. a tqdm bar's ``update``.
    """
    backend = get_search_backend()
    models = models or searchable_models()
    chunks = [(model, *bounds) for model in models for bounds in _chunk_bounds(model, chunk_size)]
    indexed = 0
    with getattr(backend, "title_norms_once", nullcontext)(), _mapper(workers if len(chunks) > 1 else 1) as map_:
        for count in map_(_index_chunk, chunks):
            indexed += count
            if progress:
                progress(count)
    # Pages inserted in bulk sent no signals: every worker's facet index reloads.
    facet_index.log_change()
    return indexed


def searchable_count(models=None):
    return sum(model.get_indexed_objects().count() for model in models or searchable_models())


def _tag_names(model):
    """The model's indexed tag managers whose through model points at the page.

    Django prefetches tags through taggit, which builds a filtered queryset
    for every page and every manager (three quarters of the time spent loading
    a chunk); these are fetched by ``prefetch_tags`` instead.
    """
    names = []
    for search_field in model.get_search_fields():
        if not isinstance(search_field, RelatedFields):
            continue
        field = model._meta.get_field(search_field.field_name)
        if not isinstance(field, TaggableManager):
            continue
        try:
            field.through._meta.get_field("content_object")
        except FieldDoesNotExist:
            continue
        names.append(field.name)
    return names


def _chunk_bounds(model, chunk_size):
    """(first pk, last pk) of each chunk of ``chunk_size`` indexed pages."""
    pks = list(model.get_indexed_objects().prefetch_related(None).order_by("pk").values_list("pk", flat=True))
    return [(pks[start], pks[min(start + chunk_size, len(pks)) - 1]) for start in range(0, len(pks), chunk_size)]


def _index_chunk(chunk):
    """Load one chunk of pages and index them in one transaction; returns how many. Runs in a worker or in-process.

    A chunk is written in one upsert, so a reader sees each page either as it
    was or as it is now, never missing. SQLite takes one writer at a time: a
    worker writing waits for the other's transaction (a fraction of a second),
    and the other meanwhile loads and cuts text, which is most of the work.
    """
    model, first, last = chunk
    prefetch_tags = registry.item_type_of(model).prefetch_tags
    tag_names = _tag_names(model) if prefetch_tags else []
    queryset = _without_prefetch(model.get_indexed_objects(), tag_names)
    pages = list(queryset.filter(pk__gte=first, pk__lte=last).order_by("pk"))
    if prefetch_tags:
        prefetch_tags(pages, tag_names)
    backend = get_search_backend()
    # ``reindex`` sets the title norms of the new rows once, at the end (``title_norms_once``).
    backend.title_norms_deferred = True
    with transaction.atomic():
        backend.add_bulk(model, pages)
    return len(pages)


@contextmanager
def _mapper(workers):
    """``map`` over worker processes when the database lets other processes in, the builtin otherwise.

    Workers are forked, so they start with Django and the dictionary loaded,
    and open their own database connections: the parent's are closed first,
    and each worker sets aside any it still inherits (``_own_connections``).
    An in-memory database (the tests' SQLite) cannot be shared, and inside a
    transaction the workers would not see its changes: both index in-process.
    """
    shareable = not connection.in_atomic_block and not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    if workers < 2 or not shareable:
        yield map
        return
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers, initializer=_own_connections) as pool:
        yield lambda function, chunks: pool.imap_unordered(function, chunks)


# Connections a worker inherited, kept referenced so that they are never finalised in the worker: finalising one
# would end the session the parent still uses.
_inherited_connections = []


def _own_connections():
    """Give a forked worker connections of its own, whatever it inherited.

    ``close_all`` closes the connections of the caller's context only. Code
    that runs in another context (Playwright's greenlets in the browser tests,
    an async caller) can fork while the worker's context still holds an open
    connection: two processes then read one socket and get each other's rows.
    """
    for alias in connections:
        _inherited_connections.append(connections[alias])
        connections[alias] = connections.create_connection(alias)


def _without_prefetch(queryset, names):
    lookups = [lookup for lookup in queryset._prefetch_related_lookups if lookup not in names]
    return queryset.prefetch_related(None).prefetch_related(*lookups)
