"""The coverage verification workflow and task are named in Chinese only (see showcase 0010 for why)."""

from django.db import migrations

from campaign.migration_operations import rename_rows

RENAMES = {
    "wagtailcore.Workflow": {"报道核实 Coverage verification": "报道核实"},
    "wagtailcore.Task": {"考核核实 Coverage verification": "考核核实"},
}


class Migration(migrations.Migration):
    dependencies = [("assessment", "0005_roles_data"), ("wagtailcore", "0098_apitoken")]

    operations = [rename_rows(RENAMES)]
