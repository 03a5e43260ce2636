from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from showcase.filing import filing_refusal
from showcase.models import RecommendedSlot, Region, Sector, ShowcaseItemPage


def _refuse_outside_filing_window(request, page_class, where, *redirect_to):
    """A redirect with the refusal message when a unit files a showcase item outside the window, else None."""
    if not issubclass(page_class, ShowcaseItemPage):
        return None
    refusal = filing_refusal(request.user, where)
    if refusal is None:
        return None
    messages.error(request, refusal)
    return redirect(*redirect_to)


@hooks.register("before_create_page")
def refuse_creation_outside_filing_window(request, parent_page, page_class):
    return _refuse_outside_filing_window(request, page_class, parent_page, "wagtailadmin_explore", parent_page.pk)


@hooks.register("before_copy_page")
def refuse_copy_outside_filing_window(request, page):
    return _refuse_outside_filing_window(
        request, page.specific_class, page, "wagtailadmin_explore", page.get_parent().pk
    )


@hooks.register("before_edit_page")
def refuse_submission_outside_filing_window(request, page):
    if request.method != "POST" or "action-submit" not in request.POST:
        return None
    return _refuse_outside_filing_window(request, page.specific_class, page, "wagtailadmin_pages:edit", page.pk)


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    menu_label = _("Sectors")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "parent", "slug"]
    list_filter = ["parent"]
    search_fields = ["name"]


class RecommendedSlotViewSet(SnippetViewSet):
    model = RecommendedSlot
    icon = "pick"
    menu_label = _("Recommended slots")
    list_display = ["item", "showcase", "starts_at", "ends_at"]
    list_filter = ["showcase"]
    sort_order_field = "sort_order"


class ShowcaseSnippetGroup(SnippetViewSetGroup):
    items = (RecommendedSlotViewSet, SectorViewSet, RegionViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Showcase")
    menu_name = "showcase"


register_snippet(ShowcaseSnippetGroup)

from showcase import directory_admin  # noqa: E402,F401


@hooks.register("register_demo_arguments")
def add_showcase_demo_arguments(parser):
    from showcase.demo.builder import add_arguments

    add_arguments(parser)


@hooks.register("register_demo_step")
def build_showcase_demo(campaign, stdout, **options):
    from showcase.demo.builder import build_showcase_demo

    return build_showcase_demo(campaign, stdout=stdout, **options)


@hooks.register("construct_homepage_panels")
def add_moderator_queue_panel(request, panels):
    from showcase.review_dashboard import add_moderator_queue_panel

    add_moderator_queue_panel(request, panels)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    from django.urls import path

    from showcase.review_report_views import ReviewReportView

    return [
        path("reports/tiered-review/", ReviewReportView.as_view(), name="showcase_review_report"),
        path(
            "reports/tiered-review/results/",
            ReviewReportView.as_view(results_only=True),
            name="showcase_review_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    from django.urls import reverse

    from showcase.review_report_views import ReviewReportMenuItem

    return ReviewReportMenuItem(
        _("Tiered review"), reverse("showcase_review_report"), name="tiered-review", icon_name="tasks", order=850
    )


@hooks.register("register_admin_urls")
def register_frontend_preview_url():
    from django.urls import path

    from showcase.api.preview import preview_link

    return [path("frontend-preview/<int:page_id>/", preview_link, name="showcase_frontend_preview")]


@hooks.register("register_page_action_menu_item")
def register_frontend_preview_menu_item():
    from showcase.api.preview import FrontendPreviewMenuItem

    return FrontendPreviewMenuItem()
