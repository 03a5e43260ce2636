"""The organizers' indicators report: Wagtail's report view (filters, XLSX and CSV export) over one service."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from assessment.indicators import organizer_indicators
from assessment.models import SummaryMaterial
from campaign.models import CampaignHomePage
from showcase.review.report_views import JurisdictionFiguresReportView


class IndicatorsFilterSet(WagtailFilterSet):
    """Only a form: the figures are computed by ``organizer_indicators`` for the chosen campaign."""

    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        empty_label=_("The latest campaign"),
        queryset=CampaignHomePage.objects.order_by("-year", "title"),
    )

    class Meta:
        model = SummaryMaterial
        fields = []


FIGURES = [
    ("jurisdiction_name", _("Jurisdiction")),
    ("units_in_directory", _("Units in the directory")),
    ("units_filed", _("Units that filed")),
    ("items_filed", _("Items filed")),
    ("activities_published", _("Activities published")),
    ("rated_a_plus", _("Rated A+")),
    ("rated_a", _("Rated A")),
    ("rated_b", _("Rated B")),
    ("videos_of_quota", _("Video places used")),
    ("sectors_covered", _("Sectors covered")),
    ("median_jurisdiction_hours", _("Median jurisdiction review time (hours)")),
    ("median_final_hours", _("Median final review time (hours)")),
    ("views", _("Page views")),
    ("short_link_opens", _("Opened from shares")),
    ("summary_materials_on_time", _("Summary materials by the deadline")),
    ("summary_materials_late", _("Summary materials after the deadline")),
]


def labelled_indicators(row):
    """The report's figures of one jurisdiction as (heading, value), for the awards' organizing-unit nominations."""
    return [(label, getattr(row, name)) for name, label in FIGURES[1:]]


class IndicatorsReportView(JurisdictionFiguresReportView):
    page_title = _("Organizers' indicators")
    header_icon = "table"
    results_template_name = "assessment/admin/indicators_results.html"
    index_url_name = "assessment_indicators"
    index_results_url_name = "assessment_indicators_results"
    filterset_class = IndicatorsFilterSet
    figures = FIGURES
    filename_prefix = "organizers-indicators"

    def get_filtered_queryset(self):
        campaign = None
        if self.filters and self.filters.is_valid():
            campaign = self.filters.form.cleaned_data.get("campaign")
        campaign = campaign or CampaignHomePage.objects.order_by("-year", "-pk").first()
        return organizer_indicators(campaign) if campaign else []
