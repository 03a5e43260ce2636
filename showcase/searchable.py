"""What the showcase tells the search service: its items, their facets, ratings, recommended slots and views.

Search imports none of our apps (it is the lowest layer), so everything it
must know of activities and videos is declared here and registered from
``ShowcaseConfig.ready``: how to load result cards, which rows name which
facet values, where ratings are public, which items are recommended, and
which rows' changes reach the items' index entries.
"""

from django.apps import apps
from django.db.models import Prefetch, Q
from django.utils.translation import pgettext_lazy
from wagtail.images import get_image_model

from search.registry import (
    Dependency,
    Facet,
    Featured,
    ItemType,
    Names,
    register_dependency,
    register_facet,
    register_featured,
    register_names,
    register_public_models,
    register_type,
    register_view_counts,
)
from showcase.models import (
    ActivityPage,
    ItemRating,
    Jurisdiction,
    JurisdictionReviewTask,
    JurisdictionReviewTaskState,
    NationalReviewTask,
    NationalReviewTaskState,
    RecommendedSlot,
    Region,
    Sector,
    ShortLink,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    Unit,
    VideoPage,
)
from showcase.models.review import Rating
from showcase.models.taxonomy import ShowcaseItemRegion, ShowcaseItemSector, prefetch_tags

# The rendition a result card shows (showcase/includes/item_card.html): fetched with the images, not once a card.
CARD_IMAGE = "fill-480x270"
# Rows read from the database at a time while the facet index loads.
ROWS_AT_ONCE = 5000


def rated_paths():
    """Paths of the showcases whose ratings are public: elsewhere an item has no rating to filter or count.

    Unordered: in the tree's order, SQLite walks every page's path to find the few showcases (14 ms at 100,000 items).
    """
    return list(ShowcaseIndexPage.objects.filter(show_rating_badges=True).order_by().values_list("path", flat=True))


def featured_item_ids():
    """The ids of the items in a current recommended slot, as a one-column queryset."""
    return RecommendedSlot.objects.current().order_by().values_list("item_id", flat=True)


def _card_renditions():
    return get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_IMAGE)


def item_cards(ids):
    """Activities and videos of ``ids`` with what a result card shows: image, unit, jurisdiction, sectors."""
    items = list(
        ShowcaseItemPage.objects.filter(pk__in=ids)
        .select_related("lead_image", "unit", "jurisdiction")
        .prefetch_related(Prefetch("lead_image__renditions", _card_renditions()))
    )
    prefetch_tags(items, ["sectors"])
    return items


def indexable(queryset):
    """Items with what their Elasticsearch documents read."""
    return queryset.select_related("unit", "jurisdiction", "rating").prefetch_related(
        "sectors", "regions__parent", "keywords", "recommended_slots"
    )


def related_names(page):
    """Words an item is found by but not highlighted for: its venue and its keywords.

    Its unit, sectors and regions are names, not text (``own_names`` and the facets' ``names``).
    """
    return [getattr(page, "venue", "")] + [tag.name for tag in page.keywords.all()]


def own_names(page):
    """The names of the item's unit, found only whole."""
    if not page.unit_id:
        return []
    return [name for _unit, name in _with_other_names([(page.unit_id, page.unit.name, page.unit.other_names)])]


def _prefetch_tags_in_attachment_order(pages, names):
    # As saving one page indexes them: a bulk reindex must write the same text.
    prefetch_tags(pages, names, attachment_order=True)


def _of_pages(rows, column, page_ids):
    return rows.filter(**{f"{column}__in": page_ids}) if page_ids is not None else rows


def _sector_pairs(page_ids):
    rows = _of_pages(ShowcaseItemSector.objects, "content_object_id", page_ids)
    return rows.order_by().values_list("content_object_id", "tag__slug").iterator(ROWS_AT_ONCE)


