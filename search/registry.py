"""What the apps tell the search service about their content, so that search imports none of them.

``search`` is the lowest of our layers (``search`` ← ``campaign`` ←
``showcase`` ← ``assessment``): the engines, the facet index and the index
sync know campaigns, items, sectors or ratings only as the apps describe
them here. Each app registers in its ``AppConfig.ready()``, so everything is
declared before the first request, command or test reads it; reading an
entry nobody registered is a configuration error, raised at once.

Kept small on purpose: one dataclass per kind of fact, plain callables that
take ids or rows and return values, no base classes to inherit.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured

from search import events
from search.types import ITEM_TYPES


@dataclass(frozen=True)
class ItemType:
    """A kind of page the public search finds: activities, videos, news.

    ``key`` is its value in ``SearchFilters.type`` (one of ``search.types.ITEM_TYPES``).
    ``load_cards(ids)`` gives the pages of those ids with what a result card
    shows, in a fixed number of queries; types sharing one loader are loaded
    together. ``indexable(queryset)`` adds what an Elasticsearch document reads
    (related rows, tags). ``body_fields`` are the fields whose text is the
    document's body. ``related_names(page)`` are words the item is found by
    but never highlighted for (its venue, its keywords). ``own_names(page)``
    are names it is filed under that are not facet values (its unit's): found
    only when a query word is the whole name (see ``Names``). ``prefetch_tags(pages,
    names)`` fills tag managers in bulk for a reindex, in attachment order.
    """

    key: str
    model: type
    label: Any
    load_cards: Callable[[list], Iterable]
    indexable: Callable[[Any], Any] = lambda queryset: queryset
    body_fields: tuple = ()
    related_names: Callable[[Any], list] = lambda page: []
    own_names: Callable[[Any], list] = lambda page: []
    prefetch_tags: Callable[[list, list], None] | None = None


@dataclass(frozen=True)
class Facet:
    """A facet whose values come from an app's rows: sector, region, jurisdiction, rating.

    ``labels(values)`` gives ``{value: label}`` in display order: for the given
    values, or with None for the values the facet offers. ``pairs(page_ids)``
    gives ``(page id, value)`` for the given pages (all pages with None), for
    the facet index. ``condition(values)`` is the ``Q`` on ``Page`` a database
    filter applies. ``values_of(page)`` are the values of one page loaded
    through ``ItemType.indexable`` (an Elasticsearch document), ``many`` says
    whether the document holds a list. ``scope()``, when given, are the paths
    of the subtrees where the facet applies at all (ratings only where the
    campaign shows them): elsewhere a page has no value to filter or count.
    ``names()``, when given, are ``(value, name)`` for every name a value is
    known by (河南省 and 河南, 黄河水利委员会 and 黄委): a query word that is
    one of them finds the value's pages (see ``Names``).
    """

    name: str
    label: Any
    labels: Callable[[list | None], dict]
    pairs: Callable[[list | None], Iterable]
    condition: Callable[[tuple], Any]
    values_of: Callable[[Any], list]
    many: bool = True
    scope: Callable[[], list] | None = None
    names: Callable[[], Iterable] | None = None


@dataclass(frozen=True)
class Names:
    """Names an item is filed under that are not its text: its unit's, and its facet values' (see ``Facet.names``).

    They are not indexed as text. A unit called …水利局 would make 水利 match
    every item it files, whatever the item is about: a name finds an item only
    when a query word is the whole name. ``pairs(page_ids)`` gives ``(page
    id, name)`` for the given pages (all pages with None).
    """

    key: str
    pairs: Callable[[list | None], Iterable]


@dataclass(frozen=True)
class Campaigns:
    """The campaign root page model: a search scoped to one campaign is a search below its page.

    The campaign facet's values are these pages' slugs, its labels their titles.
    """

    model: type
    label: Any


@dataclass(frozen=True)
class Featured:
    """The recommended items: the "featured" facet, and the periods an Elasticsearch document stores.

    ``item_ids()`` is a one-column queryset of the ids of items in a current
    slot (usable as a subquery); ``periods_of(page)`` is ``[(starts, ends)]``
    of a page loaded through ``ItemType.indexable``, an open end being None.
    """

    item_ids: Callable[[], Any]
    periods_of: Callable[[Any], list]
    label: Any
    value_label: Any


@dataclass(frozen=True)
class Dependency:
    """Rows of ``model`` that items show or that shape the facets: saving or deleting one changes search results.

    ``items_of(row)`` gives the ids of the items whose index entries show the
    row. With ``fields``, only a saved change of one of those fields reaches
    them (a unit's name, not its address). ``shapes_facets`` says the rows are
    facet values or decide where a facet applies (sectors, zones showing
    ratings): every worker's facet index then reloads.
    """

    model: type
    items_of: Callable[[Any], Iterable] | None = None
    fields: tuple = ()
    shapes_facets: bool = False


@dataclass
class Registry:
    types: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    campaigns: Campaigns | None = None
    featured: Featured | None = None
    view_counts: Callable[[], Iterable] | None = None


_registry = Registry()


def register_type(item_type):
    _registry.types[item_type.key] = item_type


def register_facet(facet):
    _registry.facets[facet.name] = facet


def register_names(names):
    _registry.names[names.key] = names


def register_campaigns(campaigns):
    _registry.campaigns = campaigns


def register_featured(featured):
    _registry.featured = featured


def register_view_counts(view_counts):
    """``view_counts()`` gives ``(page id, views)`` of the items viewed at least once: "most viewed" sorts by them."""
    _registry.view_counts = view_counts


def register_public_models(*models):
    """Models whose saves and deletes change what the public sees: each one sends ``events.public_content_changed``.

    Pages need no registering: every page model's publish, unpublish, move,
    save and delete is followed already.
    """
    for model in models:
        events.follow(model)


def register_dependency(dependency):
    """A model search results depend on (see ``Dependency``); it is followed as a public model too."""
    events.follow(dependency.model, dependency)


def item_types():
    """The registered item types, in the order of ``search.types.ITEM_TYPES``."""
    return [_registry.types[key] for key in ITEM_TYPES if key in _registry.types]


def type_models():
    """{type key: page model}, in the order of ``search.types.ITEM_TYPES``."""
    return {registered.key: registered.model for registered in item_types()}


def content_type_ids():
    """{type key: content type id}; ContentType's own cache makes this free after the first call."""
    return {key: ContentType.objects.get_for_model(model).pk for key, model in type_models().items()}


def item_type(key):
    try:
        return _registry.types[key]
    except KeyError:
        raise ImproperlyConfigured(f"No app registered the search item type {key!r}.") from None


def item_type_of(model):
    """The item type of a page model (or of a subclass of a registered one), None for other pages."""
    for registered in _registry.types.values():
        if issubclass(model, registered.model):
            return registered
    return None


def facet(name):
    return _registry.facets.get(name)


def facets():
    return list(_registry.facets.values())


def names():
    return list(_registry.names.values())


def campaigns():
    if _registry.campaigns is None:
        raise ImproperlyConfigured("No app registered the campaign root page model with search.")
    return _registry.campaigns


def featured():
    if _registry.featured is None:
        raise ImproperlyConfigured("No app registered the recommended items with search.")
    return _registry.featured


def view_counts():
    return _registry.view_counts() if _registry.view_counts is not None else []
