from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from campaign.blocks import ArticleStreamBlock

from .base import CampaignBasePage


class StandardPage(CampaignBasePage):
    """Guides (such as the web zone's how-to), about and contact pages."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(ArticleStreamBlock(), verbose_name=_("body"), blank=True)

    description_source_field = "introduction"
    parent_page_types = ["campaign.CampaignHomePage", "campaign.OfficeHomePage", "campaign.StandardPage"]
    subpage_types = ["campaign.StandardPage"]

    search_fields = CampaignBasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    content_panels = CampaignBasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    promote_panels = CampaignBasePage.promote_panels + [FieldPanel("listing_image")]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
