"""Keeping the Elasticsearch index in step with what the public may see.

``search.sync`` calls ``refresh_page`` on publish, unpublish, move and
view-restriction changes. A document also holds data from outside the page
(its recommended slots, its rating and whether its zone shows ratings, its
unit's name, its tags' and jurisdiction's keys), so ``connect`` follows those
too, and page deletions.

Two rules:

- Work waits for the transaction to commit, then reads the page afresh from
  the database: a rolled-back publish never reaches the index, and the
  document is always built from the committed, live state (never from an
  in-memory draft).
- Elasticsearch being down never fails a save: the error is logged, the
  page stays as it was in the index, and ``search_rebuild_elasticsearch``
  brings everything back in step.
"""

import logging
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from elastic_transport import TransportError
from elasticsearch import ApiError

from search.elastic import client as elastic_client
from search.elastic.documents import documents_for

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def refresh_page(page):
    """Index ``page`` if it is live and public once the transaction commits, delete it from the index otherwise."""
    refresh_pages([page.pk])


def remove_page(page_id):
    """Delete the page's document once the transaction commits (after the page itself was deleted)."""
    refresh_pages([page_id])


def refresh_pages(page_ids):
    """``refresh_page`` for many pages at once, sent in bulk requests."""
    page_ids = sorted({page_id for page_id in page_ids if page_id is not None})
    if page_ids:
        transaction.on_commit(partial(apply_now, page_ids), robust=True)


def apply_now(page_ids, index=None):
    """Bring the documents of ``page_ids`` in line with the database now; True when every change was accepted.

    Writes go to the alias with ``require_alias``, so a cluster that has
    never been rebuilt gets no index created on the fly with a guessed mapping.
    """
    client = elastic_client.get_client()
    target = index or elastic_client.alias_name()
    page_ids = list(page_ids)
    succeeded = True
    for start in range(0, len(page_ids), BATCH_SIZE):
        documents = documents_for(page_ids[start : start + BATCH_SIZE])
        operations = []
        for page_id, document in sorted(documents.items()):
            if document is None:
                operations.append({"delete": {"_id": str(page_id)}})
            else:
                operations += [{"index": {"_id": str(page_id)}}, document.to_dict()]
        if not operations:
            continue
        try:
            response = client.bulk(index=target, operations=operations, require_alias=True if index is None else None)
        except (ApiError, TransportError) as error:
            logger.warning(
                "Elasticsearch did not take the changes of pages %s; "
                "run search_rebuild_elasticsearch once it is back: %s",
                sorted(documents),
                error,
            )
            succeeded = False
            continue
        succeeded = _log_item_failures(response) and succeeded
    return succeeded


def _log_item_failures(response):
    if not response.get("errors"):
        return True
    failures = []
    for item in response.get("items", []):
        action, result = next(iter(item.items()))
        missing_already = action == "delete" and result.get("status") == 404
        if result.get("error") or (result.get("status", 200) >= 300 and not missing_already):
            failures.append((action, result.get("_id"), result.get("status"), result.get("error")))
    if failures:
        logger.warning("Elasticsearch refused some changes; run search_rebuild_elasticsearch: %s", failures)
    return not failures


class FieldWatch:
    """Refresh the items that show a field of another model, when that field's saved value changes.

    The value before the save is read from the database in ``pre_save`` (one
    small query, for rarely saved rows such as units and zones) and compared
    with the saved one, so saves that change nothing the index holds cost
    nothing more.
    """

    def __init__(self, model, fields, items_of):
        self.model = model
        self.fields = tuple(fields)
        self.items_of = items_of
        self.uid = f"search-elastic-watch-{model._meta.label_lower}"
        self.attribute = f"_search_elastic_before_{'_'.join(self.fields)}"

    def _watched_in(self, update_fields):
        return update_fields is None or bool(set(self.fields) & {*update_fields, *(f"{f}_id" for f in update_fields)})

    def before_save(self, sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or instance.pk is None or not self._watched_in(update_fields):
            return
        before = sender._base_manager.filter(pk=instance.pk).values_list(*self.fields).first()
        setattr(instance, self.attribute, before)

    def after_save(self, sender, instance, created, raw=False, **kwargs):
        before = instance.__dict__.pop(self.attribute, None)
        if raw or created or before is None:
            return
        if before != tuple(getattr(instance, field) for field in self.fields):
            refresh_pages(self.items_of(instance).values_list("pk", flat=True))

    def connect(self):
        pre_save.connect(self.before_save, sender=self.model, dispatch_uid=self.uid)
        post_save.connect(self.after_save, sender=self.model, dispatch_uid=self.uid)

    def disconnect(self):
        pre_save.disconnect(sender=self.model, dispatch_uid=self.uid)
        post_save.disconnect(sender=self.model, dispatch_uid=self.uid)


_watches = []


def _watched_fields():
    """The field watches, made once: signals keep only weak references to their bound methods."""
    if not _watches:
        from showcase.models import Jurisdiction, Region, Sector, ShowcaseIndexPage, ShowcaseItemPage, Unit

        _watches.extend(
            [
                FieldWatch(
                    ShowcaseIndexPage, ["show_rating_badges"], lambda zone: ShowcaseItemPage.objects.descendant_of(zone)
                ),
                FieldWatch(Unit, ["name"], lambda unit: ShowcaseItemPage.objects.filter(unit=unit)),
                FieldWatch(
                    Jurisdiction,
                    ["code"],
                    lambda jurisdiction: ShowcaseItemPage.objects.filter(jurisdiction=jurisdiction),
                ),
                FieldWatch(
                    Sector, ["name", "slug"], lambda sector: ShowcaseItemPage.objects.filter(sector_items__tag=sector)
                ),
                FieldWatch(
                    Region,
                    ["name", "slug", "parent_id"],
                    lambda region: ShowcaseItemPage.objects.filter(
                        Q(region_items__tag=region) | Q(region_items__tag__parent=region)
                    ).distinct(),
                ),
            ]
        )
    return _watches


def _item_of_related_row(sender, instance, **kwargs):
    refresh_pages([instance.item_id])


def _page_deleted(sender, instance, **kwargs):
    remove_page(instance.pk)


def _signal_receivers():
    from campaign.models import NewsPage
    from showcase.models import ItemRating, RecommendedSlot, ShowcaseItemPage

    receivers = []
    for model in (RecommendedSlot, ItemRating):
        for signal in (post_save, post_delete):
            receivers.append((signal, _item_of_related_row, model))
    for model in (ShowcaseItemPage, NewsPage):
        receivers.append((post_delete, _page_deleted, model))
    return receivers


def _uid(signal, model):
    kind = "saved" if signal is post_save else "deleted"
    return f"search-elastic-{model._meta.label_lower}-{kind}"


def connect():
    """Follow what the documents depend on besides the page events ``search.sync`` already reports."""
    for signal, receiver, model in _signal_receivers():
        signal.connect(receiver, sender=model, dispatch_uid=_uid(signal, model))
    for watch in _watched_fields():
        watch.connect()


def disconnect():
    for signal, _receiver, model in _signal_receivers():
        signal.disconnect(sender=model, dispatch_uid=_uid(signal, model))
    for watch in _watched_fields():
        watch.disconnect()
