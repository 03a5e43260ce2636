"""The showcase's listing: its published items with the showcase filters, from the one search service.

A showcase zone (or one jurisdiction's page) is a search with no text, scoped
to its subtree, counting the facets a visitor narrows the zone by.
"""

from search import service
from search.types import SearchRequest
from showcase.models import RecommendedSlot, ShowcaseIndexPage

SHOWCASE_FACETS = ("sector", "region", "jurisdiction", "type")


def browse_request(query, scope):
    """The search the zone's URL describes; the zone lists newest first unless the visitor sorts otherwise."""
    return SearchRequest.from_querydict(
        query,
        text="",
        scope_path=scope.path,
        types=("activity", "video"),
        facets=SHOWCASE_FACETS + (("rating",) if _shows_ratings(scope) else ()),
        sort=query.get("sort") if query.get("sort") in ("newest", "most_viewed") else "newest",
    )


def _shows_ratings(scope):
    showcase = scope if isinstance(scope, ShowcaseIndexPage) else scope.get_parent().specific
    return bool(getattr(showcase, "show_rating_badges", False))


def browse_context(request, scope):
    search_request = browse_request(request.GET, scope)
    picks = []
    if isinstance(scope, ShowcaseIndexPage) and search_request.filters.is_empty() and search_request.page == 1:
        picks = list(RecommendedSlot.objects.filter(showcase=scope).current().values_list("item_id", flat=True))
    # The editor's picks are loaded with the hits, in the same queries.
    result = service.search(search_request, with_pages=picks)
    recommended = result.with_pages
    return {
        "filters": search_request.filters,
        "browse": result,
        "facet_groups": [(facet, service.facet_label(facet), result.facets[facet]) for facet in search_request.facets],
        "pagination_query": search_request.querystring(default_sort="newest"),
        "recommended": recommended,
        "content_version": result.content_version,
    }
