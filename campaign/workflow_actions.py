"""Acting on a Wagtail workflow task outside Wagtail's own workflow views: the API, the services and the demo.

Both reviews go through here, the tiered review of activities and videos and
the verification of coverage records: the task decides who may act
(``get_actions``), the task's own form for the action checks the data (the
three checks, the rating, the rejection's reason), and ``on_action`` records
the decision. Wagtail's admin views do the same steps themselves; the tasks'
``on_action`` calls ``lock_in_progress`` so that in either path only the first
of two racing reviewers decides.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import TaskState
from wagtail.utils.forms import FormValidationError


class AlreadyDecided(Exception):
    """Someone decided this task first. Shown as a message (``showcase.review.middleware``), not as a refusal:
    Wagtail's admin would replace the message of a PermissionDenied with its generic "no permission" one."""

    def __init__(self, obj):
        super().__init__(_("Someone has already decided on this at this step; nothing was changed."))
        self.redirect_to = AdminURLFinder().get_edit_url(obj) or reverse("wagtailadmin_home")


def lock_in_progress(task_state):
    """Lock the task state's row and refuse if it no longer waits, so that one of two racing reviewers wins."""
    current = TaskState.objects.select_for_update().get(pk=task_state.pk)
    if current.status != TaskState.STATUS_IN_PROGRESS:
        raise AlreadyDecided(task_state.workflow_state.content_object)


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
