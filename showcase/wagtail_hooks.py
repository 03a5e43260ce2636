from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from showcase.filing import filing_refusal
from showcase.models import RecommendedSlot, Region, Sector, ShowcaseItemPage


def _is_showcase_item(page_class):
    return issubclass(page_class, ShowcaseItemPage)


@hooks.register("before_create_page")
def refuse_creation_outside_filing_window(request, parent_page, page_class):
    if not _is_showcase_item(page_class):
        return None
    refusal = filing_refusal(request.user, parent_page)
    if refusal:
        messages.error(request, refusal)
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None


@hooks.register("before_copy_page")
def refuse_copy_outside_filing_window(request, page):
    if not _is_showcase_item(page.specific_class):
        return None
    refusal = filing_refusal(request.user, page)
    if refusal:
        messages.error(request, refusal)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_edit_page")
def refuse_submission_outside_filing_window(request, page):
    if request.method != "POST" or "action-submit" not in request.POST:
        return None
    if not _is_showcase_item(page.specific_class):
        return None
    refusal = filing_refusal(request.user, page)
    if refusal:
        messages.error(request, refusal)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


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
