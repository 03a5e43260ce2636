"""The public search page (``/search/``) and its suggestions as the visitor types (``/search/suggest/``).

Both are limited to ``SEARCH_RATE`` per client address, each on its own
count: a search may cost a query per facet, so an unlimited client could keep
the database busy for everybody else. A refused search gets a short page with
no site chrome (building the navigation would cost the very queries being
saved), refused suggestions a problem document the search box's script ignores.
"""

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from wagtail.models import Site

from campaign.problems import problem_response
from campaign.ratelimit import rate_limited
from search.service import facet_label, search, site_area, suggest
from search.types import SearchRequest

SORT_LABELS = {"relevance": _("Best match"), "newest": _("Newest"), "most_viewed": _("Most viewed")}
MAX_SUGGEST_CHARS = 32


def _too_many_searches(request, seconds):
    title = _("Too many searches")
    detail = ngettext(
        "Too many searches came from your network in a short time. Please wait %(seconds)s second and search again.",
        "Too many searches came from your network in a short time. Please wait %(seconds)s seconds and search again.",
        seconds,
    ) % {"seconds": seconds}
    html = loader.render_to_string("campaign/short_notice.html", {"title": title, "detail": detail})
    return HttpResponse(html, status=429)


def _too_many_suggestions(request, seconds):
    detail = ngettext(
        "Too many suggestions were asked for from your network in a short time. Wait %(seconds)s second.",
        "Too many suggestions were asked for from your network in a short time. Wait %(seconds)s seconds.",
        seconds,
    ) % {"seconds": seconds}
    return problem_response(429, _("Too many requests"), detail)


@require_GET
@rate_limited("search-page", "SEARCH_RATE", _too_many_searches)
def search_page(request):
    """Every state of a search is its URL: the query, the ticked filters, the sort and the page.

    It covers the site it is asked on (``site_area``): a city office's site
    finds its own bulletins, a campaign's site the campaigns'.
    """
    search_request = SearchRequest.from_querydict(request.GET, within=site_area(Site.find_for_request(request)))
    searched = bool(search_request.text) or not search_request.filters.is_empty()
    result = search(search_request) if searched else None
    facet_groups = (
        [(facet, facet_label(facet), result.facets[facet]) for facet in search_request.facets] if result else []
    )
    return TemplateResponse(
        request,
        "campaign/search_page.html",
        {
            "search_request": search_request,
            "result": result,
            "facet_groups": facet_groups,
            "pagination_query": search_request.querystring(),
            "sorts": SORT_LABELS.items(),
        },
    )


@require_GET
@rate_limited("search-suggest", "SEARCH_RATE", _too_many_suggestions)
def suggestions(request):
    """Titles to offer under the search box: an empty list for an empty or overlong prefix, never an error."""
    prefix = request.GET.get("q", "").strip()
    if not prefix or len(prefix) > MAX_SUGGEST_CHARS:
        return JsonResponse({"query": prefix[:MAX_SUGGEST_CHARS], "suggestions": []})
    within = site_area(Site.find_for_request(request))
    return JsonResponse({"query": prefix, "suggestions": suggest(prefix, within=within)})
