"""The failed-tasks report: background work that failed its last attempt, for national editors to see and retry.

On Wagtail's report view, so it gets the admin's listing, filters and
spreadsheet export. It shows what a task was (its translated name), how
often it was tried, the class of its last error and when: never its
arguments, return value or traceback, which may hold email addresses,
mobile numbers or message bodies.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_tasks import TaskResultStatus
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from config import background
from config.models import RETRY_FAILED_TASKS, TASK_LABELS, VIEW_FAILED_TASKS, BackgroundTask

SHOWN_FIELDS = ("id", "task_path", "worker_ids", "exception_class_path", "enqueued_at", "started_at", "finished_at")


class FailedTaskFilterSet(WagtailFilterSet):
    task_path = django_filters.ChoiceFilter(
        label=_("Task"), empty_label=_("All tasks"), choices=sorted(TASK_LABELS.items(), key=lambda item: item[0])
    )

    class Meta:
        model = BackgroundTask
        fields = []


class RetryColumn(Column):
    cell_template_name = "config/failed_task_retry_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["can_retry"] = parent_context["request"].user.has_perm(RETRY_FAILED_TASKS)
        return context


SHOWN = [
    Column("label", label=_("Task")),
    Column("attempts", label=_("Attempts")),
    Column("error_name", label=_("Last error")),
    DateColumn("enqueued_at", label=_("Queued at")),
    DateColumn("started_at", label=_("Last attempt at")),
    DateColumn("finished_at", label=_("Failed at")),
]


class FailedTasksView(ReportView):
    page_title = _("Failed background tasks")
    header_icon = "warning"
    index_url_name = "config_failed_tasks"
    index_results_url_name = "config_failed_tasks_results"
    filterset_class = FailedTaskFilterSet
    columns = [*SHOWN, RetryColumn("retry", label=_("Action"))]
    list_export = [column.name for column in SHOWN]
    export_headings = {column.name: column.label for column in SHOWN}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_FAILED_TASKS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"failed-tasks-{timezone.localdate().isoformat()}"

    def get_queryset(self):
        failed = BackgroundTask.objects.filter(status=TaskResultStatus.FAILED).only(*SHOWN_FIELDS)
        return failed.order_by("-finished_at")


class RetryFailedTaskView(View):
    """POST only: queue the task once more. A second click finds it queued already and says so.

    The id is a UUID named ``task``: the admin's query guard takes a ``…_id`` in the path for a record number.
    """

    def post(self, request, task):
        if not request.user.has_perm(RETRY_FAILED_TASKS):
            raise PermissionDenied
        if background.retry_now(task):
            messages.success(request, _("The task is queued again; the worker runs it shortly."))
        else:
            messages.info(request, _("This task is no longer failed: it was already queued again, or has run."))
        return redirect("config_failed_tasks")


class FailedTasksMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_FAILED_TASKS)
