"""Wagtail's page views for the tiered review, with a confirmation once a decision is recorded."""

from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView

from campaign.workflow_actions import ConfirmDecisionMixin, confirm_decision


class ConfirmingWorkflowActionView(ConfirmDecisionMixin, WorkflowActionView):
    """Approve or request changes from the dashboard or a listing."""


class ConfirmingEditView(EditView):
    """Approve or request changes from the editor's action menu.

    Wagtail confirms any save from the editor with "page updated"; after a
    decision the reviewer sees what was decided instead, as one message.
    """

    decided_task_state = None

    def perform_workflow_action(self):
        self.decided_task_state = self.page.current_workflow_task_state
        return super().perform_workflow_action()

    def add_save_confirmation_message(self):
        if self.decided_task_state is None or not confirm_decision(self.request, self.decided_task_state):
            super().add_save_confirmation_message()
