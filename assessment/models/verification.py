"""The assessor's verification step for coverage records, as a Wagtail workflow task.

Approving publishes the record (and so freezes its points, see
``CoverageRecord.publish``); requesting changes sends it back to the officer
with the reason, which is required.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Task

from campaign.workflow_actions import begin_decision


class CoverageVerificationTask(AbstractGroupApprovalTask):
    """Assessors verify (approve) or reject (with a reason) each submitted coverage record."""

    admin_form_fields = Task.admin_form_fields + ["groups"]

    class Meta:
        verbose_name = _("coverage verification task")
        verbose_name_plural = _("coverage verification tasks")

    @classmethod
    def get_description(cls):
        return _("Assessors check each coverage record against its evidence and verify or reject it")

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [("reject", _("Reject with a reason"), True), ("approve", _("Verify"), False)]
        return []

    def get_form_for_action(self, action):
        from assessment.forms import RejectionForm

        return RejectionForm if action == "reject" else super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        begin_decision(task_state, action_name, kwargs.get("comment"))
        return super().on_action(task_state, user, action_name, **kwargs)
