"""Browsing the showcase: filters by sector, region, jurisdiction and type, with counts.

Within one facet the chosen values are alternatives (OR); across facets they
all apply (AND). Each facet's counts are taken with every *other* facet's
filters applied, so ticking a second sector shows how many items it would add.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

ITEMS_PER_PAGE = 12
MAX_VALUES_PER_FACET = 20
MAX_VALUE_LENGTH = 100

FACETS = ("sector", "region", "jurisdiction", "type")


@dataclass(frozen=True)
class Filters:
    sector: tuple = ()
    region: tuple = ()
    jurisdiction: tuple = ()
    type: tuple = ()

    @classmethod
    def from_querydict(cls, query):
        """Read filters from GET parameters; unknown, empty, overlong or excess values are dropped."""
        values = {}
        for facet in FACETS:
            cleaned = []
            for raw in query.getlist(facet):
                value = raw.strip()
                if value and len(value) <= MAX_VALUE_LENGTH and value not in cleaned:
                    cleaned.append(value)
            values[facet] = tuple(cleaned[:MAX_VALUES_PER_FACET])
        return cls(**values)

    def is_empty(self):
        return not any(getattr(self, facet) for facet in FACETS)

    def querystring(self, **extra):
        pairs = [(facet, value) for facet in FACETS for value in getattr(self, facet)]
        pairs += [(key, value) for key, value in extra.items() if value not in (None, "")]
        return urlencode(pairs)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class BrowseResult:
    page: object
    total: int
    facets: dict = field(default_factory=dict)


def _item_types():
    from showcase.models import ActivityPage, VideoPage

    return {
        "activity": (ContentType.objects.get_for_model(ActivityPage).pk, _("Activities")),
        "video": (ContentType.objects.get_for_model(VideoPage).pk, _("Videos")),
    }


def published_items(scope):
    from showcase.models import ShowcaseItemPage

    return ShowcaseItemPage.objects.live().public().descendant_of(scope)


def _apply(queryset, filters, skip=None):
    if filters.sector and skip != "sector":
        queryset = queryset.filter(sector_items__tag__slug__in=filters.sector)
    if filters.region and skip != "region":
        queryset = queryset.filter(
            Q(region_items__tag__slug__in=filters.region) | Q(region_items__tag__parent__slug__in=filters.region)
        )
    if filters.jurisdiction and skip != "jurisdiction":
        queryset = queryset.filter(jurisdiction__code__in=filters.jurisdiction)
    if filters.type and skip != "type":
        types = _item_types()
        queryset = queryset.filter(content_type_id__in=[types[t][0] for t in filters.type if t in types])
    if filters.sector or filters.region:
        queryset = queryset.distinct()
    return queryset


def _facet_counts(scope, filters):
    from showcase.models import ShowcaseItemRegion, ShowcaseItemSector

    items = published_items(scope)
    sector_rows = (
        ShowcaseItemSector.objects.filter(content_object__in=_apply(items, filters, skip="sector").values("pk"))
        .values("tag__slug", "tag__name", "tag__sort_order")
        .annotate(count=Count("content_object", distinct=True))
        .order_by("tag__sort_order", "tag__name")
    )
    region_rows = (
        ShowcaseItemRegion.objects.filter(content_object__in=_apply(items, filters, skip="region").values("pk"))
        .annotate(
            province_slug=Coalesce("tag__parent__slug", "tag__slug"),
            province_name=Coalesce("tag__parent__name", "tag__name"),
            province_order=Coalesce("tag__parent__sort_order", "tag__sort_order"),
        )
        .values("province_slug", "province_name", "province_order")
        .annotate(count=Count("content_object", distinct=True))
        .order_by("province_order", "province_name")
    )
    jurisdiction_rows = (
        _apply(items, filters, skip="jurisdiction")
        .order_by()
        .values("jurisdiction__code", "jurisdiction__short_name", "jurisdiction__sort_order")
        .annotate(count=Count("pk", distinct=True))
        .order_by("jurisdiction__sort_order", "jurisdiction__short_name")
    )
    type_counts = dict(
        _apply(items, filters, skip="type")
        .order_by()
        .values_list("content_type")
        .annotate(count=Count("pk", distinct=True))
    )
    return {
        "sector": [
            FacetValue(row["tag__slug"], row["tag__name"], row["count"], row["tag__slug"] in filters.sector)
            for row in sector_rows
        ],
        "region": [
            FacetValue(row["province_slug"], row["province_name"], row["count"], row["province_slug"] in filters.region)
            for row in region_rows
        ],
        "jurisdiction": [
            FacetValue(
                row["jurisdiction__code"],
                row["jurisdiction__short_name"],
                row["count"],
                row["jurisdiction__code"] in filters.jurisdiction,
            )
            for row in jurisdiction_rows
            if row["jurisdiction__code"]
        ],
        "type": [
            FacetValue(key, str(label), type_counts.get(content_type_id, 0), key in filters.type)
            for key, (content_type_id, label) in _item_types().items()
        ],
    }


def browse(scope, filters, page_number=None, per_page=ITEMS_PER_PAGE):
    """The one entry point for listing showcase items under ``scope`` (a showcase or jurisdiction page)."""
    queryset = (
        _apply(published_items(scope), filters)
        .select_related("lead_image", "unit", "jurisdiction")
        .prefetch_related("sectors")
        .order_by("-first_published_at", "-pk")
    )
    page = Paginator(queryset, per_page).get_page(page_number)
    return BrowseResult(page=page, total=page.paginator.count, facets=_facet_counts(scope, filters))


FACET_LABELS = {
    "sector": _("Sector"),
    "region": _("Region"),
    "jurisdiction": _("Jurisdiction"),
    "type": _("Type"),
}


def browse_context(request, scope):
    from showcase.models import RecommendedSlot, ShowcaseIndexPage

    filters = Filters.from_querydict(request.GET)
    result = browse(scope, filters, request.GET.get("page"))
    recommended = []
    if isinstance(scope, ShowcaseIndexPage) and filters.is_empty() and result.page.number == 1:
        recommended = [
            slot.item
            for slot in RecommendedSlot.objects.filter(showcase=scope).current().select_related("item__lead_image")
        ]
    return {
        "filters": filters,
        "browse": result,
        "facet_groups": [(facet, FACET_LABELS[facet], result.facets[facet]) for facet in FACETS],
        "pagination_query": filters.querystring(),
        "recommended": recommended,
        "item_type_labels": dict(_item_types().values()),
    }
