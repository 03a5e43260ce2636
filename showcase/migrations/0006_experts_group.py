from django.db import migrations

EXPERTS = "评审专家 Experts"


def create_experts(apps, schema_editor):
    """Experts score the award nominations assigned to them and nothing else; they get no page rights here."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EXPERTS)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))


def remove_experts(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EXPERTS).delete()


class Migration(migrations.Migration):
    dependencies = [("showcase", "0005_show_rating_badges")]

    operations = [migrations.RunPython(create_experts, remove_experts)]
