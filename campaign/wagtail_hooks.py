from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from campaign.export_views import ExportDownloadView, ExportsMenuItem, ExportsView


@hooks.register("register_admin_urls")
def register_export_urls():
    return [
        path("reports/exports/", ExportsView.as_view(), name="campaign_exports"),
        path("reports/exports/<int:pk>/download/", ExportDownloadView.as_view(), name="campaign_export_download"),
    ]


@hooks.register("register_reports_menu_item")
def register_exports_menu_item():
    return ExportsMenuItem(
        _("My exports"), reverse("campaign_exports"), name="exports", icon_name="download", order=870
    )
