"""Keeping the Elasticsearch index in step with what the public may see.

``search.sync`` calls ``refresh_pages`` on publish, unpublish, move, URL and
view-restriction changes. A document also holds data from outside the page
(its recommended slots, its rating and whether its zone shows ratings, its
unit's name, its tags' and jurisdiction's keys): the apps declare those rows
as ``search.registry.Dependency``, ``search.events`` names the items showing
a changed row, and ``connect`` follows that event for them, and for deleted
items.

Two rules:

- Work waits for the transaction to commit, then a task (``sync_pages``)
  reads the pages afresh from the database when it runs: a rolled-back
  publish never reaches the index, and the document is always built from
  the committed, live state (never from an in-memory draft, and never from
  a state older than the last commit before the task ran).
- Elasticsearch being down never fails a save: the task logs the error and
  raises, and the worker runs it again with backoff until Elasticsearch
  takes the changes (``config.background``); nobody has to run a command.
  Sending the same documents twice is harmless (indexing by id replaces).
  With the immediate task backend (development, tests) there is no retry:
  ``search_rebuild_elasticsearch`` brings everything back in step.
"""

import logging
from functools import partial

from django.db import transaction
from django_tasks import task
from elastic_transport import TransportError
from elasticsearch import ApiError

from search import registry
from search.elastic import client as elastic_client
from search.elastic.documents import documents_for
from search.events import DELETED, SAVED, ContentChange, public_content_changed

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
        transaction.on_commit(partial(sync_pages.enqueue, page_ids), robust=True)


class IndexNotUpdated(Exception):
    """Elasticsearch did not take every change of a sync; raised so the task is tried again."""


@task()
def sync_pages(page_ids):
    """``apply_now`` as a task, failing (for a retry) until Elasticsearch has taken every change."""
    if not apply_now(page_ids):
        raise IndexNotUpdated(f"Elasticsearch did not take the changes of {len(page_ids)} page(s)")
    return len(page_ids)


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
                "Elasticsearch did not take the changes of pages %s (the sync is retried): %s",
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
        logger.warning("Elasticsearch refused some changes (the sync is retried): %s", failures)
    return not failures


def _on_change(sender, change, **kwargs):
    """Items showing a saved or deleted row, and deleted items, once the transaction commits."""
    if change.action not in (SAVED, DELETED):
        return
    refresh_pages(change.items)
    if change.action == DELETED and registry.item_type_of(change.model) is not None:
        remove_page(change.instance.pk)


def connect():
    """Follow what the documents depend on besides the page events ``search.sync`` already reports."""
    public_content_changed.connect(_on_change, sender=ContentChange, dispatch_uid="search-elastic")


def disconnect():
    public_content_changed.disconnect(sender=ContentChange, dispatch_uid="search-elastic")
