"""Search for front-ends: the same results, facets and highlights as ``/search/``, from the one search service."""

import datetime
from typing import Literal

from ninja import Field, Query, Schema

from campaign.api.http import AnonymousSearchThrottle, public_router, rate_limited
from campaign.api.inputs import Key, keys, text, whole_number
from campaign.api.schemas import ImageOut, image_out, page_urls
from campaign.search_page import MAX_SUGGEST_CHARS
from search.service import facet_label, search, suggest
from search.types import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, MAX_VALUE_LENGTH, SearchRequest

router = public_router("search")


class SearchParams(Schema):
    """Filters take stable keys (slugs and codes, see /sectors/, /regions/, /jurisdictions/); repeat a filter for OR."""

    q: text(MAX_VALUE_LENGTH * 2) = Field("", description="Words to search for; empty lists everything.")
    type: list[Literal["activity", "video", "news"]] = Field(default_factory=list)
    campaign: list[Key] = keys("Campaign slugs.")
    sector: list[Key] = keys("Sector slugs.")
    region: list[Key] = keys("Region slugs; a province also matches its cities.")
    jurisdiction: list[Key] = keys("Jurisdiction codes.")
    rating: list[Literal["A+", "A", "B"]] = Field(default_factory=list, description="Only where ratings are shown.")
    year: list[Key] = keys("Year of first publication.")
    featured: list[Literal["yes"]] = Field(default_factory=list, description="“yes”: only recommended items.")
    sort: Literal["relevance", "newest", "most_viewed"] = "relevance"
    page: whole_number(1, MAX_PAGE) = 1
    per_page: whole_number(1, MAX_PER_PAGE) = DEFAULT_PER_PAGE


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    values: list[FacetValueOut]


class HitOut(Schema):
    id: int
    type: Literal["activity", "video", "news"]
    title: str
    title_html: str = Field(description="The title with matched words in <mark>; safe HTML.")
    snippet_html: str = Field(description="A passage with matched words in <mark>; safe HTML.")
    summary: str
    date: datetime.date | None
    unit: str | None
    jurisdiction: str | None
    image: ImageOut | None
    html_url: str | None


class SearchOut(Schema):
    total: int = Field(description="How many items hold every word (after synonyms and variants).")
    page: int
    per_page: int
    num_pages: int
    suggestions: list[str]
    facets: list[FacetOut]
    items: list[HitOut] = Field(description="Items holding every word; never padded with partial matches.")
    partial_total: int = Field(
        description="How many items hold some of the words but not all; 0 unless too few items hold them all."
    )
    partial_items: list[HitOut] = Field(
        description=(
            "The best of the items holding only some of the words, on the first page when too few items hold "
            "them all: show them apart from ``items``, labelled as partial matches. Not counted in ``total``."
        )
    )


class SuggestOut(Schema):
    query: str
    suggestions: list[str]


def _hit(hit, request):
    page = hit.page
    item_type = page.item_type if hasattr(page, "item_type") else "news"
    image = getattr(page, "lead_image", None) or getattr(page, "listing_image", None)
    unit = getattr(page, "unit", None)
    jurisdiction = getattr(page, "jurisdiction", None)
    date = getattr(page, "date", None) or getattr(page, "starts_on", None)
    if date is None and page.first_published_at:
        date = page.first_published_at.date()
    return {
        "id": page.pk,
        "type": item_type,
        "title": page.title,
        "title_html": str(hit.title_html or ""),
        "snippet_html": str(hit.snippet or ""),
        "summary": getattr(page, "summary", ""),
        "date": date,
        "unit": unit.name if unit else None,
        "jurisdiction": jurisdiction.short_name if jurisdiction else None,
        "image": image_out(image, request),
        "html_url": page_urls(page, request),
    }


def search_out(result, request):
    """A ``SearchResult`` as the API shows it; the showcase's listing endpoint uses it too."""
    return {
        "total": result.total,
        "page": result.request.page,
        "per_page": result.request.per_page,
        "num_pages": result.num_pages,
        "suggestions": list(result.suggestions),
        "facets": [
            {
                "name": facet,
                "label": str(facet_label(facet)),
                "values": [vars(value) for value in result.facets.get(facet, [])],
            }
            for facet in result.request.facets
        ],
        "items": [_hit(hit, request) for hit in result.hits],
        "partial_total": result.partial_total,
        "partial_items": [_hit(hit, request) for hit in result.partial_hits],
    }


@router.get(
    "/search/",
    response=SearchOut,
    operation_id="search",
    summary="Search",
    **rate_limited(AnonymousSearchThrottle()),
)
def search_endpoint(request, params: Query[SearchParams]):
    """Published activities, videos and news matching the words, with facet counts and highlights."""
    search_request = SearchRequest.from_querydict(request.GET, per_page=params.per_page, page=params.page)
    return search_out(search(search_request), request)


@router.get(
    "/search/suggest/",
    response=SuggestOut,
    operation_id="search_suggest",
    summary="Suggestions while typing",
    **rate_limited(AnonymousSearchThrottle()),
)
def suggest_endpoint(request, q: text(MAX_SUGGEST_CHARS, min_length=1) = Query(..., description="The typed prefix.")):
    return {"query": q.strip(), "suggestions": suggest(q)}
