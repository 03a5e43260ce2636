"""Restore a campaign archive made by campaign_export into an empty, freshly migrated database."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _
from tqdm import tqdm

from campaign import backup
from search import service


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Restore a campaign archive made by campaign_export into an empty, freshly migrated database, in one "
            "transaction: everything or nothing. Refuses a database that already has accounts, media or pages. "
            "The search index is rebuilt afterwards."
        )

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("path of the zip archive to restore"))
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help=_("database alias (default: default)"))

    def handle(self, *args, archive, database, **options):
        with tqdm(desc=_("rows"), unit="row", file=self.stderr._out) as bar:
            try:
                manifest = backup.restore_archive(archive, using=database, progress=bar)
            except backup.BackupError as error:
                raise CommandError(str(error)) from error
        service.reindex()
        self.stdout.write(
            self.style.SUCCESS(
                _("Campaign “%(title)s” restored: %(rows)s rows, %(files)s media files.")
                % {
                    "title": manifest["campaign"]["title"],
                    "rows": sum(manifest["counts"].values()),
                    "files": len(manifest["media"]),
                }
            )
        )
