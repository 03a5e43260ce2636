"""Back up one campaign into a zip and restore it into an empty database, all or nothing.

The archive holds ``manifest.json`` (format, version, campaign, row counts,
content types), ``data.json`` (every row in Django's serializer format) and
``media/`` (every file a row refers to). Rows keep their primary keys, so
Wagtail's tree paths, the generic links of revisions, workflow states and log
entries, and the ids inside StreamField and revision JSON all stay right in the
new database. Content types and permissions differ between databases and
travel by natural key; the content-type ids inside revision JSON are
translated on the way in.

What is exported: the campaign's pages and their ancestors, and every other
row of the site's models (directory, vocabularies, reviews, ratings, coverage
records and scores, awards, users and groups, collections, media, workflows),
less the rows that depend on a page outside the campaign (a revision, a
rating, a slot of another campaign's item). Search index rows, the reference
index and image renditions are derived data: the restore rebuilds the search
index, the others rebuild themselves.
"""

import datetime
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

FORMAT = "jieshui-campaign-backup"
VERSION = 1
# Never exported: kept by every database itself (content types, permissions),
# transient (sessions, editing sessions), or derived and rebuilt (search and
# reference indexes, renditions, embed caches).
SKIPPED_APPS = {"contenttypes", "sessions", "wagtailsearch", "wagtailembeds"}
SKIPPED_MODELS = {
    "auth.permission",
    "wagtailcore.referenceindex",
    "wagtailimages.rendition",
    "wagtailadmin.editingsession",
    "wagtailadmin.admin",
    # Change logs of this database's own caches (the facet index, the API's validators), rebuilt by a restore.
    "search.searchchange",
    "campaign.contentgeneration",
    # Spreadsheets each user asked for, kept a few days in private storage.
    "campaign.export",
}
# Emptied before a restore, though never exported: they would point at rows that are replaced.
DERIVED_MODELS = {"wagtailcore.referenceindex", "wagtailimages.rendition"}


SERIALIZE_BATCH = 500


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps them to the microsecond, as stored."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be made or restored, with a message saying why."""


def exported_models():
    """Every concrete table of the site that a backup carries, parents before children."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in SKIPPED_APPS
        and model._meta.label_lower not in SKIPPED_MODELS
    ]
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


def _label(model):
    return model._meta.label_lower


def _links(model, exported):
    """Foreign keys by primary key to another exported table: a row whose target is left out is dropped or unset."""
    return [
        field
        for field in model._meta.local_concrete_fields
        if field.is_relation
        and (field.many_to_one or field.one_to_one)
        and field.target_field.primary_key
        and field.related_model._meta.concrete_model in exported
    ]


def _generic_page_link(model):
    """Revisions and workflow states name their object by content type and id, not by foreign key."""
    names = {field.name for field in model._meta.concrete_fields}
    return {"base_content_type", "object_id"} <= names


class Selection:
    """Which rows of each table belong to a campaign's backup, and which of their links must be unset."""

    def __init__(self, campaign):
        self.campaign = campaign
        self.models = exported_models()
        page_ids = set(Page.objects.filter(path__startswith=campaign.path).values_list("pk", flat=True))
        page_ids |= set(campaign.get_ancestors().values_list("pk", flat=True))
        self.keep = {}
        self.unset = defaultdict(lambda: defaultdict(set))
        rows = {}
        exported = set(self.models)
        links = {model: _links(model, exported) for model in self.models}
        page_type = ContentType.objects.get_for_model(Page).pk
        for model in self.models:
            names = ["pk", *(field.attname for field in links[model])]
            generic = _generic_page_link(model)
            if generic:
                names += ["base_content_type_id", "object_id"]
            rows[model] = list(model._base_manager.values_list(*names))
            if model is Page:
                self.keep[model] = set(page_ids)
            elif generic:
                self.keep[model] = {
                    row[0] for row in rows[model] if row[-2] != page_type or _as_int(row[-1]) in page_ids
                }
            else:
                self.keep[model] = {row[0] for row in rows[model]}
        changed = True
        while changed:
            changed = False
            for model in self.models:
                kept = self.keep[model]
                for index, field in enumerate(links[model], start=1):
                    target = self.keep[field.related_model._meta.concrete_model]
                    for row in rows[model]:
                        value = row[index]
                        if value is None or value in target or row[0] not in kept:
                            continue
                        if field.null:
                            self.unset[model][row[0]].add(field.attname)
                        else:
                            kept.discard(row[0])
                            changed = True

    def objects(self, model):
        for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
            if obj.pk not in self.keep[model]:
                continue
            for attname in self.unset[model].get(obj.pk, ()):
                setattr(obj, attname, None)
            yield obj

    def counts(self):
        return {_label(model): len(self.keep[model]) for model in self.models}


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def export_campaign(campaign, path, progress=None):
    """Write the campaign's archive to ``path`` and return its manifest; an interrupted export leaves no file.

    A row whose file is missing from storage is exported all the same, and the
    manifest lists the file under ``missing_media`` for the operator to see.
    """
    selection = Selection(campaign)
    media = set()
    directory = os.path.dirname(os.path.abspath(path))
    handle, partial = tempfile.mkstemp(prefix=".campaign-export-", suffix=".zip", dir=directory)
    os.close(handle)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with archive.open("data.json", "w") as data:
                stream = io.TextIOWrapper(data, encoding="utf-8")
                stream.write("[")
                first = True
                for model in selection.models:
                    file_fields, derived_files = _file_fields(model)
                    batch = []
                    for obj in selection.objects(model):
                        media.update(name for f in file_fields if (name := getattr(obj, f.attname).name))
                        for field in derived_files:
                            setattr(obj, field.attname, "")
                        batch.append(obj)
                        if len(batch) == SERIALIZE_BATCH:
                            first = _write_rows(stream, batch, first)
                            batch = []
                    first = _write_rows(stream, batch, first)
                    if progress is not None:
                        progress.update(1)
                stream.write("]")
                stream.flush()
                stream.detach()
            present, missing = [], []
            for name in sorted(media):
                if not default_storage.exists(name):
                    missing.append(name)
                    continue
                with default_storage.open(name, "rb") as source:
                    archive.writestr(f"media/{name}", source.read())
                present.append(name)
            manifest = _manifest(selection, present, missing)
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return manifest


