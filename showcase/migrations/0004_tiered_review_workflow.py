from django.db import migrations

WORKFLOW_NAME = "分级审核 Tiered review"
NATIONAL_EDITORS = "国家级编辑 National editors"


def create_workflow(apps, schema_editor):
    """The one tiered-review workflow: jurisdiction review, then the national final review.

    Existing showcase pages are assigned here; new ones are assigned when they
    are created (showcase.signals), so nobody has to do it by hand.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    JurisdictionReviewTask = apps.get_model("showcase", "JurisdictionReviewTask")
    NationalReviewTask = apps.get_model("showcase", "NationalReviewTask")
    ShowcaseIndexPage = apps.get_model("showcase", "ShowcaseIndexPage")

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    jurisdiction_task = JurisdictionReviewTask.objects.filter(name="辖区审核 Jurisdiction review").first()
    if jurisdiction_task is None:
        jurisdiction_task = JurisdictionReviewTask.objects.create(
            name="辖区审核 Jurisdiction review",
            content_type=ContentType.objects.get_for_model(JurisdictionReviewTask),
            active=True,
        )
    national_task = NationalReviewTask.objects.filter(name="终审 Final review").first()
    if national_task is None:
        national_task = NationalReviewTask.objects.create(
            name="终审 Final review",
            content_type=ContentType.objects.get_for_model(NationalReviewTask),
            active=True,
        )
    national_task.groups.add(Group.objects.get(name=NATIONAL_EDITORS))
    for order, task in enumerate([jurisdiction_task, national_task]):
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    for showcase in ShowcaseIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=showcase.pk, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("showcase", "0003_review"), ("showcase", "0002_national_editors")]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
