"""The search engine on the database: Wagtail's (segmenting) backend for the text, the ORM for filters and facets.

Hits are ``Page`` rows of the searchable types, so one query ranks
activities, videos and news together. The text match comes from the
backend's own compiled query (FTS5 ``MATCH`` or a ``tsquery``) as a filtered,
scored queryset; each facet is then one ``GROUP BY`` over the items that
match the text and every *other* facet's filters.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractYear, Substr
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search.backends.segmenting import terms_query
from search.segmentation import query_terms, vocabulary
from search.types import EngineResult, SearchRequest

# CampaignHomePage sits at depth 2, right below the root: its path is the first
# two steps (treebeard's steplen is 4) of every page in the campaign.
CAMPAIGN_PATH_LENGTH = 8
FEATURED = "yes"
# Below this many pages matching every word, pages matching some of the words are shown too.
RELAX_BELOW = 10
# Each suggestion is checked with a count query before it is offered.
MAX_SUGGESTION_CHECKS = 6


def type_models():
    from campaign.models import NewsPage
    from showcase.models import ActivityPage, VideoPage

    return {"activity": ActivityPage, "video": VideoPage, "news": NewsPage}


def content_type_ids():
    """{type key: content type id}; ContentType's own cache makes this free after the first call."""
    return {key: ContentType.objects.get_for_model(model).pk for key, model in type_models().items()}


def rating_scope():
    """Paths of the showcases whose ratings are public: elsewhere an item has no rating to filter or count."""
    from showcase.models import ShowcaseIndexPage

    return list(ShowcaseIndexPage.objects.filter(show_rating_badges=True).values_list("path", flat=True))


def _under_any(paths, prefix="path"):
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{prefix}__startswith": path})
    return condition


def base_queryset(request):
    """Published, public pages of the requested types inside the requested subtree."""
    type_ids = content_type_ids()
    queryset = Page.objects.live().public().filter(content_type_id__in=[type_ids[t] for t in request.types])
    if request.scope_path:
        queryset = queryset.filter(path__startswith=request.scope_path)
    return queryset


class FilterContext:
    """What applying filters needs beyond the filters themselves, looked up once per search."""

    def __init__(self, filters):
        self.filters = filters
        self._rated_paths = None

    @property
    def rated_paths(self):
        if self._rated_paths is None:
            self._rated_paths = rating_scope()
        return self._rated_paths

    def apply(self, queryset, skip=None):
        filters = self.filters
        joins_many = False
        if filters.type and skip != "type":
            type_ids = content_type_ids()
            queryset = queryset.filter(content_type_id__in=[type_ids[t] for t in filters.type if t in type_ids])
        if filters.campaign and skip != "campaign":
            queryset = queryset.filter(_campaign_condition(filters.campaign))
        if filters.sector and skip != "sector":
            queryset = queryset.filter(showcaseitempage__sector_items__tag__slug__in=filters.sector)
            joins_many = True
        if filters.region and skip != "region":
            queryset = queryset.filter(
                Q(showcaseitempage__region_items__tag__slug__in=filters.region)
                | Q(showcaseitempage__region_items__tag__parent__slug__in=filters.region)
            )
            joins_many = True
        if filters.jurisdiction and skip != "jurisdiction":
            queryset = queryset.filter(showcaseitempage__jurisdiction__code__in=filters.jurisdiction)
        if filters.rating and skip != "rating":
            queryset = queryset.filter(showcaseitempage__rating__rating__in=filters.rating).filter(
                _under_any(self.rated_paths)
            )
        if filters.year and skip != "year":
            years = [int(year) for year in filters.year if year.isdigit() and len(year) == 4]
            queryset = queryset.filter(first_published_at__year__in=years)
        if filters.featured and skip != "featured":
            queryset = queryset.filter(pk__in=_featured_item_ids()) if FEATURED in filters.featured else queryset
        if joins_many:
            queryset = queryset.distinct()
        return queryset


def _campaign_condition(slugs):
    from campaign.models import CampaignHomePage

    paths = CampaignHomePage.objects.filter(slug__in=slugs).values_list("path", flat=True)
    return _under_any(list(paths))


def _featured_item_ids():
    from showcase.models import RecommendedSlot

    return RecommendedSlot.objects.current().order_by().values("item_id")


def text_matches(queryset, terms, operator="and"):
    """``queryset`` narrowed to pages matching all ``terms`` (or any, with ``operator="or"``), unordered."""
    backend = get_search_backend()
    return backend.search(terms_query(terms, operator), queryset, order_by_relevance=False).get_queryset()


def ranked_ids(queryset, terms, start, stop, operator="and"):
    """Ids of the pages of ``queryset`` matching ``terms``, best first, from ``start`` to ``stop``."""
    backend = get_search_backend()
    results = backend.search(terms_query(terms, operator), queryset, order_by_relevance=True)
    return [page.pk for page in results[start:stop]]


