"""The one search entry point: the public search page, the showcase, the API and the commands call ``search``.

It cuts the query into words once, asks the engine (Elasticsearch when
configured and answering, the database otherwise), then gives every caller the
same ``SearchResult``: the pages of the hits in order with highlighted titles
and snippets, the total, labelled facet counts and suggestions.
"""

import logging
import time

from django.conf import settings
from django.utils.translation import pgettext_lazy

from search import database_engine
from search.highlight import highlight_title, snippet
from search.segmentation import query_terms
from search.types import FacetValue, Hit, SearchRequest, SearchResult, visible_text

logger = logging.getLogger(__name__)

# Labels carry a context: the same English words name other things elsewhere in the admin and the site.
TYPE_LABELS = {
    "activity": pgettext_lazy("search result type", "Activity"),
    "video": pgettext_lazy("search result type", "Video"),
    "news": pgettext_lazy("search result type", "News"),
}
FEATURED_LABEL = pgettext_lazy("search facet value", "Recommended")
FACET_LABELS = {
    "type": pgettext_lazy("search facet", "Type"),
    "campaign": pgettext_lazy("search facet", "Campaign"),
    "sector": pgettext_lazy("search facet", "Sector"),
    "region": pgettext_lazy("search facet", "Region"),
    "jurisdiction": pgettext_lazy("search facet", "Jurisdiction"),
    "rating": pgettext_lazy("search facet", "Rating"),
    "year": pgettext_lazy("search facet", "Year"),
    "featured": pgettext_lazy("search facet", "Recommended"),
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
    terms = query_terms(request.text)
    engine_result = _run(request, terms)
    if terms and (engine_result.total == 0 or engine_result.relaxed) and not engine_result.suggestions:
        engine_result.suggestions = database_engine.suggestions(request, terms)
    pages = database_engine.pages_by_id([*engine_result.ids, *with_pages], request.types)
    return SearchResult(
        request=request,
        hits=_hits(pages, engine_result, terms),
        with_pages=[pages[page_id] for page_id in with_pages if page_id in pages],
        total=engine_result.total,
        facets=_labelled_facets(request, engine_result),
        suggestions=engine_result.suggestions[:MAX_SUGGESTIONS],
        engine=engine_result.engine,
        relaxed=engine_result.relaxed,
    )


def suggest(prefix, limit=8):
    """Titles to offer while the visitor types ``prefix``."""
    prefix = visible_text(prefix)
    if not prefix:
        return []
    if _elasticsearch_usable():
        from search.elastic import ElasticsearchUnavailable, engine

        try:
            return engine.suggest(prefix, limit)
        except ElasticsearchUnavailable as error:
            _elasticsearch_failed(error)
    return database_engine.suggest(prefix, limit)


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
        from search.elastic import ElasticsearchUnavailable, engine

        try:
            result = engine.search(request, terms)
        except ElasticsearchUnavailable as error:
            _elasticsearch_failed(error)
        else:
            _elasticsearch_recovered()
            return result
    return database_engine.search(request, terms)


def _hits(pages, engine_result, terms):
    hits = []
    for page_id in engine_result.ids:
        page = pages.get(page_id)
        if page is None:
            continue
        marked = engine_result.highlights.get(page_id, {})
        hits.append(
            Hit(
                page=page,
                title_html=marked.get("title") or highlight_title(page.title, terms),
                snippet=marked.get("snippet") or snippet(getattr(page, "summary", "") or "", terms),
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
        return {value: label for value, label in TYPE_LABELS.items() if value in values}
    if facet == "featured":
        return {database_engine.FEATURED: FEATURED_LABEL} if database_engine.FEATURED in values else {}
    return database_engine.facet_labels(facet, values)