def _region_pairs(page_ids):
    rows = _of_pages(ShowcaseItemRegion.objects, "content_object_id", page_ids)
    for page_id, slug, province in (
        rows.order_by().values_list("content_object_id", "tag__slug", "tag__parent__slug").iterator(ROWS_AT_ONCE)
    ):
        yield page_id, slug
        if province:
            yield page_id, province


def _jurisdiction_pairs(page_ids):
    rows = _of_pages(ShowcaseItemPage.objects.filter(jurisdiction__isnull=False), "pk", page_ids)
    return rows.order_by().values_list("pk", "jurisdiction__code").iterator(ROWS_AT_ONCE)


def _with_other_names(rows):
    """``(key, name)`` for each name and each of the other names (one a line) of vocabulary or directory rows."""
    for key, name, other_names in rows:
        yield key, name
        for other in other_names.splitlines():
            if other.strip():
                yield key, other.strip()


def _sector_names():
    return _with_other_names(Sector.objects.order_by().values_list("slug", "name", "other_names"))


def _region_names():
    return _with_other_names(Region.objects.order_by().values_list("slug", "name", "other_names"))


def _jurisdiction_names():
    for code, name, short_name in Jurisdiction.objects.order_by().values_list("code", "name", "short_name"):
        yield code, name
        yield code, short_name


def _unit_name_pairs(page_ids):
    """``(page id, name)`` of each item's unit, under its name and its other names."""
    rows = _of_pages(ShowcaseItemPage.objects.filter(unit__isnull=False), "pk", page_ids)
    return _with_other_names(
        rows.order_by().values_list("pk", "unit__name", "unit__other_names").iterator(ROWS_AT_ONCE)
    )


def _rating_pairs(page_ids):
    rows = _of_pages(ItemRating.objects, "item_id", page_ids)
    return rows.order_by().values_list("item_id", "rating").iterator(ROWS_AT_ONCE)


def _labels(queryset, key, label, values):
    if values is not None:
        queryset = queryset.filter(**{f"{key}__in": list(values)})
    return dict(queryset.values_list(key, label))


def _region_labels(values):
    """The facet offers provinces; a province's slug also matches its cities, which keep their own labels."""
    regions = Region.objects.order_by("sort_order", "name")
    return _labels(regions.filter(parent__isnull=True) if values is None else regions, "slug", "name", values)


def _region_values(page):
    regions = list(page.regions.all()) if isinstance(page, ShowcaseItemPage) else []
    return [region.slug for region in regions] + [region.parent.slug for region in regions if region.parent_id]


def _rating_value(page):
    rating = getattr(page, "rating", None)
    return [rating.rating] if rating is not None else []


def _featured_periods(page):
    if not isinstance(page, ShowcaseItemPage):
        return []
    return [(slot.starts_at, slot.ends_at) for slot in page.recommended_slots.all()]


def _view_counts():
    return ShowcaseItemPage.objects.filter(view_count__gt=0).order_by().values_list("pk", "view_count")


