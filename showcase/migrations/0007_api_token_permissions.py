from django.db import migrations

CODENAMES = ("add_apitoken", "change_apitoken", "delete_apitoken")
NATIONAL_EDITORS = "国家级编辑 National editors"


def grant(apps, schema_editor):
    """Existing role groups may issue and revoke their own API tokens, as new jurisdictions' groups do."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Jurisdiction = apps.get_model("showcase", "Jurisdiction")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="apitoken")
    permissions = []
    for codename in CODENAMES:
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
        )
        permissions.append(permission)
    group_ids = set(Group.objects.filter(name=NATIONAL_EDITORS).values_list("pk", flat=True))
    for moderators_id, submitters_id in Jurisdiction.objects.values_list("moderators_id", "submitters_id"):
        group_ids.update(pk for pk in (moderators_id, submitters_id) if pk)
    for group in Group.objects.filter(pk__in=group_ids):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("showcase", "0006_experts_group"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
