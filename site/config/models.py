"""The host's own rows: worker heartbeats, and the failed tasks as national editors see them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

VIEW_FAILED_TASKS = "config.view_failed_tasks"
RETRY_FAILED_TASKS = "config.retry_failed_tasks"


class WorkerHeartbeat(models.Model):
    """When each task worker last said it was alive (``config.background``)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.worker_id


class BackgroundTask(DBTaskResult):
    """django-tasks-db's queue table, under the permissions the failed-tasks report asks for."""

    class Meta:
        proxy = True
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        default_permissions = ()
        permissions = [
            ("view_failed_tasks", _("Can see failed background tasks")),
            ("retry_failed_tasks", _("Can retry failed background tasks")),
        ]
