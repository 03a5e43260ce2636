"""Reports → 我的导出: each user's own spreadsheets built by the worker, and their downloads."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem

from campaign.exports import forget_expired_exports
from campaign.models import Export


class ExportsView(TemplateView):
    template_name = "campaign/admin/exports.html"
    page_title = gettext_lazy("My exports")

    def get_context_data(self, **kwargs):
        forget_expired_exports()
        exports = Export.objects.filter(requested_by=self.request.user)
        return super().get_context_data(
            page_title=self.page_title, exports=exports, export_keep_days=settings.EXPORT_KEEP_DAYS, **kwargs
        )


class ExportDownloadView(View):
    """Only the requester, and only once the file is ready; anyone else gets the same 404 as a missing export."""

    def get(self, request, pk):
        export = get_object_or_404(Export, pk=pk, requested_by=request.user, status=Export.Status.READY)
        if not export.file:
            raise Http404
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)


class ExportsMenuItem(MenuItem):
    """Shown to those who have exports: the units filing items never see an empty page they have no use for.

    The first long export leads its requester to the page, and the email links to it.
    """

    def is_shown(self, request):
        return Export.objects.filter(requested_by=request.user).exists()