def _ordered(queryset, request):
    if request.sort == "most_viewed":
        return queryset.order_by(
            F("showcaseitempage__view_count").desc(nulls_last=True), F("first_published_at").desc(), "-pk"
        )
    return queryset.order_by(F("first_published_at").desc(nulls_last=True), "-pk")


def search(request, terms):
    """Run ``request`` (already cut into ``terms``) on the database; see ``search.service.search``.

    All words must match. When that leaves fewer than ``RELAX_BELOW`` pages, a
    page matching only some of the words is a better answer than none (a
    visitor's 摄影比赛 against a unit's 摄影大赛): the search widens to any word,
    pages holding every word still ranked first, and the result says so.
    """
    context = FilterContext(request.filters)
    base = base_queryset(request)
    # The backend accepts only filters on indexed fields, so the facet filters reach it as a set of ids.
    filtered = base.filter(pk__in=context.apply(base).values("pk"))
    operator, relaxed = "and", False
    matched = text_matches(base, terms) if terms else base
    total = context.apply(matched).count()
    every_word_ids = []
    if terms and len(terms) > 1 and total < RELAX_BELOW:
        widened = text_matches(base, terms, operator="or")
        widened_total = context.apply(widened).count()
        if widened_total > total:
            every_word_ids = ranked_ids(filtered, terms, 0, total) if request.sort == "relevance" else []
            matched, total, operator, relaxed = widened, widened_total, "or", True

    start, stop = request.offset, request.offset + request.per_page
    if terms and request.sort == "relevance":
        extra = len(every_word_ids)
        ids = every_word_ids + [
            pk for pk in ranked_ids(filtered, terms, 0, stop + extra, operator) if pk not in every_word_ids
        ]
        ids = ids[start:stop]
    else:
        ids = list(_ordered(context.apply(matched), request).values_list("pk", flat=True)[start:stop])
    counts, labels = facet_counts(request, context, matched)
    return EngineResult(
        ids=ids, total=total, facet_counts=counts, facet_labels=labels, engine="database", relaxed=relaxed
    )


def facet_counts(request, context, matched):
    """``({facet: {value: count}}, {facet: {value: label}})`` for the requested facets, in display order."""
    counts, labels = {}, {}
    for facet in request.facets:
        pages = context.apply(matched, skip=facet).order_by()
        rows = FACET_COUNTERS[facet](pages, context)
        counts[facet] = {value: count for value, _label, count in rows}
        labels[facet] = {value: label for value, label, _count in rows if label is not None}
    return counts, labels


def _count_types(pages, context):
    by_id = dict(pages.values_list("content_type_id").annotate(count=Count("pk", distinct=True)))
    return [(key, None, by_id.get(type_id, 0)) for key, type_id in content_type_ids().items() if type_id in by_id]


def _count_campaigns(pages, context):
    from campaign.models import CampaignHomePage

    by_path = dict(
        pages.annotate(campaign_path=Substr("path", 1, CAMPAIGN_PATH_LENGTH))
        .values_list("campaign_path")
        .annotate(count=Count("pk", distinct=True))
    )
    campaigns = CampaignHomePage.objects.filter(path__in=list(by_path)).order_by("-first_published_at", "path")
    return [(campaign.slug, campaign.title, by_path[campaign.path]) for campaign in campaigns]


def _count_sectors(pages, context):
    from showcase.models import ShowcaseItemSector

    rows = (
        ShowcaseItemSector.objects.filter(content_object_id__in=pages.values("pk"))
        .values("tag__slug", "tag__name", "tag__sort_order")
        .annotate(count=Count("content_object_id", distinct=True))
        .order_by("tag__sort_order", "tag__name")
    )
    return [(row["tag__slug"], row["tag__name"], row["count"]) for row in rows]


def _count_regions(pages, context):
    from showcase.models import ShowcaseItemRegion

    rows = (
        ShowcaseItemRegion.objects.filter(content_object_id__in=pages.values("pk"))
        .annotate(
            province_slug=Coalesce("tag__parent__slug", "tag__slug"),
            province_name=Coalesce("tag__parent__name", "tag__name"),
            province_order=Coalesce("tag__parent__sort_order", "tag__sort_order"),
        )
        .values("province_slug", "province_name", "province_order")
        .annotate(count=Count("content_object_id", distinct=True))
        .order_by("province_order", "province_name")
    )
    return [(row["province_slug"], row["province_name"], row["count"]) for row in rows]


def _count_jurisdictions(pages, context):
    from showcase.models import ShowcaseItemPage

    rows = (
        ShowcaseItemPage.objects.filter(pk__in=pages.values("pk"), jurisdiction__isnull=False)
        .values("jurisdiction__code", "jurisdiction__short_name", "jurisdiction__sort_order")
        .annotate(count=Count("pk"))
        .order_by("jurisdiction__sort_order", "jurisdiction__short_name")
    )
    return [(row["jurisdiction__code"], row["jurisdiction__short_name"], row["count"]) for row in rows]


