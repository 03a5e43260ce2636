"""Wagtail's page views for the tiered review, with a confirmation once a decision is recorded."""

from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView

from campaign.workflow_actions import ConfirmDecisionMixin, confirm_decision


class ConfirmingWorkflowActionView(ConfirmDecisionMixin, WorkflowActionView):
    """Approve or request changes from the dashboard or a listing."""


class ConfirmingEditView(EditView):
    """Approve or request changes from the editor's action menu."""

    def perform_workflow_action(self):
        task_state = self.page.current_workflow_task_state
        response = super().perform_workflow_action()
        confirm_decision(self.request, task_state)
        return response
