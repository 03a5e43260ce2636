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
from showcase.filing.quota import QuotaUsage
from showcase.models import (
    Jurisdiction,
    JurisdictionPage,
    JurisdictionReviewTaskState,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    Unit,
    VideoQuotaSlot,
)

QUEUE_LENGTH = 20
SILENT_UNITS_SHOWN = 10


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
        context["jurisdiction_figures"] = self.jurisdiction_figures(campaign)
        return context

    def jurisdiction_figures(self, campaign):
        """Per jurisdiction: the video quota used, and the units of its directory that have filed nothing in this
        campaign; three queries however many jurisdictions the moderator has."""
        showcase = ShowcaseIndexPage.objects.child_of(campaign).first()
        jurisdictions = self.jurisdictions
        if showcase is None or not jurisdictions:
            return []
        used = dict(
            VideoQuotaSlot.objects.filter(showcase=showcase, jurisdiction__in=jurisdictions)
            .values_list("jurisdiction")
            .annotate(used=Count("pk"))
        )
        filed = ShowcaseItemPage.objects.filter(unit=OuterRef("pk"), path__startswith=campaign.path)
        silent = {}
        for jurisdiction_id, name in (
            Unit.objects.filter(jurisdiction__in=jurisdictions)
            .exclude(Exists(filed))
            .order_by("name")
            .values_list("jurisdiction_id", "name")
        ):
            silent.setdefault(jurisdiction_id, []).append(name)
        return [
            {
                "jurisdiction": jurisdiction,
                "quota": QuotaUsage(used=used.get(jurisdiction.pk, 0), quota=showcase.video_quota),
                "silent_count": len(silent.get(jurisdiction.pk, [])),
                "silent_units": silent.get(jurisdiction.pk, [])[:SILENT_UNITS_SHOWN],
            }
            for jurisdiction in jurisdictions
        ]


def add_moderator_queue_panel(request, panels):
    jurisdictions = moderated_jurisdictions(request.user)
    if jurisdictions:
        panels.append(ModeratorQueuePanel(jurisdictions))
