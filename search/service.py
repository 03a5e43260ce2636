"""The search service: the one module the apps call (with ``search.types`` for its shapes).

``search`` is the one search entry point: the public search page, the
showcase, the API and the commands call it. It cuts the query into words
once, asks the engine (Elasticsearch when configured and answering, the
database otherwise), then gives every caller the same ``SearchResult``: the
pages of the hits in order with highlighted titles and snippets, the total,
labelled facet counts and suggestions. A hit holds every word of the query;
pages holding only some come apart, as ``partial_hits``, when too few hold all. ``listing`` and ``filter_pages`` answer
lists without text from the same filters; ``reindex`` refills the index after
pages arrived without signals.
"""

import logging
import time

from django.conf import settings
from django.utils.translation import pgettext_lazy

from search import database_engine, facet_index, indexing, registry
from search.elastic import ElasticsearchUnavailable
from search.highlight import highlight_title, remarked, snippet
from search.segmentation import query_terms
from search.types import FEATURED, FacetValue, Hit, SearchRequest, SearchResult, visible_text

logger = logging.getLogger(__name__)

# Labels carry a context: the same English words name other things elsewhere in the admin and the site.
# The other facets' labels come with their registration (``search.registry``).
GENERIC_FACET_LABELS = {
    "type": pgettext_lazy("search facet", "Type"),
    "year": pgettext_lazy("search facet", "Year"),
}
MAX_SUGGESTIONS = 3
# After Elasticsearch fails, the database answers alone for this long before
# Elasticsearch is tried again, so an outage costs one timeout, not one per search.
ELASTICSEARCH_RETRY_AFTER = 30.0

_elasticsearch_down_since = None


def search(request=None, with_pages=(), **kwargs):
    """Search published, public activities, videos and news. See ``search.types.SearchRequest``.

    ``with_pages`` are ids of items to load with the hits, in the same queries
    (a showcase's editor's picks), returned as ``SearchResult.with_pages``.
    """
    request = request or SearchRequest(**kwargs)
    facet_index.forget_seen()
    terms = query_terms(request.text)
    engine_result = _run(request, terms)
    if terms and engine_result.total < database_engine.PARTIAL_BELOW and not engine_result.suggestions:
        engine_result.suggestions = database_engine.suggestions(request, terms)
    pages = database_engine.pages_by_id([*engine_result.ids, *engine_result.partial_ids, *with_pages], request.types)
    return SearchResult(
        request=request,
        hits=_hits(pages, engine_result, engine_result.ids, terms),
        partial_hits=_hits(pages, engine_result, engine_result.partial_ids, terms),
        partial_total=engine_result.partial_total,
        with_pages=[pages[page_id] for page_id in with_pages if page_id in pages],
        total=engine_result.total,
        facets=_labelled_facets(request, engine_result),
        suggestions=engine_result.suggestions[:MAX_SUGGESTIONS],
        engine=engine_result.engine,
        content_version=facet_index.version_seen(),
    )


def suggest(prefix, limit=8, within=()):
    """Titles to offer while the visitor types ``prefix``, from pages below ``within`` (see ``site_area``)."""
    prefix = visible_text(prefix)
    if not prefix:
        return []
    if _elasticsearch_usable():
        try:
            return _elastic_engine().suggest(prefix, limit, within)
        except ElasticsearchUnavailable as error:
            _elasticsearch_failed(error)
    return database_engine.suggest(prefix, limit, within)


def site_area(site):
    """The subtrees a site's public search covers: its ``SearchRequest.within``.

    A campaign's site covers every campaign (past years stay findable beside
    this one, and the campaign facet narrows to one); any other site, such as
    a city office's, covers only its own tree, so neither finds the other's
    bulletins. Without a site (an unknown host and no default) nothing is
    bounded.
    """
    if site is None:
        return ()
    campaign_model = registry.campaigns().model
    if issubclass(site.root_page.specific_class or type(None), campaign_model):
        return tuple(campaign_model.objects.order_by("path").values_list("path", flat=True))
    return (site.root_page.path,)


def facet_label(facet):
    """The label of a facet (sector, rating...), as the search page and the API name it."""
    if facet in GENERIC_FACET_LABELS:
        return GENERIC_FACET_LABELS[facet]
    if facet == "campaign":
        return registry.campaigns().label
    if facet == "featured":
        return registry.featured().label
    registered = registry.facet(facet)
    return registered.label if registered is not None else facet


