from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

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


class PointsTablePage(CampaignBasePage):
    """A publicity office's public points table, on the office's own site and under its branding.

    The table itself is computed from the period's verified coverage records;
    the page only says where it is shown. Until the assessors publish the
    period's points, the page says so and shows no figures.
    """

    period = models.ForeignKey(
        "assessment.AssessmentPeriod",
        verbose_name=_("assessment period"),
        on_delete=models.PROTECT,
        related_name="table_pages",
    )
    introduction = models.TextField(_("introduction"), blank=True)

    description_source_field = "introduction"
    parent_page_types = ["campaign.OfficeHomePage"]
    subpage_types = []

    search_fields = CampaignBasePage.search_fields + [index.SearchField("introduction")]
    content_panels = CampaignBasePage.content_panels + [FieldPanel("period"), FieldPanel("introduction")]

    class Meta:
        verbose_name = _("points table page")
        verbose_name_plural = _("points table pages")

    def get_context(self, request, *args, **kwargs):
        from assessment.points import compute_points_table

        context = super().get_context(request, *args, **kwargs)
        context["table"] = compute_points_table(self.period) if self.period.points_published else None
        return context
