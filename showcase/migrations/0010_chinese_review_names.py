"""The tiered review's workflow and tasks are named in Chinese only.

Wagtail shows ``Workflow.name`` and ``Task.name`` as stored, in every language,
so the bilingual names read as "终审 Final review" to everyone. Rows an
administrator has renamed since are left alone.
"""

from django.db import migrations

from campaign.migration_operations import rename_rows

RENAMES = {
    "wagtailcore.Workflow": {"分级审核 Tiered review": "分级审核"},
    "wagtailcore.Task": {"辖区审核 Jurisdiction review": "辖区审核", "终审 Final review": "终审"},
}


class Migration(migrations.Migration):
    dependencies = [("showcase", "0009_roles_data"), ("wagtailcore", "0098_apitoken")]

    operations = [rename_rows(RENAMES)]
