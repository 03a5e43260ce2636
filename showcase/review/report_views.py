"""The review report for national editors, on Wagtail's report views so it gets filters and XLSX/CSV export."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import TaskState

from campaign.models import CampaignHomePage
from showcase.permissions.roles import VIEW_REVIEW_REPORT
from showcase.review.report import review_figures


class ReviewReportFilterSet(WagtailFilterSet):
    """Only a form: the figures are computed by ``review_figures``, not by filtering a queryset."""

    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        empty_label=_("All campaigns"),
        queryset=CampaignHomePage.objects.order_by("-year", "title"),
    )
    date_from = django_filters.DateFilter(label=_("Review started from"), widget=AdminDateInput)
    date_to = django_filters.DateFilter(label=_("Review started until"), widget=AdminDateInput)

    class Meta:
        model = TaskState
        fields = []


FIGURES = [
    ("jurisdiction_name", _("Jurisdiction")),
    ("submitted", _("Items submitted")),
    ("waiting_jurisdiction", _("Waiting at jurisdiction review")),
    ("waiting_final", _("Waiting at final review")),
    ("approved", _("Approved and published")),
    ("rejected", _("Changes requested")),
    ("median_jurisdiction_hours", _("Median jurisdiction review time (hours)")),
    ("median_final_hours", _("Median final review time (hours)")),
    ("rated_a_plus", _("Rated A+")),
    ("rated_a", _("Rated A")),
    ("rated_b", _("Rated B")),
]


class JurisdictionFiguresReportView(ReportView):
    """A row of figures per jurisdiction, for those who may read the review report, with filters and XLSX/CSV.

    Subclasses name their ``figures`` (attribute and heading, in column order)
    and ``filename_prefix``, and compute the rows in ``get_filtered_queryset``.
    """

    figures = []
    filename_prefix = "report"
    paginate_by = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.columns = [Column(name, label=label) for name, label in cls.figures]
        cls.list_export = [name for name, _label in cls.figures]
        cls.export_headings = dict(cls.figures)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_REVIEW_REPORT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.filename_prefix}-{timezone.localdate().isoformat()}"


class ReviewReportView(JurisdictionFiguresReportView):
    page_title = _("Tiered review")
    header_icon = "tasks"
    results_template_name = "showcase/review/review_report_results.html"
    index_url_name = "showcase_review_report"
    index_results_url_name = "showcase_review_report_results"
    filterset_class = ReviewReportFilterSet
    figures = FIGURES
    filename_prefix = "tiered-review-report"

    def get_filtered_queryset(self):
        options = {}
        if self.filters and self.filters.is_valid():
            data = self.filters.form.cleaned_data
            options = {
                "campaign": data.get("campaign"),
                "date_from": data.get("date_from"),
                "date_to": data.get("date_to"),
            }
        return review_figures(**options)


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_REVIEW_REPORT)
