"""Import a liaison form from the command line, with the same dry run and checks as the admin."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from showcase.directory import liaisons
from showcase.models import Jurisdiction


class Command(BaseCommand):
    @property
    def help(self):
        """Translated when the parser is built (argparse needs a plain string, not a lazy one)."""
        return _(
            "Import liaisons and their accounts from the liaison form (an .xlsx with the columns "
            "序号 姓名 单位名称 职务/职称 手机号 邮箱). Without --commit it is a dry run that prints, row by row, "
            "what would be created or what must be fixed, and saves nothing. With --commit it imports every row in "
            "one transaction and emails each liaison a one-time link to set a password; if any row is bad nothing "
            "is imported. Exits non-zero when the file or any row is bad."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("path of the .xlsx liaison form"))
        parser.add_argument(
            "--jurisdiction",
            metavar="CODE",
            help=_("match units of this jurisdiction only (its code, such as hebei)"),
        )
        parser.add_argument(
            "--commit",
            action="store_true",
            help=_("import for real and send the invitations (default: dry run only)"),
        )

    def handle(self, *args, path, jurisdiction=None, commit=False, **options):
        scope = None
        if jurisdiction:
            scope = Jurisdiction.objects.filter(code=jurisdiction).first()
            if scope is None:
                codes = ", ".join(Jurisdiction.objects.values_list("code", flat=True)) or "-"
                raise CommandError(
                    _("There is no jurisdiction with the code “%(code)s”. Known codes: %(codes)s")
                    % {"code": jurisdiction, "codes": codes}
                )
        try:
            plan = liaisons.plan_import(path, jurisdiction=scope)
        except FileNotFoundError as error:
            raise CommandError(_("The file %(path)s does not exist.") % {"path": path}) from error
        except liaisons.LiaisonImportError as error:
            raise CommandError(str(error)) from error

        self.report(plan)
        if not plan.is_valid:
            raise CommandError(
                _("Rows with problems: %(bad)s of %(total)s. Nothing was imported; fix them and run again.")
                % {"bad": len(plan.bad_rows), "total": len(plan.rows)}
            )
        if not commit:
            self.stdout.write(
                _("Dry run passed; rows that can be imported: %(count)s. Run again with --commit to import them.")
                % {"count": len(plan.rows)}
            )
            return
        try:
            created = liaisons.apply_import(plan, invited_by=None)
        except liaisons.LiaisonImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Liaisons imported: %(count)s. Each will receive an invitation email to set a password.")
                % {"count": len(created)}
            )
        )

    def report(self, plan):
        for row in plan.rows:
            if row.is_valid:
                self.stdout.write(
                    _("Row %(row)s: OK: %(name)s, %(unit)s: account %(username)s as %(role)s")
                    % {
                        "row": row.number,
                        "name": row.name,
                        "unit": row.unit_name,
                        "username": row.username,
                        "role": row.role_label,
                    }
                )
            else:
                for error in row.errors:
                    self.stdout.write(self.style.ERROR(error))
        for jurisdiction in plan.jurisdictions_without_office:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "No administering office is recorded for %(jurisdiction)s, so nobody in this sheet "
                        "becomes a moderator there. Set it under Directory → Jurisdictions first if one should."
                    )
                    % {"jurisdiction": jurisdiction}
                )
            )
