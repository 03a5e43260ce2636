"""Who is emailed when an item reaches a review level.

Wagtail's own task notifier listens for plain ``TaskState`` senders and emails
the task's groups. Our task states are subclasses, so they are wired here: the
jurisdiction level emails only the moderators of the item's own jurisdiction
(the task has no fixed groups), the final level emails the national editors.
Submitters hear of approval and rejection through Wagtail's workflow notifiers,
which already write to the person who submitted. Emails render in each
recipient's admin language, Chinese by default.
"""

from django.contrib.auth import get_user_model
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier


class TaskStateSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's notifier, using its ``task_state_*`` templates for our TaskState subclasses too
    (it derives template names from the class name)."""

    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"


class JurisdictionTaskSubmissionNotifier(TaskStateSubmissionNotifier):
    def get_recipient_users(self, task_state, **kwargs):
        triggering_user = kwargs.get("user")
        page = task_state.workflow_state.content_object
        group_id = task_state.task.specific.moderators_group_id(page)
        recipients = get_user_model().objects.filter(groups__pk=group_id, is_active=True) if group_id else []
        if recipients and triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return recipients


jurisdiction_task_submission_notifier = JurisdictionTaskSubmissionNotifier()
national_task_submission_notifier = TaskStateSubmissionNotifier()


def connect():
    from wagtail.signals import task_submitted

    from showcase.models import JurisdictionReviewTaskState, NationalReviewTaskState

    task_submitted.connect(
        jurisdiction_task_submission_notifier,
        sender=JurisdictionReviewTaskState,
        dispatch_uid="showcase_jurisdiction_task_submitted_email",
    )
    task_submitted.connect(
        national_task_submission_notifier,
        sender=NationalReviewTaskState,
        dispatch_uid="showcase_national_task_submitted_email",
    )
