"""One event for "what the public may see has changed", sent from one place.

Four things follow public content: the content generation behind the API's
validators and the cached navigation (``campaign.freshness``), the log the
workers' facet indexes read (``search.sync``), the database search index
(``search.sync``) and the Elasticsearch index (``search.elastic.sync``). Each
used to connect to Django's and Wagtail's signals on its own, two of them to
every save of every model. Here the signals are heard once, each connected
for a named sender (every page model, view restrictions, and the models the
apps register through ``search.registry``), and turned into one
``public_content_changed`` event whose payload says what changed and how; the
consumers receive that event, sent with ``ContentChange`` as its sender.

Search is the lowest layer, so the event lives here: every app may import it.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

SAVED = "saved"
DELETED = "deleted"
PUBLISHED = "published"
UNPUBLISHED = "unpublished"
MOVED = "moved"
SLUG_CHANGED = "slug_changed"
RESTRICTION_CHANGED = "restriction_changed"


@dataclass(frozen=True)
class ContentChange:
    """What changed, for the receivers of ``public_content_changed``.

    ``action`` is one of the constants above; ``model`` the changed row's
    class (a page's most specific class, also when it was deleted);
    ``instance`` the row. ``pages`` are the pages whose own public state may
    differ: the saved, published or deleted page, or every page of a subtree
    that moved, changed its URL or its view restriction. ``items`` are other
    pages whose index entries show the changed row (a unit's items when its
    name changed, the item of a rating). ``reshapes_facets`` says facet values,
    their labels or where a facet applies may have changed for any page.
    """

    action: str
    model: type
    instance: Any
    pages: tuple = ()
    items: tuple = ()
    reshapes_facets: bool = False


public_content_changed = Signal()

# Models followed beyond pages: {model: the ``search.registry.Dependency`` declared for it, or None}.
_followed = {}


def follow(model, dependency=None):
    """Send the event when a row of ``model`` is saved or deleted (pages are followed already, see ``connect``)."""
    _followed[model] = dependency or _followed.get(model)
    uid = f"public-content-{model._meta.label_lower}"
    if dependency is not None and dependency.fields:
        pre_save.connect(_remember_watched_fields, sender=model, dispatch_uid=uid)
    if not issubclass(model, Page):
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)


def connect():
    """Follow every page model's publish, unpublish, move, URL change, save and delete, and view restrictions."""
    for model in get_page_models():
        uid = f"public-content-{model._meta.label_lower}"
        page_published.connect(_published, sender=model, dispatch_uid=uid)
        page_unpublished.connect(_unpublished, sender=model, dispatch_uid=uid)
        post_page_move.connect(_moved, sender=model, dispatch_uid=uid)
        page_slug_changed.connect(_slug_changed, sender=model, dispatch_uid=uid)
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
    # A page's row in the base table is deleted whatever its class: one event per deleted page.
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="public-content-page-deleted")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="public-content-restriction")
    post_delete.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="public-content-restriction")


def _send(action, model, instance, pages=(), items=(), reshapes_facets=False):
    change = ContentChange(action, model, instance, tuple(pages), tuple(items), reshapes_facets)
    public_content_changed.send(sender=ContentChange, change=change)


def _dependency_of(model):
    for cls in model.__mro__:
        if _followed.get(cls) is not None:
            return _followed[cls]
    return None


def _subtree_ids(page):
    return page.get_descendants(inclusive=True).values_list("pk", flat=True)


def _published(sender, instance, **kwargs):
    _send(PUBLISHED, sender, instance, pages=[instance.pk])


def _unpublished(sender, instance, **kwargs):
    _send(UNPUBLISHED, sender, instance, pages=[instance.pk])


def _moved(sender, instance, **kwargs):
    # Every page below took new ancestors: its campaign, its scope and whether it is restricted.
    _send(MOVED, sender, instance, pages=_subtree_ids(instance), reshapes_facets=True)


def _slug_changed(sender, instance, **kwargs):
    _send(SLUG_CHANGED, sender, instance, pages=_subtree_ids(instance))


def _restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first() if instance.page_id else None
    pages = _subtree_ids(page) if page is not None else ()
    _send(RESTRICTION_CHANGED, sender, instance, pages=pages, reshapes_facets=True)


def _watched_attribute(dependency):
    return f"_public_content_before_{'_'.join(dependency.fields)}"


def _watched_in(dependency, update_fields):
    if update_fields is None:
        return True
    return bool(set(dependency.fields) & {*update_fields, *(f"{name}_id" for name in update_fields)})


def _remember_watched_fields(sender, instance, raw=False, update_fields=None, **kwargs):
    """Read the watched fields' saved values before a save, so the save can tell whether they changed.

    One small query, for rarely saved rows (units, zones, taxonomies); saves
    that leave the watched fields alone then reach no item.
    """
    dependency = _dependency_of(sender)
    if raw or instance.pk is None or dependency is None or not _watched_in(dependency, update_fields):
        return
    before = sender._base_manager.filter(pk=instance.pk).values_list(*dependency.fields).first()
    setattr(instance, _watched_attribute(dependency), before)


def _items_of(dependency, instance, saved=None):
    """Ids of the items showing ``instance``: always without watched fields, after a save only when one changed."""
    if dependency is None or dependency.items_of is None:
        return ()
    if dependency.fields:
        if saved is None:
            return ()
        raw, created = saved
        before = instance.__dict__.pop(_watched_attribute(dependency), None)
        if raw or created or before is None or before == tuple(getattr(instance, name) for name in dependency.fields):
            return ()
    return dependency.items_of(instance)


def _saved(sender, instance, created=False, raw=False, **kwargs):
    dependency = _dependency_of(sender)
    _send(
        SAVED,
        sender,
        instance,
        pages=[instance.pk] if isinstance(instance, Page) else (),
        items=_items_of(dependency, instance, saved=(raw, created)),
        reshapes_facets=dependency is not None and dependency.shapes_facets,
    )


def _deleted(sender, instance, **kwargs):
    dependency = _dependency_of(sender)
    _send(
        DELETED,
        sender,
        instance,
        items=_items_of(dependency, instance),
        reshapes_facets=dependency is not None and dependency.shapes_facets,
    )


def _page_deleted(sender, instance, **kwargs):
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class() or Page
    dependency = _dependency_of(model)
    _send(
        DELETED,
        model,
        instance,
        pages=[instance.pk],
        reshapes_facets=dependency is not None and dependency.shapes_facets,
    )
