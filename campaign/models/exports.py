from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.private_files import private_storage


class Export(models.Model):
    """A spreadsheet of an admin listing that was too long to build in the request, built by the worker.

    It keeps the address the requester asked for, so the worker builds it by
    asking the same view as the same user: whatever that user may no longer
    see by then is not in the file.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being prepared")
        READY = "ready", _("Ready")
        REFUSED = "refused", _("Refused")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    address = models.CharField(_("address"), max_length=2000)
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("file"), storage=private_storage, upload_to="exports/%Y/%m/", blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return self.filename
