from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from config.lockout_views import LockoutsView
from config.task_report import FailedTasksMenuItem, FailedTasksView, RetryFailedTaskView


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [path("lockouts/", LockoutsView.as_view(), name="config_lockouts")]


@hooks.register("register_admin_urls")
def register_failed_task_urls():
    return [
        path("reports/failed-tasks/", FailedTasksView.as_view(), name="config_failed_tasks"),
        path(
            "reports/failed-tasks/results/",
            FailedTasksView.as_view(results_only=True),
            name="config_failed_tasks_results",
        ),
        path("reports/failed-tasks/<uuid:task>/retry/", RetryFailedTaskView.as_view(), name="config_failed_task_retry"),
    ]


@hooks.register("register_reports_menu_item")
def register_failed_tasks_menu_item():
    return FailedTasksMenuItem(
        _("Failed background tasks"),
        reverse("config_failed_tasks"),
        name="failed-tasks",
        icon_name="warning",
        order=860,
    )


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return SuperuserMenuItem(_("Locked-out logins"), reverse("config_lockouts"), icon_name="lock", order=900)
