"""Services of the tiered review that other code calls: the workflow and who moderates what."""

from wagtail.models import Workflow, WorkflowPage

WORKFLOW_NAME = "分级审核 Tiered review"


def tiered_review_workflow():
    return Workflow.objects.get(name=WORKFLOW_NAME)


def assign_tiered_review(showcase_page):
    """Every activity and video under ``showcase_page`` goes through the tiered review."""
    WorkflowPage.objects.update_or_create(page=showcase_page, defaults={"workflow": tiered_review_workflow()})
