"""The unit's panel on the admin home (我的填报): file in one click, and see where each item stands.

Units are the largest group of users and most have never used Wagtail; the
explorer's way to a form (页面 → jurisdiction → 添加子页面 → type) is replaced by
two buttons that open the forms under the unit's own jurisdiction, and each
item shows its review state in words, with the reviewer's comment when changes
were requested.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from showcase.filing.quota import quota_usage
from showcase.filing.window import filing_refusal
from showcase.models import JurisdictionPage, ShowcaseItemPage
from showcase.models.review import JurisdictionReviewTask
from showcase.review.dashboard import current_campaign

ITEMS_SHOWN = 30


@dataclass(frozen=True)
class ItemState:
    key: str
    label: str
    comment: str = ""


DRAFT = ItemState("draft", _("Draft, not submitted"))
AT_JURISDICTION = ItemState("jurisdiction", _("At jurisdiction review"))
AT_FINAL = ItemState("final", _("At final review"))
PUBLISHED = ItemState("published", _("Published"))


def item_states(pages):
    """Each page's review state, in two queries whatever the number of pages."""
    open_states = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
            status__in=(WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES),
        )
        .select_related("current_task_state__task")
        .order_by("pk")
    )
    by_page = {int(state.object_id): state for state in open_states}
    jurisdiction_task = ContentType.objects.get_for_model(JurisdictionReviewTask)
    states = {}
    for page in pages:
        workflow_state = by_page.get(page.pk)
        task_state = workflow_state.current_task_state if workflow_state else None
        if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            comment = task_state.comment if task_state else ""
            states[page.pk] = ItemState("changes", _("Changes requested"), comment)
        elif task_state is not None:
            at_jurisdiction = task_state.task.content_type_id == jurisdiction_task.pk
            states[page.pk] = AT_JURISDICTION if at_jurisdiction else AT_FINAL
        elif page.live:
            states[page.pk] = PUBLISHED
        else:
            states[page.pk] = DRAFT
    return states


def current_jurisdiction_page(jurisdiction):
    """The jurisdiction's page in the newest campaign that has one: where its units file now."""
    campaign = current_campaign([jurisdiction])
    if campaign is None:
        return None
    page = JurisdictionPage.objects.descendant_of(campaign).filter(jurisdiction=jurisdiction).first()
    if page is not None:
        page.campaign = campaign  # known already: spares the page's own lookup
    return page


def add_item_url(model_name, parent):
    return reverse("wagtailadmin_pages:add", args=("showcase", model_name, parent.pk))


class UnitFilingPanel(Component):
    name = "showcase_unit_filing"
    template_name = "showcase/filing/unit_filing_panel.html"
    order = 50

    def __init__(self, user, unit):
        self.user = user
        self.unit = unit

    def get_context_data(self, parent_context=None):
        jurisdiction = self.unit.jurisdiction
        parent = current_jurisdiction_page(jurisdiction)
        campaign = parent.campaign if parent else None
        context = {"unit": self.unit, "campaign": campaign, "items": []}
        if parent is None:
            return context
        showcase = parent.showcase
        refusal = filing_refusal(self.user, parent)
        quota = quota_usage(showcase, jurisdiction)
        pages = list(
            ShowcaseItemPage.objects.filter(unit=self.unit, path__startswith=campaign.path)
            .select_related("rating", "content_type")
            .order_by("-latest_revision_created_at", "-pk")[:ITEMS_SHOWN]
        )
        states = item_states(pages)
        context.update(
            {
                "refusal": refusal,
                "quota": quota,
                "add_activity_url": None if refusal else add_item_url("activitypage", parent),
                "add_video_url": None if refusal or quota.is_full else add_item_url("videopage", parent),
                "items": [
                    {
                        "page": page,
                        "state": states[page.pk],
                        "rating": page.rating.rating
                        if showcase.show_rating_badges and hasattr(page, "rating") and page.live
                        else None,
                    }
                    for page in pages
                ],
            }
        )
        return context


def add_unit_filing_panel(request, panels):
    membership = getattr(request.user, "unit_membership", None)
    if membership is not None:
        panels.append(UnitFilingPanel(request.user, membership.unit))
