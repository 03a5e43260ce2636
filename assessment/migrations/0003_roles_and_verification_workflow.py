from django.db import migrations

ASSESSORS = "考核员 Assessors"
NATIONAL_EDITORS = "国家级编辑 National editors"
TASK_NAME = "考核核实 Coverage verification"
WORKFLOW_NAME = "报道核实 Coverage verification"

ASSESSOR_PERMISSIONS = [
    "view_coveragerecord",
    "change_coveragerecord",
    "publish_coveragerecord",
    "add_assessmentperiod",
    "change_assessmentperiod",
    "view_assessmentperiod",
    "add_outlettier",
    "change_outlettier",
    "view_outlettier",
]
EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("awardcategory", "nomination", "reviewround")
    for action in ("add", "change", "delete", "view")
]


def create_roles_and_workflow(apps, schema_editor):
    """Assessors verify coverage through one workflow on coverage records; national editors run the awards."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Task = apps.get_model("assessment", "CoverageVerificationTask")

    # Wagtail adds the publish permission of snippets with drafts after migrating; the assessors need it now.
    record_type, _created = ContentType.objects.get_or_create(app_label="assessment", model="coveragerecord")
    Permission.objects.get_or_create(
        content_type=record_type, codename="publish_coveragerecord", defaults={"name": "Can publish coverage record"}
    )
    assessors, _created = Group.objects.get_or_create(name=ASSESSORS)
    assessors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in ASSESSOR_PERMISSIONS:
        assessors.permissions.add(Permission.objects.get(content_type__app_label="assessment", codename=codename))
    editors, _created = Group.objects.get_or_create(name=NATIONAL_EDITORS)
    for codename in EDITOR_PERMISSIONS:
        editors.permissions.add(Permission.objects.get(content_type__app_label="assessment", codename=codename))

    task_type, _created = ContentType.objects.get_or_create(app_label="assessment", model="coverageverificationtask")
    task = Task.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = Task.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(assessors)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(content_type=record_type, defaults={"workflow": workflow})


def remove_roles_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("assessment", "CoverageVerificationTask").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=ASSESSORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_outlet_tiers"),
        ("showcase", "0006_experts_group"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, remove_roles_and_workflow)]
