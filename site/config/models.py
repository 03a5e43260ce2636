"""The host's own rows: worker heartbeats, and the failed tasks as national editors see them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

# What each task is called where editors see it; a task missing here shows as "Other task" with its function name.
TASK_LABELS = {
    "campaign.mail.send_email": _("Notification email"),
    "showcase.directory.invitations.send_invitation_email": _("Liaison invitation email"),
    "campaign.exports.build_export": _("Spreadsheet export"),
    "assessment.certificates.render_certificate_file": _("Honour certificate PDF"),
    "search.elastic.sync.sync_pages": _("Elasticsearch update"),
    "search.elastic.rebuild.rebuild_index": _("Elasticsearch rebuild"),
    "modelsearch.tasks.insert_or_update_object_task": _("Admin search index update"),
    "wagtail.tasks.update_reference_index_task": _("Reference index update"),
    "wagtail.tasks.delete_file_from_storage_task": _("File deletion"),
    "wagtail.images.tasks.set_image_focal_point_task": _("Image focal point detection"),
}

VIEW_FAILED_TASKS = "config.view_failed_tasks"
RETRY_FAILED_TASKS = "config.retry_failed_tasks"


def attempts(result):
    """How many times a task was started: django-tasks-db appends the worker's id at each claim."""
    return len(result.worker_ids)


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
    """django-tasks-db's queue table, under the permissions the failed-tasks report asks for.

    The row also holds the task's arguments (email addresses, message bodies)
    and the traceback (which may quote them): what is shown of a task is only
    what the properties below give.
    """

    class Meta:
        proxy = True
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        default_permissions = ()
        permissions = [
            ("view_failed_tasks", _("Can see failed background tasks")),
            ("retry_failed_tasks", _("Can retry failed background tasks")),
        ]

    @property
    def label(self):
        return TASK_LABELS.get(self.task_path) or _("Other task (%(name)s)") % {"name": self.task_path.rsplit(".")[-1]}

    @property
    def attempts(self):
        return attempts(self)

    @property
    def error_name(self):
        """The exception's class name: its message may quote an address, its module path tells editors nothing."""
        return self.exception_class_path.rsplit(".", 1)[-1]
