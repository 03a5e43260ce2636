"""Adding many pages under one parent without Wagtail's per-page save path.

``parent.add_child(instance=page)`` locks the parent, reads its last child,
saves the page through every table of its inheritance chain and then
``save_revision()`` writes a revision and a log entry: around twenty queries a
page, hours for a hundred thousand. Here the materialized paths are computed
the way treebeard's ``MP_AddChildHandler`` does (parent path + a base-36 step of
``steplen`` characters), the rows of each table of the chain are inserted in
batches, and the parent's ``numchild`` is raised once.

What this path does not do, on purpose: it sends no ``post_save`` signals, writes
no revisions or log entries, and updates neither the search index nor Wagtail's
reference index. Callers that need those add them for their pages (or run
``update_index`` / ``rebuild_references_index`` afterwards).
"""

from django.db import connections, router
from django.db.models import F
from wagtail.models import Page

# PostgreSQL accepts at most 65535 parameters in one statement.
MAX_QUERY_PARAMS = 65535


def _batch_size(connection, fields, objs):
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    return max(1, min(size, MAX_QUERY_PARAMS // max(1, len(fields))))


def _insert(model, objs, fields, using, returning_fields=None):
    """Insert the ``fields`` of ``objs`` into ``model``'s own table, in batches; rows returned if asked."""
    connection = connections[using]
    size = _batch_size(connection, fields, objs)
    returned = []
    for start in range(0, len(objs), size):
        rows = model._base_manager.using(using)._insert(
            objs[start : start + size], fields=fields, returning_fields=returning_fields, raw=True, using=using
        )
        if returning_fields:
            returned.extend(rows)
    return returned


def _table_chain(page_class):
    """The concrete models whose tables hold a ``page_class`` row, from ``Page`` down."""
    return [*reversed(page_class._meta.get_parent_list()), page_class]


def bulk_add_children(parent, pages):
    """Add the unsaved specific ``pages`` as the last children of ``parent``; return them saved.

    Each page needs its title and slug (unique among the parent's children, which
    is the caller's job) and its own fields; tree position, ``url_path``,
    ``draft_title`` and locale are set here. Must run inside a transaction: the
    parent row is locked so that concurrent ``add_child`` calls cannot take the
    same paths.
    """
    if not pages:
        return []
    using = router.db_for_write(Page)
    parent = Page.objects.using(using).select_for_update().get(pk=parent.pk)
    last_child = parent.get_last_child()
    position = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
    depth = parent.depth + 1
    for page in pages:
        position += 1
        page.path = Page._get_path(parent.path, depth, position)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.draft_title or page.title
        page.locale_id = page.locale_id or parent.locale_id
    if len(pages[-1].path) > Page._meta.get_field("path").max_length:
        raise ValueError("The new pages are too deep in the tree for the path column.")

    page_fields = [field for field in Page._meta.local_concrete_fields if not field.primary_key]
    path_field = Page._meta.get_field("path")
    rows = _insert(Page, pages, page_fields, using, returning_fields=[Page._meta.pk, path_field])
    ids = {path: pk for pk, path in rows}
    for page in pages:
        page.id = ids[page.path]

    by_class = {}
    for page in pages:
        by_class.setdefault(type(page), []).append(page)
    for page_class, same_class in by_class.items():
        for model in _table_chain(page_class)[1:]:
            for page in same_class:
                setattr(page, model._meta.pk.attname, page.id)
            _insert(model, same_class, list(model._meta.local_concrete_fields), using)

    Page.objects.using(using).filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    for page in pages:
        page._state.adding = False
        page._state.db = using
    return pages