def register():
    """Declare the showcase's items, facets and dependencies to the search service."""
    for key, model, label, body_fields in (
        ("activity", ActivityPage, pgettext_lazy("search result type", "Activity"), ("body", "outcomes")),
        ("video", VideoPage, pgettext_lazy("search result type", "Video"), ()),
    ):
        register_type(
            ItemType(
                key=key,
                model=model,
                label=label,
                load_cards=item_cards,
                indexable=indexable,
                body_fields=body_fields,
                related_names=related_names,
                own_names=own_names,
                prefetch_tags=_prefetch_tags_in_attachment_order,
            )
        )
    register_facet(
        Facet(
            name="sector",
            label=pgettext_lazy("search facet", "Sector"),
            labels=lambda values: _labels(Sector.objects.order_by("sort_order", "name"), "slug", "name", values),
            pairs=_sector_pairs,
            condition=lambda values: Q(showcaseitempage__sector_items__tag__slug__in=values),
            values_of=lambda page: (
                [sector.slug for sector in page.sectors.all()] if isinstance(page, ShowcaseItemPage) else []
            ),
            names=_sector_names,
        )
    )
    register_facet(
        Facet(
            name="region",
            label=pgettext_lazy("search facet", "Region"),
            labels=_region_labels,
            pairs=_region_pairs,
            condition=lambda values: (
                Q(showcaseitempage__region_items__tag__slug__in=values)
                | Q(showcaseitempage__region_items__tag__parent__slug__in=values)
            ),
            values_of=_region_values,
            names=_region_names,
        )
    )
    register_facet(
        Facet(
            name="jurisdiction",
            label=pgettext_lazy("search facet", "Jurisdiction"),
            labels=lambda values: _labels(
                Jurisdiction.objects.order_by("sort_order", "short_name"), "code", "short_name", values
            ),
            pairs=_jurisdiction_pairs,
            condition=lambda values: Q(showcaseitempage__jurisdiction__code__in=values),
            values_of=lambda page: [page.jurisdiction.code] if getattr(page, "jurisdiction_id", None) else [],
            many=False,
            names=_jurisdiction_names,
        )
    )
    register_names(Names(key="unit", pairs=_unit_name_pairs))
    register_facet(
        Facet(
            name="rating",
            label=pgettext_lazy("search facet", "Rating"),
            labels=lambda values: {value: value for value in Rating.values if values is None or value in values},
            pairs=_rating_pairs,
            condition=lambda values: Q(showcaseitempage__rating__rating__in=values),
            values_of=_rating_value,
            many=False,
            scope=rated_paths,
        )
    )
    register_featured(
        Featured(
            item_ids=featured_item_ids,
            periods_of=_featured_periods,
            label=pgettext_lazy("search facet", "Recommended"),
            value_label=pgettext_lazy("search facet value", "Recommended"),
        )
    )
    register_view_counts(_view_counts)
    # Short links are made while an item's page is rendered (the page already shows its own) and review task states
    # follow the workflow, whose only public effect is the publish it ends with (a page event): neither changes what
    # the public sees, and counting them would invalidate every cached page on a first view or a review step.
    internal = {
        ShortLink,
        JurisdictionReviewTask,
        JurisdictionReviewTaskState,
        NationalReviewTask,
        NationalReviewTaskState,
    }
    register_public_models(*[model for model in apps.get_app_config("showcase").get_models() if model not in internal])
    for dependency in (
        Dependency(ItemRating, items_of=lambda rating: [rating.item_id]),
        Dependency(RecommendedSlot, items_of=lambda slot: [slot.item_id]),
        Dependency(Unit, fields=("name", "other_names"), items_of=_items_of_unit),
        Dependency(
            Jurisdiction, fields=("code", "name", "short_name"), items_of=_items_of_jurisdiction, shapes_facets=True
        ),
        Dependency(Sector, fields=("name", "slug", "other_names"), items_of=_items_of_sector, shapes_facets=True),
        Dependency(
            Region,
            fields=("name", "slug", "parent_id", "other_names"),
            items_of=_items_of_region,
            shapes_facets=True,
        ),
        # A zone's ratings become public or private: its items' rating facet follows.
        Dependency(ShowcaseIndexPage, fields=("show_rating_badges",), items_of=_items_of_zone, shapes_facets=True),
    ):
        register_dependency(dependency)


def _ids(queryset):
    return queryset.values_list("pk", flat=True)


def _items_of_unit(unit):
    return _ids(ShowcaseItemPage.objects.filter(unit=unit))


def _items_of_jurisdiction(jurisdiction):
    return _ids(ShowcaseItemPage.objects.filter(jurisdiction=jurisdiction))


def _items_of_sector(sector):
    return _ids(ShowcaseItemPage.objects.filter(sector_items__tag=sector))


def _items_of_region(region):
    return _ids(
        ShowcaseItemPage.objects.filter(Q(region_items__tag=region) | Q(region_items__tag__parent=region)).distinct()
    )


def _items_of_zone(zone):
    return _ids(ShowcaseItemPage.objects.descendant_of(zone))