def type_label(key):
    """活动 / 视频 / 新闻: the label of an item type."""
    return registry.item_type(key).label


def filter_pages(queryset, filters):
    """``queryset`` (pages) narrowed by ``filters`` (a ``SearchFilters``) in the database, for lists by date."""
    return database_engine.filter_pages(queryset, filters)


def listing(types, filters, order="newest", start=0, stop=None, exclude_ids=()):
    """``(ids, total)``: a window of the live public pages of ``types`` passing ``filters``, without text.

    Read from the worker's facet index, brought up to date first: counting and
    skipping rows in the database cost most of a request at a hundred thousand
    items. ``order`` is "newest", "oldest" (publication order) or
    "most_viewed" (views at most a minute old); ``exclude_ids`` are left out.
    With ``stop`` None only the total is counted and no ids are given.
    """
    index = facet_index.current()
    passing = database_engine.filtered_bitset(index, tuple(types), filters)
    if exclude_ids:
        passing &= ~index.of_ids(exclude_ids)
    total = passing.bit_count()
    if stop is None:
        return [], total
    if order == "most_viewed":
        return index.most_viewed_ids(passing, start, stop), total
    if order == "oldest":
        return index.newest_ids(passing, max(0, total - stop), max(0, total - start))[::-1], total
    return index.newest_ids(passing, start, stop), total


def content_version():
    """A key that changes with every change the facet index applied: caches of what lists show are keyed on it."""
    return facet_index.current().version


def reindex(progress=None):
    """Refill the search index with every live public item, after pages arrived without signals (a restore, a demo).

    ``progress`` is called with the number of pages of each chunk; returns how many were indexed.
    """
    return indexing.reindex(progress=progress)


def searchable_count():
    """How many pages ``reindex`` indexes, for a progress bar."""
    return indexing.searchable_count()


def _elastic_engine():
    # Imported when Elasticsearch is configured only: without it the client library is never loaded.
    from search.elastic import engine

    return engine


def _elasticsearch_usable():
    if not settings.ELASTICSEARCH_URL:
        return False
    return _elasticsearch_down_since is None or time.monotonic() - _elasticsearch_down_since > ELASTICSEARCH_RETRY_AFTER


def _elasticsearch_failed(error):
    global _elasticsearch_down_since
    if _elasticsearch_down_since is None:
        logger.warning("Elasticsearch unavailable, answering searches from the database: %s", error)
    _elasticsearch_down_since = time.monotonic()


def _elasticsearch_recovered():
    global _elasticsearch_down_since
    if _elasticsearch_down_since is not None:
        logger.info("Elasticsearch answers again")
    _elasticsearch_down_since = None


def _run(request, terms):
    if _elasticsearch_usable():
        try:
            result = _elastic_engine().search(request, terms)
        except ElasticsearchUnavailable as error:
            _elasticsearch_failed(error)
        else:
            _elasticsearch_recovered()
            return result
    return database_engine.search(request, terms)


def _hits(pages, engine_result, ids, terms):
    hits = []
    for page_id in ids:
        page = pages.get(page_id)
        if page is None:
            continue
        marked = engine_result.highlights.get(page_id, {})
        hits.append(
            Hit(
                page=page,
                title_html=highlight_title(page.title, terms),
                snippet=(
                    remarked(marked["snippet"], terms)
                    if marked.get("snippet")
                    else snippet(getattr(page, "summary", "") or "", terms)
                ),
            )
        )
    return hits


def _labelled_facets(request, engine_result):
    """Facet values in display order with labels; a chosen value stays listed (count 0) so it can be unticked."""
    facets = {}
    for facet in request.facets:
        counts = engine_result.facet_counts.get(facet, {})
        chosen = getattr(request.filters, facet)
        labels = dict(engine_result.facet_labels.get(facet, {}))
        unlabelled = [value for value in [*counts, *chosen] if value not in labels]
        if unlabelled:
            labels.update(_lookup_labels(facet, unlabelled))
        facets[facet] = [
            FacetValue(value, str(label), counts.get(value, 0), value in chosen)
            for value, label in labels.items()
            if value in counts or value in chosen
        ]
    return facets


def _lookup_labels(facet, values):
    if facet == "type":
        return {item.key: item.label for item in registry.item_types() if item.key in values}
    if facet == "featured":
        return {FEATURED: registry.featured().value_label} if FEATURED in values else {}
    return database_engine.facet_labels(facet, values)
