"""Build the Elasticsearch index afresh and switch searches to it in one step.

Searches read an alias, never an index: the new index is built beside the
one in use, filled, and the alias is moved to it in a single atomic request,
so a search during a rebuild finds the old data, never an empty or half-full
index. The old index is deleted only after the switch. If anything fails
before the switch, the new index is deleted and the alias is left as it was.

Pages published, unpublished, moved, restricted or deleted while the rebuild
ran were written to the old index; they are read again after the switch from
Wagtail's page log. Changes that leave no page log entry in that window
(a recommended slot, a rating, a unit renamed) reach the new index at their
next change or rebuild.
"""

import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from elastic_transport import TransportError
from elasticsearch import ApiError
from tqdm import tqdm
from wagtail.models import Page, PageLogEntry

from search.elastic import client as elastic_client
from search.elastic.documents import count_indexable, index_definition, iter_documents
from search.elastic.sync import apply_now

# Bulk requests and index creation take longer than a search may.
REBUILD_TIMEOUT = 120
DEFAULT_BATCH_SIZE = 500

NOT_CONFIGURED = gettext_noop(
    "ELASTICSEARCH_URL is not set, so there is no Elasticsearch index to rebuild. Set it to the cluster's URL "
    "(such as http://127.0.0.1:9200) and run the command again. Nothing was changed."
)
UNREACHABLE = gettext_noop(
    "Elasticsearch at %(url)s cannot be reached (%(error)s). Check that the cluster is running and that "
    "ELASTICSEARCH_URL is right, then run the command again. Nothing was changed."
)
BAD_URL = gettext_noop("ELASTICSEARCH_URL is not a usable URL (%(error)s). Nothing was changed.")
FAILED = gettext_noop(
    "The rebuild failed (%(error)s). The new index was deleted; searches still use the previous one. "
    "Nothing was changed."
)
REFUSED_DOCUMENTS = gettext_noop("Elasticsearch refused %(count)s documents, the first: %(first)s")


def in_both_languages(msgid, **params):
    """The message in the active language and, when that is not English, in English too, for logs and searches."""
    translated = _(msgid) % params if params else _(msgid)
    english = msgid % params if params else msgid
    return translated if translated == english else f"{translated}\n{english}"


class RebuildFailed(Exception):
    pass


class Command(BaseCommand):
    @property
    def help(self):
        """Translated when the parser is built (argparse needs a plain string, not a lazy one)."""
        return _(
            "Rebuild the Elasticsearch index of activities, videos and news: build a new index beside the one in "
            "use, index every live public page into it, then switch the alias searches read to the new index in "
            "one step and delete the old one. Searches keep working throughout. Exits non-zero, changing nothing, "
            "when ELASTICSEARCH_URL is not set or the cluster cannot be reached."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=_("pages sent to Elasticsearch per bulk request (default %(default)s)"),
        )
        parser.add_argument(
            "--in-background",
            action="store_true",
            help=_(
                "queue the rebuild for the task worker and return at once; "
                "if Elasticsearch cannot be reached, the worker tries again later"
            ),
        )

    def handle(self, *args, batch_size=DEFAULT_BATCH_SIZE, verbosity=1, in_background=False, **options):
        if in_background:
            from search.elastic.rebuild import rebuild_index

            rebuild_index.enqueue(max(1, batch_size))
            self.stdout.write(_("The rebuild is queued; the task worker runs it."))
            return
        client = self._reachable_client()
        alias = elastic_client.alias_name()
        started = timezone.now()
        new_index = f"{alias}-{started:%Y%m%d%H%M%S%f}"
        try:
            client.indices.create(index=new_index, **index_definition())
            indexed = self._fill(client, new_index, max(1, batch_size), show_progress=verbosity > 0)
            client.indices.refresh(index=new_index)
            previous = self._switch_alias(client, alias, new_index)
        except (ApiError, TransportError, RebuildFailed) as error:
            self._delete_quietly(client, new_index)
            raise CommandError(in_both_languages(FAILED, error=error)) from error

        apply_now(_pages_changed_since(started))
        deleted = [name for name in previous if self._delete_quietly(client, name)]
        self.stdout.write(
            self.style.SUCCESS(
                _("Indexed %(count)s pages into %(index)s; %(alias)s now points to it.")
                % {"count": indexed, "index": new_index, "alias": alias}
            )
        )
        if deleted:
            self.stdout.write(_("Deleted the previous index: %(names)s") % {"names": ", ".join(deleted)})

    def _reachable_client(self):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError(in_both_languages(NOT_CONFIGURED))
        try:
            client = elastic_client.get_client().options(request_timeout=REBUILD_TIMEOUT)
        except ImproperlyConfigured as error:
            raise CommandError(in_both_languages(BAD_URL, error=error)) from error
        try:
            client.options(request_timeout=settings.ELASTICSEARCH_TIMEOUT).info()
        except (ApiError, TransportError) as error:
            raise CommandError(
                in_both_languages(UNREACHABLE, url=_without_credentials(settings.ELASTICSEARCH_URL), error=error)
            ) from error
        return client

    def _fill(self, client, index, batch_size, show_progress):
        total = count_indexable()
        indexed = 0
        with tqdm(total=total, unit=_("pages"), file=sys.stderr, disable=not show_progress) as progress:
            batch = []
            for document in iter_documents(chunk_size=batch_size):
                batch.append(document)
                if len(batch) == batch_size:
                    indexed += self._send(client, index, batch)
                    progress.update(len(batch))
                    batch = []
            if batch:
                indexed += self._send(client, index, batch)
                progress.update(len(batch))
        return indexed

    def _send(self, client, index, documents):
        operations = []
        for document in documents:
            operations += [{"index": {"_id": str(document.meta.id)}}, document.to_dict()]
        response = client.bulk(index=index, operations=operations)
        if response.get("errors"):
            refused = [item["index"] for item in response["items"] if item["index"].get("error")]
            raise RebuildFailed(_(REFUSED_DOCUMENTS) % {"count": len(refused), "first": refused[:1]})
        return len(documents)

    def _switch_alias(self, client, alias, new_index):
        """Point ``alias`` at ``new_index`` in one request; the names of the indices it pointed at before.

        A concrete index that carries the alias's name (left by an old set-up)
        is removed in the same request, since an alias cannot share its name.
        """
        actions = [{"add": {"index": new_index, "alias": alias}}]
        previous = []
        if client.indices.exists_alias(name=alias):
            previous = sorted(client.indices.get_alias(name=alias).body)
            actions += [{"remove": {"index": name, "alias": alias}} for name in previous]
        elif client.indices.exists(index=alias):
            actions.append({"remove_index": {"index": alias}})
        client.indices.update_aliases(actions=actions)
        return previous

    def _delete_quietly(self, client, index):
        """Delete ``index``, telling the operator instead of failing: the alias is already where it should be."""
        try:
            client.options(ignore_status=404).indices.delete(index=index)
        except (ApiError, TransportError):
            self.stderr.write(_("Could not delete the index %(index)s; delete it by hand.") % {"index": index})
            return False
        return True


def _pages_changed_since(moment):
    """Pages with a log entry since ``moment``, and the pages below them (a move or restriction changes those too)."""
    logged = set(PageLogEntry.objects.filter(timestamp__gte=moment).values_list("page_id", flat=True))
    changed = set(logged)
    for page in Page.objects.filter(pk__in=logged):
        changed.update(page.get_descendants().values_list("pk", flat=True))
    return sorted(changed)


def _without_credentials(url):
    scheme, separator, rest = url.partition("://")
    return f"{scheme}{separator}{rest.rpartition('@')[2]}" if separator else url
