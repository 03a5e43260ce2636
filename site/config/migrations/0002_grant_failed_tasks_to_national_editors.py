from django.db import migrations

CODENAMES = ["view_failed_tasks", "retry_failed_tasks"]


def forwards(apps, schema_editor):
    """National editors (the groups holding the role's key permission, whatever their name) see and retry failed tasks."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    granted = Permission.objects.filter(content_type__app_label="config", codename__in=CODENAMES)
    national = Group.objects.filter(
        permissions__content_type__app_label="showcase", permissions__codename="view_every_jurisdiction"
    ).distinct()
    for group in national:
        group.permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("config", "0001_initial"),
        ("showcase", "0011_vocabulary_other_names"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
