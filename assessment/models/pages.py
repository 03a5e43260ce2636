from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from campaign.models import CampaignBasePage


class AwardsPage(CampaignBasePage):
    """The campaign's public awards page: categories, winners with their certificates, and the ranking rule."""

    introduction = models.TextField(_("introduction"), blank=True)

    description_source_field = "introduction"
    parent_page_types = ["campaign.CampaignHomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = CampaignBasePage.content_panels + [FieldPanel("introduction")]

    class Meta:
        verbose_name = _("awards page")
        verbose_name_plural = _("awards pages")

    def get_context(self, request, *args, **kwargs):
        from assessment.awards_results import awards_context

        context = super().get_context(request, *args, **kwargs)
        context.update(awards_context(self.campaign))
        return context
