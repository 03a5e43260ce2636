"""Services of the tiered review that other code calls: the workflow and who moderates what."""

from wagtail.models import Workflow, WorkflowPage

from showcase.models.review import JurisdictionReviewTask


def tiered_review_workflow():
    """The workflow that starts with the jurisdiction review, found by its task type rather than its name,
    which an administrator may change."""
    workflow = (
        Workflow.objects.filter(workflow_tasks__task__in=JurisdictionReviewTask.objects.all())
        .distinct()
        .order_by("-active", "pk")
        .first()
    )
    if workflow is None:
        raise Workflow.DoesNotExist("no workflow has a jurisdiction review task (migration showcase 0004 creates one)")
    return workflow


def assign_tiered_review(showcase_page):
    """Every activity and video under ``showcase_page`` goes through the tiered review."""
    WorkflowPage.objects.update_or_create(page=showcase_page, defaults={"workflow": tiered_review_workflow()})
