"""The public search page (``/search/``) and its suggestions as the visitor types (``/search/suggest/``)."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from search.service import FACET_LABELS, search, suggest
from search.types import SearchRequest

SORT_LABELS = {"relevance": _("Best match"), "newest": _("Newest"), "most_viewed": _("Most viewed")}
MAX_SUGGEST_CHARS = 32


@require_GET
def search_page(request):
    """Every state of a search is its URL: the query, the ticked filters, the sort and the page."""
    search_request = SearchRequest.from_querydict(request.GET)
    searched = bool(search_request.text) or not search_request.filters.is_empty()
    result = search(search_request) if searched else None
    facet_groups = (
        [(facet, FACET_LABELS[facet], result.facets[facet]) for facet in search_request.facets] if result else []
    )
    return TemplateResponse(
        request,
        "search/search_page.html",
        {
            "search_request": search_request,
            "result": result,
            "facet_groups": facet_groups,
            "pagination_query": search_request.querystring(),
            "sorts": SORT_LABELS.items(),
        },
    )


@require_GET
def suggestions(request):
    """Titles to offer under the search box: an empty list for an empty or overlong prefix, never an error."""
    prefix = request.GET.get("q", "").strip()
    if not prefix or len(prefix) > MAX_SUGGEST_CHARS:
        return JsonResponse({"query": prefix[:MAX_SUGGEST_CHARS], "suggestions": []})
    return JsonResponse({"query": prefix, "suggestions": suggest(prefix)})
