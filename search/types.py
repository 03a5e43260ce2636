"""The shapes the search service takes and gives, the same whichever engine answers.

An engine (the database or Elasticsearch) receives a ``SearchRequest`` and
returns an ``EngineResult``: the ids of one page of hits in order, the total,
raw facet counts and highlighted snippets. The service turns that into a
``SearchResult`` with the pages themselves, labelled facets and pagination, so
the public page, the showcase, the API and the commands all see one shape.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

FACETS = ("type", "campaign", "sector", "region", "jurisdiction", "rating", "year", "featured")
SORTS = ("relevance", "newest", "most_viewed")
ITEM_TYPES = ("activity", "video", "news")
SHOWCASE_TYPES = ("activity", "video")
# The value of the "featured" facet: the items in a current recommended slot.
FEATURED = "yes"

DEFAULT_PER_PAGE = 12
MAX_PER_PAGE = 48
MAX_PAGE = 1000
MAX_VALUES_PER_FACET = 20
MAX_VALUE_LENGTH = 100


@dataclass(frozen=True)
class SearchFilters:
    """Chosen facet values. Within a facet they are alternatives (OR); across facets they all apply (AND).

    Values are stable keys, never labels: ``type`` activity/video/news,
    ``campaign`` the campaign page's slug, ``sector`` and ``region`` tag slugs
    (a province's slug also matches its cities), ``jurisdiction`` its code,
    ``rating`` A+/A/B (only where the campaign shows ratings), ``year`` the
    year of first publication, ``featured`` "yes" for items in a current
    recommended slot.
    """

    type: tuple = ()
    campaign: tuple = ()
    sector: tuple = ()
    region: tuple = ()
    jurisdiction: tuple = ()
    rating: tuple = ()
    year: tuple = ()
    featured: tuple = ()

    @classmethod
    def from_querydict(cls, query):
        """Read filters from GET parameters; empty, overlong, repeated or excess values are dropped."""
        values = {}
        for facet in FACETS:
            cleaned = []
            for raw in query.getlist(facet):
                value = raw.strip()
                if value and len(value) <= MAX_VALUE_LENGTH and value not in cleaned and not has_controls(value):
                    cleaned.append(value)
            values[facet] = tuple(cleaned[:MAX_VALUES_PER_FACET])
        return cls(**values)

    def is_empty(self):
        return not any(getattr(self, facet) for facet in FACETS)

    def pairs(self):
        return [(facet, value) for facet in FACETS for value in getattr(self, facet)]


@dataclass(frozen=True)
class SearchRequest:
    """What to search: text (may be empty: then everything matches), filters, sort, page.

    ``scope_path`` restricts hits to a subtree (a showcase zone or one
    jurisdiction's page); ``within`` to any of several (the visitor's site:
    see ``search.service.site_area``); ``types`` restricts the item types searched at all
    (the showcase lists activities and videos, the public search adds news);
    ``facets`` names the facets to count (each costs a query on the database).
    """

    text: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    scope_path: str = ""
    within: tuple = ()
    types: tuple = ITEM_TYPES
    facets: tuple = FACETS

    def __post_init__(self):
        object.__setattr__(self, "text", visible_text(self.text))
        if self.sort not in SORTS:
            object.__setattr__(self, "sort", "relevance")
        object.__setattr__(self, "page", min(max(_as_int(self.page, 1), 1), MAX_PAGE))
        object.__setattr__(self, "per_page", min(max(_as_int(self.per_page, DEFAULT_PER_PAGE), 1), MAX_PER_PAGE))
        object.__setattr__(self, "types", tuple(t for t in self.types if t in ITEM_TYPES) or ITEM_TYPES)
        object.__setattr__(self, "facets", tuple(f for f in self.facets if f in FACETS))

    @classmethod
    def from_querydict(cls, query, **fixed):
        """The request a URL's GET parameters describe (q, facets, sort, page, per_page); ``fixed`` overrides them."""
        values = {
            "text": query.get("q", "")[: MAX_VALUE_LENGTH * 2],
            "filters": SearchFilters.from_querydict(query),
            "sort": query.get("sort", "relevance"),
            "page": query.get("page", 1),
            "per_page": query.get("per_page", DEFAULT_PER_PAGE),
        }
        values.update(fixed)
        return cls(**values)

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def querystring(self, default_sort="relevance", **changes):
        """The URL query of this request (with ``changes``), so every state of a search has its own URL."""
        state = {
            "q": self.text,
            "sort": self.sort if self.sort != default_sort else "",
            "per_page": self.per_page if self.per_page != DEFAULT_PER_PAGE else "",
            "page": "",
        }
        state.update({key: value for key, value in changes.items() if key in state})
        pairs = [("q", state["q"])] if state["q"] else []
        pairs += changes.get("filters", self.filters).pairs()
        pairs += [(key, state[key]) for key in ("sort", "per_page", "page") if state[key] not in ("", None, 1, "1")]
        return urlencode(pairs)


def has_controls(value):
    """Control characters: no key or word holds them, and PostgreSQL refuses NUL in any text."""
    return any(ord(char) < 32 or ord(char) == 127 for char in value)


def visible_text(value):
    """Typed text with control characters turned into spaces, trimmed."""
    return "".join(" " if ord(char) < 32 or ord(char) == 127 else char for char in value or "").strip()


def _as_int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@dataclass
class EngineResult:
    """What an engine answers: hit ids in order, total, ``{facet: {value: count}}``, snippets, suggestions.

    ``facet_labels`` (``{facet: {value: label}}``, in display order) may be
    given when the engine has them at hand; the service looks up the rest.
    ``highlights`` is ``{page id: {"title": html, "snippet": html}}``.
    Every hit holds every word of the query; ``partial_ids`` are pages that
    hold only some of them (``partial_total`` in all), offered apart when too
    few hold them all, never among the hits.
    """

    ids: list
    total: int
    facet_counts: dict
    facet_labels: dict = field(default_factory=dict)
    highlights: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)
    engine: str = "database"
    partial_ids: list = field(default_factory=list)
    partial_total: int = 0


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    """One result: the page (its most specific class) and a highlighted snippet (safe HTML)."""

    page: object
    snippet: str = ""
    title_html: str = ""


@dataclass
class SearchResult:
    """One page of an answer: ``hits`` hold every word of the query, ``total`` counts them.

    ``partial_hits`` (``partial_total`` in all) hold only some of the words:
    they are offered apart, under their own heading, when too few pages hold
    them all, and are never counted, paginated or mixed into ``hits``.
    """

    request: SearchRequest
    hits: list
    total: int
    facets: dict
    suggestions: list = field(default_factory=list)
    engine: str = "database"
    partial_hits: list = field(default_factory=list)
    partial_total: int = 0
    with_pages: list = field(default_factory=list)
    # The facet index's version this search read (None when Elasticsearch answered): a cache key for the listing.
    content_version: str | None = None

    # The pagination interface of Django's ``Page``, so the site's pagination template serves searches too.

    @property
    def object_list(self):
        return self.hits

    @property
    def number(self):
        return self.request.page

    @property
    def num_pages(self):
        return max(1, -(-min(self.total, MAX_PAGE * self.request.per_page) // self.request.per_page))

    @property
    def paginator(self):
        return self

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1