def _file_fields(model):
    """(media file fields, whose files the archive carries; private file fields, emptied as derived).

    Private files are made from their row again when first asked for (a
    certificate's PDF): carrying them would only copy what a restore renders.
    """
    fields = [f for f in model._meta.local_concrete_fields if isinstance(f, models.FileField)]
    return [f for f in fields if f.storage is default_storage], [f for f in fields if f.storage is not default_storage]


def _write_rows(stream, objects, first):
    """Append rows to the open JSON list; returns whether the list is still empty."""
    if not objects:
        return first
    text = serializers.serialize("json", objects, use_natural_foreign_keys=True, cls=FullPrecisionEncoder)
    stream.write(("" if first else ",\n") + text[1:-1])
    return False


def _manifest(selection, media, missing):
    return {
        "format": FORMAT,
        "version": VERSION,
        "campaign": {"slug": selection.campaign.slug, "title": selection.campaign.title},
        "created_at": timezone.now().isoformat(),
        "counts": selection.counts(),
        "content_types": {str(ct.pk): f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()},
        "media": media,
        "missing_media": missing,
    }


def read_manifest(archive):
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError(_("This file is not a campaign backup: it has no readable manifest.")) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a campaign backup."))
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("This backup has format version %(found)s; this site restores version %(expected)s only.")
            % {"found": manifest.get("version"), "expected": VERSION}
        )
    return manifest