def _count_ratings(pages, context):
    from showcase.models.review import ItemRating, Rating

    if not context.rated_paths:
        return []
    by_rating = dict(
        ItemRating.objects.filter(item_id__in=pages.filter(_under_any(context.rated_paths)).values("pk"))
        .values_list("rating")
        .annotate(count=Count("item_id"))
    )
    return [(value, value, by_rating[value]) for value in Rating.values if value in by_rating]


def _count_years(pages, context):
    rows = (
        pages.annotate(year=ExtractYear("first_published_at"))
        .values_list("year")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-year")
    )
    return [(str(year), str(year), count) for year, count in rows if year]


def _count_featured(pages, context):
    count = pages.filter(pk__in=_featured_item_ids()).count()
    return [(FEATURED, None, count)] if count else []


FACET_COUNTERS = {
    "type": _count_types,
    "campaign": _count_campaigns,
    "sector": _count_sectors,
    "region": _count_regions,
    "jurisdiction": _count_jurisdictions,
    "rating": _count_ratings,
    "year": _count_years,
    "featured": _count_featured,
}


def pages_by_id(ids, types=("activity", "video", "news")):
    """{id: page} for the hits, with what a result card shows, in a fixed number of queries."""
    from campaign.models import NewsPage
    from showcase.models import ShowcaseItemPage

    if not ids:
        return {}
    pages = {
        page.pk: page
        for page in ShowcaseItemPage.objects.filter(pk__in=ids)
        .select_related("lead_image", "unit", "jurisdiction")
        .prefetch_related("sectors")
    }
    if "news" in types:
        pages.update({page.pk: page for page in NewsPage.objects.filter(pk__in=ids).select_related("listing_image")})
    return pages


def facet_labels(facet, values):
    """{value: label} in display order for facet values an engine counted without naming them."""
    from campaign.models import CampaignHomePage
    from showcase.models import Jurisdiction, Region, Sector
    from showcase.models.review import Rating

    values = list(values)
    if facet == "sector":
        return dict(Sector.objects.filter(slug__in=values).order_by("sort_order", "name").values_list("slug", "name"))
    if facet == "region":
        return dict(Region.objects.filter(slug__in=values).order_by("sort_order", "name").values_list("slug", "name"))
    if facet == "jurisdiction":
        return dict(
            Jurisdiction.objects.filter(code__in=values)
            .order_by("sort_order", "short_name")
            .values_list("code", "short_name")
        )
    if facet == "campaign":
        return dict(CampaignHomePage.objects.filter(slug__in=values).values_list("slug", "title"))
    if facet == "rating":
        return {value: value for value in Rating.values if value in values}
    if facet == "year":
        return {value: value for value in sorted(values, reverse=True) if value.isdigit()}
    return {}


def suggest(prefix, limit):
    """Titles of published items and news that start with, or contain words starting with, ``prefix``."""
    request = SearchRequest()
    terms = query_terms(prefix)
    if not terms:
        return []
    backend = get_search_backend()
    results = backend.autocomplete(terms_query(terms), base_queryset(request), order_by_relevance=True)
    titles = []
    for page in results[: limit * 3]:
        if page.title not in titles:
            titles.append(page.title)
        if len(titles) == limit:
            break
    return titles


def suggestions(request, terms):
    """Other queries worth trying when ``terms`` found nothing: a misspelt word corrected, or a word left out."""
    known = vocabulary()
    words = [term.word for term in terms]
    candidates = []
    whole = "".join(words)
    if len(terms) > 1 and whole not in known:
        candidates += [[word] for word in _one_edit_away(whole, known)]
    for position, word in enumerate(words):
        if len(word) >= 2 and word not in known:
            candidates += [[*words[:position], fixed, *words[position + 1 :]] for fixed in _one_edit_away(word, known)]
    if len(terms) > 1:
        candidates += [words[:position] + words[position + 1 :] for position in range(len(words))]

    found = []
    context = FilterContext(request.filters)
    for text in dict.fromkeys(" ".join(candidate) for candidate in candidates[:MAX_SUGGESTION_CHECKS]):
        if context.apply(text_matches(base_queryset(request), query_terms(text))).exists():
            found.append(text)
    return found


def _one_edit_away(word, known):
    """Known words one substitution, insertion or deletion away from ``word`` (typos of one character)."""
    matches = []
    for candidate in known:
        if abs(len(candidate) - len(word)) > 1 or candidate == word:
            continue
        if len(candidate) == len(word):
            if sum(a != b for a, b in zip(candidate, word, strict=True)) == 1:
                matches.append(candidate)
        else:
            shorter, longer = sorted((candidate, word), key=len)
            if any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))):
                matches.append(candidate)
    return sorted(matches, key=lambda candidate: (-len(candidate), candidate))[:3]
