"""Back up one campaign, with everything its pages, reviews and scores refer to, into a zip archive."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from campaign import backup
from campaign.models import CampaignHomePage


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Export a campaign (its pages with their revisions, the unit directory, reviews, ratings, coverage "
            "records and scores, awards, accounts and media files) into a zip archive that campaign_restore loads "
            "into an empty database. The archive is written whole or not at all."
        )

    def add_arguments(self, parser):
        parser.add_argument("campaign", help=_("the campaign home page's slug, such as jieshui-2023"))
        parser.add_argument("archive", help=_("path of the zip archive to write"))

    def handle(self, *args, campaign, archive, **options):
        page = CampaignHomePage.objects.filter(slug=campaign).first()
        if page is None:
            slugs = ", ".join(CampaignHomePage.objects.values_list("slug", flat=True)) or "-"
            raise CommandError(
                _("There is no campaign with the slug “%(slug)s”. Known campaigns: %(slugs)s")
                % {"slug": campaign, "slugs": slugs}
            )
        with tqdm(total=len(backup.exported_models()), desc=_("tables"), file=self.stderr._out) as bar:
            try:
                manifest = backup.export_campaign(page, archive, progress=bar)
            except OSError as error:
                raise CommandError(
                    _("The archive could not be written (%(error)s); no file was left.") % {"error": error}
                ) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Campaign “%(title)s” exported to %(archive)s: %(rows)s rows.")
                % {"title": page.title, "archive": archive, "rows": sum(manifest["counts"].values())}
            )
        )
        if manifest["missing_media"]:
            self.stderr.write(
                _("Files referred to but missing from the media storage, not in the archive: %(names)s")
                % {"names": ", ".join(manifest["missing_media"])}
            )
