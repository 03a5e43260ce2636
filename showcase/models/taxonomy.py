"""Controlled vocabularies: sectors (行业) and regions (地区), plus free keywords.

Sectors and regions are taggit tag models with ``free_tagging = False``, so
Wagtail's tag widget lets editors pick existing terms but never invent new ones
by typing; the lists themselves are managed as snippets.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.queryset import FakeQuerySet
from taggit.models import ItemBase, TagBase, TaggedItemBase


def other_names_field():
    """Other spellings of a vocabulary term that filled-in sheets use; the bulk import matches them exactly."""
    return models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other spellings that filled-in sheets use for this name, one per line (such as 新疆兵团 for "
            "新疆生产建设兵团). The bulk import matches them exactly and never guesses."
        ),
    )


class Sector(TagBase):
    free_tagging = False

    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    other_names = other_names_field()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["sort_order", "name"]


class Region(TagBase):
    """A province-level region, or a city within one."""

    free_tagging = False

    parent = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cities",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Leave empty for a province, autonomous region or municipality; choose it for a city."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    other_names = other_names_field()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["sort_order", "name"]

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Regions have two levels: a city's parent must be a province.")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A region cannot be its own province.")})

    @property
    def is_province(self):
        return self.parent_id is None

    def province(self):
        return self if self.parent_id is None else self.parent


class ShowcaseItemSector(ItemBase):
    tag = models.ForeignKey(Sector, related_name="tagged_items", on_delete=models.CASCADE)
    content_object = ParentalKey("showcase.ShowcaseItemPage", related_name="sector_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("item sector")
        verbose_name_plural = _("item sectors")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="showcase_unique_item_sector")]


class ShowcaseItemRegion(ItemBase):
    tag = models.ForeignKey(Region, related_name="tagged_items", on_delete=models.CASCADE)
    content_object = ParentalKey("showcase.ShowcaseItemPage", related_name="region_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("item region")
        verbose_name_plural = _("item regions")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="showcase_unique_item_region")]


class ShowcaseItemKeyword(TaggedItemBase):
    content_object = ParentalKey("showcase.ShowcaseItemPage", related_name="keyword_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")


def prefetch_tags(items, names, attachment_order=False):
    """Fill the tag managers ``names`` (sectors, regions, keywords) of ``items`` with one query per manager.

    ``prefetch_related("sectors")`` does the same, but Django then builds a
    filtered queryset per item through taggit's manager, and building it costs
    more than the query: about 2 ms per item and manager on a listing of 48,
    three quarters of the time spent loading pages to reindex them. Here each
    item gets its tags as an in-memory queryset; anything that changes the
    tags drops it, as it drops a prefetch. The rows are read as values and
    each tag becomes one object, shared by the items it tags: a thousand pages
    to reindex carry a few hundred distinct tags in some six thousand rows.

    Tags come in the tag model's own order, as a prefetch gives them for
    display; ``attachment_order`` gives them in the order they were attached,
    as ``item.sectors.all()`` reads them unprefetched (and so as saving one
    page indexes them: a bulk reindex must write the same text).
    """
    items = [item for item in items if item.pk is not None]
    if not items:
        return
    model = type(items[0])
    for name in names:
        through = model._meta.get_field(name).through
        tag_model = through.tag_model()
        page_column = through._meta.get_field("content_object").attname
        ordering = ["pk"] if attachment_order else [f"tag__{field}" for field in tag_model._meta.ordering] + ["pk"]
        tags = {item.pk: [] for item in items}
        rows = through.objects.filter(**{f"{page_column}__in": list(tags)}).order_by(*ordering)
        read_tag = _TagReader(tag_model, rows.db)
        for page_id, *values in rows.values_list(page_column, *read_tag.columns):
            tags[page_id].append(read_tag(values))
        for item in items:
            item.__dict__.setdefault("_prefetched_objects_cache", {})[name] = FakeQuerySet(tag_model, tags[item.pk])


class _TagReader:
    """Tags from a row's tag columns (and, for a city, its province's), one object per tag however many rows name it."""

    def __init__(self, tag_model, database):
        self.tag_model, self.database = tag_model, database
        self.fields = [field.attname for field in tag_model._meta.concrete_fields]
        self.key = self.fields.index(tag_model._meta.pk.attname)
        parent = next((field for field in tag_model._meta.fields if field.name == "parent"), None)
        self.parent_model = parent.related_model if parent else None
        self.parent_fields = [field.attname for field in self.parent_model._meta.concrete_fields] if parent else []
        self.columns = [f"tag__{field}" for field in self.fields]
        self.columns += [f"tag__parent__{field}" for field in self.parent_fields]
        self.known = {}

    def __call__(self, values):
        own = values[: len(self.fields)]
        tag = self.known.get(own[self.key])
        if tag is None:
            tag = self.tag_model.from_db(self.database, self.fields, own)
            if self.parent_model is not None and tag.parent_id is not None:
                tag.parent = self.parent_model.from_db(self.database, self.parent_fields, values[len(self.fields) :])
            self.known[own[self.key]] = tag
        return tag
