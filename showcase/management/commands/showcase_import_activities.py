"""File a sheet of activities for a jurisdiction's units, with the same dry run and checks as the admin."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from showcase.filing import bulk
from showcase.models import Jurisdiction


class Command(BaseCommand):
    @property
    def help(self):
        """Translated when the parser is built (argparse needs a plain string, not a lazy one)."""
        return _(
            "File activities for a jurisdiction's units from a filled-in bulk filing sheet (.xlsx), as the given "
            "moderator or national editor. Without --commit it is a dry run that prints every row's problems by "
            "row number and saves nothing. With --commit it files every row as a draft in one transaction "
            "(with --submit each also enters the tiered review); if any row is bad nothing is filed. "
            "--template writes the empty template instead. Exits non-zero when the file or any row is bad."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("path of the .xlsx sheet (read, or written with --template)"))
        parser.add_argument("--jurisdiction", metavar="CODE", required=True, help=_("its code, such as hebei"))
        parser.add_argument("--user", metavar="USERNAME", required=True, help=_("who files: a moderator or editor"))
        parser.add_argument("--commit", action="store_true", help=_("file for real (default: dry run only)"))
        parser.add_argument("--submit", action="store_true", help=_("with --commit, submit each to the review"))
        parser.add_argument("--template", action="store_true", help=_("write the template to PATH and stop"))

    def handle(self, *args, path, jurisdiction, user, commit=False, submit=False, template=False, **options):
        place = self._place(jurisdiction, self._user(user))
        if template:
            with open(path, "wb") as output:
                output.write(bulk.template_workbook(place))
            self.stdout.write(_("Template written to %(path)s.") % {"path": path})
            return
        try:
            plan = bulk.plan_import(path, place, self.filer)
        except FileNotFoundError as error:
            raise CommandError(_("The file %(path)s does not exist.") % {"path": path}) from error
        except bulk.BulkFilingError as error:
            raise CommandError(str(error)) from error
        for row in plan.rows:
            for error in row.errors:
                self.stdout.write(error)
        if not plan.is_valid:
            raise CommandError(
                _("Rows with problems: %(bad)s of %(total)s. Nothing was filed; fix them and run again.")
                % {"bad": len(plan.bad_rows), "total": len(plan.rows)}
            )
        if not commit:
            self.stdout.write(
                _("Dry run passed; activities that can be filed: %(count)s. Run again with --commit to file them.")
                % {"count": len(plan.rows)}
            )
            return
        created = bulk.apply_import(plan, self.filer, submit=submit)
        self.stdout.write(self.style.SUCCESS(_("Activities filed: %(count)s.") % {"count": len(created)}))

    def _user(self, username):
        self.filer = get_user_model().objects.filter(username=username).first()
        if self.filer is None:
            raise CommandError(_("There is no user “%(username)s”.") % {"username": username})
        return self.filer

    def _place(self, code, user):
        jurisdiction = Jurisdiction.objects.filter(code=code).first()
        if jurisdiction is None:
            raise CommandError(_("There is no jurisdiction with the code “%(code)s”.") % {"code": code})
        place = bulk.filing_place(user, jurisdiction)
        if place is None:
            raise CommandError(
                _("%(user)s may not file for %(jurisdiction)s, or it has no page in a campaign.")
                % {"user": user.username, "jurisdiction": jurisdiction.name}
            )
        return place
