"""Acting on a Wagtail workflow task outside Wagtail's own workflow views: the API, the services and the demo.

Both reviews go through here, the tiered review of activities and videos and
the verification of coverage records: the task decides who may act
(``get_actions``), the task's own form for the action checks the data (the
three checks, the rating, the rejection's reason), and ``on_action`` records
the decision. Wagtail's admin views do the same steps themselves; the tasks'
``on_action`` calls ``begin_decision`` so that in either path only the first
of two racing reviewers decides, and nobody sends work back without a reason.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.forms import TaskStateCommentForm
from wagtail.models import TaskState
from wagtail.utils.forms import FormValidationError

SENDING_BACK = "reject"


class DecisionRefused(Exception):
    """A decision that changed nothing, shown as a message on the object's edit view (``showcase.review.middleware``)
    rather than as a refusal: Wagtail's admin would replace the message of a PermissionDenied with its generic
    "no permission" one."""

    def __init__(self, obj, message):
        super().__init__(message)
        self.redirect_to = AdminURLFinder().get_edit_url(obj) or reverse("wagtailadmin_home")


class AlreadyDecided(DecisionRefused):
    """Someone decided this task first."""

    def __init__(self, obj):
        super().__init__(obj, _("Someone has already decided on this at this step; nothing was changed."))


class ReasonMissing(DecisionRefused):
    """Work sent back without a comment: the person who has to change it would not know what to change."""

    def __init__(self, obj):
        super().__init__(obj, _("Write what needs to change before sending this back; nothing was changed."))


class ReasonForm(TaskStateCommentForm):
    """The comment form for sending work back: the comment is required, since it is all the submitter sees."""

    comment = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write what needs to change: the submitter sees this comment.")},
    )


def begin_decision(task_state, action_name, comment=""):
    """Lock the task state's row and refuse if it no longer waits, so that one of two racing reviewers wins;
    refuse to send work back without a reason, whichever admin path (modal, edit view) brought the action."""
    current = TaskState.objects.select_for_update().get(pk=task_state.pk)
    obj = task_state.workflow_state.content_object
    if current.status != TaskState.STATUS_IN_PROGRESS:
        raise AlreadyDecided(obj)
    if action_name == SENDING_BACK and not (comment or "").strip():
        raise ReasonMissing(obj)


def decision_message(obj, task_state):
    """The confirmation a reviewer sees once their decision is recorded."""
    title = str(obj)
    if task_state.status == TaskState.STATUS_APPROVED:
        return _("“%(title)s” is approved at this step.") % {"title": title}
    return _("“%(title)s” is sent back with your comment; the submitter sees it.") % {"title": title}


def confirm_decision(request, task_state):
    """Tell the reviewer their decision is recorded, which Wagtail's own workflow views leave unsaid.

    Returns whether a decision was confirmed (False while the task still waits).
    """
    task_state.refresh_from_db()
    if task_state.status == TaskState.STATUS_IN_PROGRESS:
        return False
    messages.success(request, decision_message(task_state.workflow_state.content_object, task_state))
    return True


class ConfirmDecisionMixin:
    """For Wagtail's workflow action views of pages and snippets (the dashboard's and listings' buttons)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        confirm_decision(request, self.task_state)
        return response


class DecideOnEditMixin:
    """For Wagtail's snippet edit view, whose action menu also offers the task's decisions.

    Wagtail saves the form as a new revision before it acts. With
    ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` an approval then counts
    for the revision under review, not the new one, and the task starts
    again: the reviewer clicks 通过 and the record keeps waiting. A decision
    on an unchanged form therefore saves nothing and decides on the revision
    under review (as Wagtail's page editor does), and the reviewer is told the
    decision, once, instead of Wagtail's "updated".
    """

    decided_task_state = None

    def save_instance(self):
        if self.action == "workflow-action" and not self.form.has_changed():
            self.new_revision = None
            return self.object
        return super().save_instance()

    def workflow_action_action(self):
        self.decided_task_state = self.object.current_workflow_task_state
        return super().workflow_action_action()

    def get_success_message(self, instance=None):
        decided_as_reviewed = self.decided_task_state is not None and self.new_revision is None
        if decided_as_reviewed and confirm_decision(self.request, self.decided_task_state):
            return None
        return super().get_success_message(instance)


def offered_actions(task_state, user):
    """The names of the actions the task offers ``user`` on its object now (empty once decided)."""
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        return set()
    task = task_state.task.specific
    obj = task_state.workflow_state.content_object
    return {name for name, _label, _modal in task.get_actions(obj, user)}


def act_on_task(task_state, user, action, data=None):
    """Take ``action`` ("approve", "reject") on the waiting ``task_state`` as ``user``, with the action form's data.

    Raises PermissionDenied when the task does not offer the action to the
    user, ``FormValidationError`` (field by field) when the data does not pass
    the task's form, and ``AlreadyDecided`` when someone else decided first.
    """
    task_state = task_state.specific
    task = task_state.task.specific
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise AlreadyDecided(task_state.workflow_state.content_object)
    if action not in offered_actions(task_state, user):
        raise PermissionDenied(_("Your account may not take this action at this step."))
    form_class = task.get_form_for_action(action)
    cleaned_data = {}
    if form_class is not None:
        form = form_class(data=data or {})
        if not form.is_valid():
            raise FormValidationError.from_form(form)
        cleaned_data = form.cleaned_data
    task.on_action(task_state, user, action, **cleaned_data)
    task_state.refresh_from_db()
    return task_state
