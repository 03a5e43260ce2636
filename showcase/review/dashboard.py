"""The moderator's panel on the admin home: what waits for their jurisdiction's review, oldest first.

Wagtail's own "awaiting your review" panel lists every task state a user may
act on, newest first; a liaison needs the opposite view of the same work: the
items that have waited longest, and how the campaign's review is going.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState

from campaign.models import CampaignHomePage
from showcase.models import Jurisdiction, JurisdictionPage, JurisdictionReviewTaskState, ShowcaseItemPage

QUEUE_LENGTH = 20


def moderated_jurisdictions(user):
    if not user.is_authenticated:
        return []
    return list(Jurisdiction.objects.filter(moderators__user=user).order_by("sort_order", "name"))


def current_campaign(jurisdictions):
    """The newest campaign (by year) in which one of ``jurisdictions`` has a page."""
    pages = JurisdictionPage.objects.filter(jurisdiction__in=jurisdictions, path__startswith=OuterRef("path"))
    return CampaignHomePage.objects.filter(Exists(pages)).order_by("-year", "-pk").first()


def age_label(started_at, now):
    days = (now - started_at).days
    if days < 1:
        return _("today")
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


class ModeratorQueuePanel(Component):
    name = "showcase_moderator_queue"
    template_name = "showcase/review/moderator_queue_panel.html"
    order = 150

    def __init__(self, jurisdictions):
        self.jurisdictions = jurisdictions

    def get_context_data(self, parent_context=None):
        campaign = current_campaign(self.jurisdictions)
        context = {"jurisdictions": self.jurisdictions, "campaign": campaign, "items": [], "counts": {}}
        if campaign is None:
            return context
        item_ids = (
            ShowcaseItemPage.objects.filter(jurisdiction__in=self.jurisdictions, path__startswith=campaign.path)
            .annotate(object_id=Cast("pk", CharField()))
            .values("object_id")
        )
        states = JurisdictionReviewTaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=item_ids,
        )
        context["counts"] = states.aggregate(
            waiting=Count("pk", filter=Q(status=TaskState.STATUS_IN_PROGRESS)),
            approved=Count("pk", filter=Q(status=TaskState.STATUS_APPROVED)),
            rejected=Count("pk", filter=Q(status=TaskState.STATUS_REJECTED)),
        )
        waiting = list(
            states.filter(status=TaskState.STATUS_IN_PROGRESS)
            .order_by("started_at", "pk")
            .values_list("workflow_state__object_id", "started_at")[:QUEUE_LENGTH]
        )
        pages = ShowcaseItemPage.objects.filter(pk__in=[int(object_id) for object_id, _started in waiting])
        pages = pages.select_related("jurisdiction", "unit").in_bulk()
        now = timezone.now()
        context["items"] = [
            {"page": pages[int(object_id)], "started_at": started_at, "age": age_label(started_at, now)}
            for object_id, started_at in waiting
            if int(object_id) in pages
        ]
        context["more"] = context["counts"]["waiting"] - len(context["items"])
        return context


def add_moderator_queue_panel(request, panels):
    jurisdictions = moderated_jurisdictions(request.user)
    if jurisdictions:
        panels.append(ModeratorQueuePanel(jurisdictions))
