"""Spreadsheets of long admin listings, built by the worker and handed to the person who asked.

Wagtail's listings (modeladmin indexes, snippet and report views) write their
XLSX or CSV inside the request. For the unit directory of a national campaign
(thousands of units and liaisons) that holds a server process for as long as
the spreadsheet takes, on the day everybody downloads it. A listing with
``QueuedSpreadsheetExportMixin`` still answers a short export at once; a
longer one is recorded as an ``Export`` and built by the worker, which asks
the same view at the same address as the same user: the file holds exactly
what that person may see when it is built, through the view's own scope and
filters, and no second copy of any listing's export code exists.

The requester finds it under Reports → 我的导出 and is emailed when it is
ready. Files are kept in private storage for ``EXPORT_KEEP_DAYS`` days and
only their requester may download them. The task is idempotent: a finished
export is never built again, so a retry after a lost worker costs nothing.
"""

import datetime
import logging
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from campaign.mail import language_of, queue_email
from campaign.models import Export

logger = logging.getLogger(__name__)


class ExportRefused(Exception):
    """The view no longer gives this user this spreadsheet: nothing to retry."""


def row_count(rows):
    """Rows of a queryset (counted by the database) or of a list (a report's computed figures)."""
    return rows.count() if hasattr(rows, "query") else len(rows)


def is_export_build(request):
    return getattr(request, "is_export_build", False)


def request_export(request, title, filename, rows):
    """Record the export the request asks for and queue its build once the request's transaction commits."""
    export = Export.objects.create(
        requested_by=request.user,
        title=str(title)[:255],
        address=request.build_absolute_uri(),
        filename=filename,
        rows=rows,
    )
    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


class QueuedSpreadsheetExportMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``: more than ``EXPORT_INLINE_ROWS`` rows go to the worker."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if is_export_build(self.request):
            return super().as_spreadsheet(queryset, spreadsheet_format)
        rows = row_count(queryset)
        if rows <= settings.EXPORT_INLINE_ROWS:
            return super().as_spreadsheet(queryset, spreadsheet_format)
        title = self.get_page_title() if hasattr(self, "get_page_title") else self.page_title
        request_export(self.request, title, f"{self.get_filename()}.{spreadsheet_format}", rows)
        messages.success(
            self.request,
            ngettext(
                "The spreadsheet of %(rows)d row is being prepared: it appears here when it is ready, "
                "and you will be emailed.",
                "The spreadsheet of %(rows)d rows is being prepared: it appears here when it is ready, "
                "and you will be emailed.",
                rows,
            )
            % {"rows": rows},
        )
        return redirect("campaign_exports")


@task()
def build_export(export_id):
    """Build one queued export as its requester; an export built already, refused or removed is left alone."""
    export = Export.objects.select_related("requested_by").filter(pk=export_id, status=Export.Status.QUEUED).first()
    if export is None:
        return False
    try:
        content = _ask_the_view(export)
    except ExportRefused:
        logger.info("Export %s refused: its requester may no longer see that listing", export.pk)
        export.status = Export.Status.REFUSED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at"])
        return False
    export.file.save(export.filename, ContentFile(content), save=False)
    export.status = Export.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])
    _tell_the_requester(export)
    forget_expired_exports()
    return True


def _ask_the_view(export):
    """The spreadsheet the view at the export's address gives its requester now."""
    user = export.requested_by
    if not user.is_active:
        raise ExportRefused
    address = urlsplit(export.address)
    try:
        match = resolve(address.path)
    except Resolver404 as missing:
        raise ExportRefused from missing
    request = _request_as(user, address)
    with translation.override(language_of(user)):
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except (PermissionDenied, Http404) as refused:
            raise ExportRefused from refused
    if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
        raise ExportRefused
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _request_as(user, address):
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = address.path
    request.GET = QueryDict(address.query)
    host, _colon, port = address.netloc.partition(":")
    request.META = {
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": address.query,
        "HTTP_HOST": address.netloc,
        "SERVER_NAME": host,
        "SERVER_PORT": port or ("443" if address.scheme == "https" else "80"),
    }
    request.user = user
    request.is_export_build = True
    # Views may add messages or read the session; neither is ever sent anywhere from here.
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request._messages = CookieStorage(request)
    return request


def exports_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("campaign_exports")


def _tell_the_requester(export):
    user = export.requested_by
    with translation.override(language_of(user)):
        subject = _("Your spreadsheet “%(title)s” is ready") % {"title": export.title}
        body = _(
            "The spreadsheet you asked for, %(filename)s (%(rows)d rows), is ready.\n"
            "Download it within %(days)d days from Reports → My exports:\n%(url)s"
        ) % {"filename": export.filename, "rows": export.rows, "days": settings.EXPORT_KEEP_DAYS, "url": exports_url()}
    queue_email(subject, body, [user.email])


def forget_expired_exports(now=None):
    """Delete exports older than ``EXPORT_KEEP_DAYS``, files included: they hold personal data (liaisons)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    expired = list(Export.objects.filter(requested_at__lt=cutoff))
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.delete()
    return len(expired)
