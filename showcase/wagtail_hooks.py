from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from showcase.filing import dashboard as filing_dashboard
from showcase.filing.window import filing_refusal
from showcase.models import Jurisdiction, RecommendedSlot, Region, Sector, ShowcaseItemPage
from showcase.permissions import stock_views
from showcase.permissions.policies import private_collection_rule_of
from showcase.permissions.roles import has_national_scope


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


@hooks.register("register_admin_viewset")
def register_scoped_page_viewset():
    """Registered after Wagtail's base page viewset (order -1), so every page type uses the scoped one."""
    return stock_views.ScopedPageViewSet()


hooks.register("before_move_page", stock_views.refuse_moves_the_user_may_not_make)


@hooks.register("construct_admin_api", order=100)
def scope_admin_api(router):
    """After Wagtail's apps registered their endpoints, replace the document and image ones with scoped ones."""
    router.register_endpoint("documents", stock_views.ScopedDocumentsAdminAPIViewSet)
    router.register_endpoint("images", stock_views.ScopedImagesAdminAPIViewSet)


@hooks.register("construct_page_chooser_queryset")
def choose_only_pages_in_scope(pages, request):
    """The page chooser lists what the user may see: their scope's pages, and published pages like the public."""
    if request.user.is_superuser:
        return pages
    return pages.filter(policy_registry.get_by_type(Page).visible_q(request.user))


@hooks.register("before_serve_document")
def serve_private_documents_within_their_scope(document, request):
    """Evidence is downloaded by whom its collection's rule admits; everyone else is asked to sign in or refused."""
    if private_collection_rule_of(document) is None:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    if policy_registry.get(document).may_read(request.user, document):
        return None
    return TemplateResponse(
        request,
        "showcase/directory/forbidden.html",
        {
            "message": gettext(
                "This document is private evidence of another unit or body. It can be opened by that unit, "
                "its jurisdiction's moderators and the organizers only."
            )
        },
        status=403,
    )


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

from showcase.directory import admin as directory_admin  # noqa: E402,F401


@hooks.register("construct_homepage_panels")
def add_moderator_queue_panel(request, panels):
    from showcase.review.dashboard import add_moderator_queue_panel

    add_moderator_queue_panel(request, panels)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    from django.urls import path

    from showcase.review.report_views import ReviewReportView

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

    from showcase.review.report_views import ReviewReportMenuItem

    return ReviewReportMenuItem(
        _("Tiered review"), reverse("showcase_review_report"), name="tiered-review", icon_name="tasks", order=850
    )


class BulkFilingMenuItem(MenuItem):
    """Shown to national editors and to moderators of a jurisdiction (one query, on every admin page)."""

    def is_shown(self, request):
        user = request.user
        return has_national_scope(user) or Jurisdiction.objects.filter(moderators__user=user).exists()


@hooks.register("register_admin_menu_item")
def register_bulk_filing_menu_item():
    return BulkFilingMenuItem(
        _("Bulk filing"), reverse("showcase_bulk_filing"), name="bulk-filing", icon_name="upload", order=250
    )


@hooks.register("register_admin_urls")
def register_bulk_filing_urls():
    from django.urls import path

    from showcase.filing import bulk_views

    prefix = "showcase/bulk-filing"
    return [
        path(f"{prefix}/", bulk_views.bulk_filing, name="showcase_bulk_filing"),
        path(f"{prefix}/<int:page_id>/template/", bulk_views.bulk_template, name="showcase_bulk_filing_template"),
        path(f"{prefix}/<int:page_id>/export/", bulk_views.bulk_export, name="showcase_bulk_filing_export"),
    ]


@hooks.register("register_admin_urls")
def register_frontend_preview_url():
    from django.urls import path

    from showcase.api.preview import preview_link

    return [path("frontend-preview/<int:page_id>/", preview_link, name="showcase_frontend_preview")]


@hooks.register("register_page_action_menu_item")
def register_frontend_preview_menu_item():
    from showcase.api.preview import FrontendPreviewMenuItem

    return FrontendPreviewMenuItem()


hooks.register("construct_homepage_panels", filing_dashboard.add_unit_filing_panel)
# After Wagtail's own hook has added its page count (hooks run in app order, ours before Wagtail's).
hooks.register("construct_homepage_summary_items", stock_views.scope_homepage_summary, order=100)