def database_is_empty(using="default"):
    """Freshly migrated: no account, no media, no page but the tree's root and Wagtail's welcome page."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    page_type = ContentType.objects.db_manager(using).get_for_model(Page)
    return not (
        get_user_model()._base_manager.using(using).exists()
        or get_image_model()._base_manager.using(using).exists()
        or get_document_model()._base_manager.using(using).exists()
        or Page._base_manager.using(using).exclude(content_type=page_type).exists()
    )


def restore_archive(path, using="default", progress=None):
    """Load an archive into an empty database in one transaction; the media files go only if it commits."""
    if not database_is_empty(using):
        raise BackupError(
            _(
                "The database is not empty (it has accounts, media or pages). A backup is restored only into a "
                "freshly migrated database, so nothing is overwritten; nothing was changed."
            )
        )
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(_("%(path)s is not a readable zip file.") % {"path": path}) from error
    with archive:
        manifest = read_manifest(archive)
        written = []
        try:
            for name in manifest["media"]:
                stored = default_storage.save(name, ContentFile(archive.read(f"media/{name}")))
                written.append(stored)
                if stored != name:
                    raise BackupError(
                        _("The media file %(name)s already exists; restore into an empty media folder.")
                        % {"name": name}
                    )
            with transaction.atomic(using=using):
                _load(archive, manifest, using, progress)
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    return manifest


def _load(archive, manifest, using, progress):
    connection = connections[using]
    by_label = {_label(model): model for model in exported_models()}
    unknown = sorted(set(manifest["counts"]) - set(by_label))
    if unknown:
        raise BackupError(
            _("The backup holds tables this site does not have (%(tables)s); migrate to the same version first.")
            % {"tables": ", ".join(unknown)}
        )
    derived = [model for model in apps.get_models() if _label(model) in DERIVED_MODELS or _is_search_index(model)]
    _empty_tables(using, [*by_label.values(), *derived])
    content_types = _content_type_translation(manifest, using)
    if progress is not None:
        progress.total = sum(manifest["counts"].values())
    loaded = []
    with archive.open("data.json") as data:
        for deserialized in serializers.deserialize(
            "json", io.TextIOWrapper(data, encoding="utf-8"), using=using, handle_forward_references=True
        ):
            if isinstance(deserialized.object, Revision):
                _translate_content_type(deserialized.object.content, content_types)
            deserialized.save(using=using)
            if deserialized.deferred_fields:
                loaded.append(deserialized)
            if progress is not None:
                progress.update(1)
    for deserialized in loaded:
        deserialized.save_deferred_fields(using=using)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(by_label.values())):
            cursor.execute(statement)
    connection.check_constraints()


def _empty_tables(using, tables):
    """Remove what migrations put in (groups, workflows, the welcome page) before the backup's rows go in."""
    existing = set(connections[using].introspection.table_names())
    through = [
        field.remote_field.through
        for model in tables
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    for model in [*through, *tables]:
        if model._meta.db_table in existing:
            model._base_manager.using(using).all()._raw_delete(using)


def _is_search_index(model):
    """Wagtail's database search tables (the SQLite one exists only where FTS5 does)."""
    return model._meta.app_label == "wagtailsearch"


def _content_type_translation(manifest, using):
    here = {f"{ct.app_label}.{ct.model}": ct.pk for ct in ContentType.objects.db_manager(using).all()}
    return {int(old): here[label] for old, label in manifest["content_types"].items() if label in here}


def _translate_content_type(content, translation):
    if isinstance(content, dict) and isinstance(content.get("content_type"), int):
        content["content_type"] = translation.get(content["content_type"], content["content_type"])


def fingerprint(campaign):
    """Row counts of the campaign's backup and a checksum of every page's fields and revisions, by URL path.

    Computed on the source before an export and on the new database after a
    restore, the two must be equal.
    """
    selection = Selection(campaign)
    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    pages = {}
    for page in Page.objects.filter(path__startswith=campaign.path).specific().order_by("path"):
        digest = hashlib.sha256()
        digest.update(_fields_json(page, labels).encode())
        for revision in Revision.page_revisions.filter(object_id=str(page.pk)).order_by("pk"):
            content = dict(revision.content)
            if isinstance(content.get("content_type"), int):
                content["content_type"] = labels.get(content["content_type"])
            digest.update(json.dumps([revision.created_at.isoformat(), content], sort_keys=True).encode())
        pages[page.url_path] = digest.hexdigest()
    return {"counts": selection.counts(), "pages": pages}


def _fields_json(page, labels):
    values = {}
    for field in page._meta.concrete_fields:
        value = field.value_from_object(page)
        if field.name == "content_type":
            value = labels.get(value)
        elif isinstance(value, datetime.datetime | datetime.date):
            value = value.isoformat()
        elif field.get_internal_type() == "StreamField":
            value = json.dumps(list(value.get_prep_value()), sort_keys=True, default=str)
        values[field.name] = value if isinstance(value, int | float | bool | type(None)) else str(value)
    return json.dumps(values, sort_keys=True)
