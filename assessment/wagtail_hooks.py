from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from assessment.admin_forms import CoverageRecordForm, NominationForm
from assessment.choosers import awards_in_scope, coverage_records_in_scope, periods_in_scope, scoped_chooser
from assessment.coverage import RecordCoverageAction
from assessment.models import AssessmentPeriod, AwardCategory, CoverageRecord, Nomination, OutletTier
from assessment.roles import is_assessor, is_expert, officer_unit_ids, runs_awards
from campaign.workflow_actions import DecideOnEditMixin


def _may_see_record(user, unit_id):
    return is_assessor(user) or unit_id in officer_unit_ids(user)


def _guard_record(view):
    """Every coverage-record URL with an id answers 404 to an officer of another body."""

    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            unit_id = CoverageRecord.objects.filter(pk=pk).values_list("unit_id", flat=True).first()
            if unit_id is not None and not _may_see_record(request.user, unit_id):
                raise Http404
        return view(request, *args, **kwargs)

    guarded.__name__ = getattr(view, "__name__", "guarded")
    return guarded


class OutletTierViewSet(SnippetViewSet):
    model = OutletTier
    icon = "list-ol"
    menu_label = _("Outlet tiers")
    list_display = ["name", "placement", "points", "counts_towards"]
    sort_order_field = "sort_order"


def _points_link(period):
    return format_html('<a href="{}">{}</a>', reverse("assessment_points_table", args=[period.pk]), _("Points table"))


class AssessmentPeriodViewSet(SnippetViewSet):
    model = AssessmentPeriod
    chooser_viewset_class = scoped_chooser(periods_in_scope)
    icon = "date"
    menu_label = _("Assessment periods")
    list_display = [
        "name",
        "year",
        "bonus_cap",
        "points_published",
        Column("points", label=_("Points table"), accessor=_points_link),
    ]


def _status(record):
    return record.status_label()


class CoverageRecordEditView(DecideOnEditMixin, EditView):
    """The assessor verifies or rejects from the record's action menu and is told which."""


class CoverageRecordViewSet(SnippetViewSet):
    model = CoverageRecord
    edit_view_class = CoverageRecordEditView
    chooser_viewset_class = scoped_chooser(coverage_records_in_scope)
    icon = "doc-full-inverse"
    menu_label = _("Coverage records")
    list_display = [
        "headline",
        "unit",
        "tier",
        "published_on",
        Column("status", label=_("Verification"), accessor=_status),
        "points",
    ]
    list_filter = ["period", "tier", "live"]
    edit_handler = ObjectList(CoverageRecord.panels, base_form_class=CoverageRecordForm)

    def get_queryset(self, request):
        return coverage_records_in_scope(request.user, CoverageRecord.objects.select_related("unit", "tier"))

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = _guard_record(pattern.callback)
        return patterns


class AwardCategoryViewSet(SnippetViewSet):
    model = AwardCategory
    chooser_viewset_class = scoped_chooser(awards_in_scope)
    icon = "pick"
    menu_label = _("Award categories")
    list_display = ["name", "campaign", "kind", "places"]
    list_filter = ["kind"]


class NominationViewSet(SnippetViewSet):
    model = Nomination
    chooser_viewset_class = scoped_chooser(awards_in_scope)
    icon = "tick-inverse"
    menu_label = _("Nominations")
    list_display = ["candidate_name", "category", "nominated_at", "rank"]
    list_filter = ["category"]
    edit_handler = ObjectList(Nomination.panels, base_form_class=NominationForm)

    def get_queryset(self, request):
        return Nomination.objects.select_related("category__campaign", "item", "unit")


class AssessmentSnippetGroup(SnippetViewSetGroup):
    items = (CoverageRecordViewSet, AssessmentPeriodViewSet, OutletTierViewSet, AwardCategoryViewSet, NominationViewSet)
    menu_icon = "tasks"
    menu_label = _("Assessment and awards")
    menu_name = "assessment"


register_snippet(AssessmentSnippetGroup)


@hooks.register("register_actions")
def register_coverage_actions(registry):
    """The admin records coverage through the same action as ``assessment.coverage.record_coverage``."""
    registry.register(CoverageRecord, RecordCoverageAction)


@hooks.register("register_admin_urls")
def register_assessment_admin_urls():
    from assessment.views.indicators import IndicatorsReportView
    from assessment.views.judging import JudgingRoundsView, JudgingRoundView, MyAssignmentsView, ScoreView
    from assessment.views.points import PointsTableView
    from assessment.views.summaries import SummaryMaterialsView

    return [
        path("assessment/points/<int:period_id>/", PointsTableView.as_view(), name="assessment_points_table"),
        path("assessment/judging/", JudgingRoundsView.as_view(), name="assessment_judging_rounds"),
        path("assessment/judging/<int:campaign_id>/", JudgingRoundView.as_view(), name="assessment_judging_round"),
        path("assessment/my-assignments/", MyAssignmentsView.as_view(), name="assessment_my_assignments"),
        path("assessment/my-assignments/<int:assignment_id>/", ScoreView.as_view(), name="assessment_score"),
        path("assessment/summaries/", SummaryMaterialsView.as_view(), name="assessment_summaries"),
        path("reports/organizers-indicators/", IndicatorsReportView.as_view(), name="assessment_indicators"),
        path(
            "reports/organizers-indicators/results/",
            IndicatorsReportView.as_view(results_only=True),
            name="assessment_indicators_results",
        ),
    ]


class RoleMenuItem(MenuItem):
    def __init__(self, *args, shown_to, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)


def _moderates(user):
    from assessment.awards import moderated_jurisdictions

    return moderated_jurisdictions(user).exists()


@hooks.register("register_admin_menu_item")
def register_judging_menu_item():
    return RoleMenuItem(
        _("Expert review"), reverse("assessment_judging_rounds"), icon_name="pick", order=960, shown_to=runs_awards
    )


@hooks.register("register_admin_menu_item")
def register_my_reviews_menu_item():
    return RoleMenuItem(
        _("My reviews"), reverse("assessment_my_assignments"), icon_name="pick", order=961, shown_to=is_expert
    )


@hooks.register("register_admin_menu_item")
def register_summaries_menu_item():
    return RoleMenuItem(
        _("Summary materials"), reverse("assessment_summaries"), icon_name="doc-full", order=962, shown_to=_moderates
    )


@hooks.register("register_reports_menu_item")
def register_indicators_menu_item():
    from showcase.review.report_views import ReviewReportMenuItem

    return ReviewReportMenuItem(
        _("Organizers' indicators"),
        reverse("assessment_indicators"),
        name="organizers-indicators",
        icon_name="table",
        order=860,
    )
