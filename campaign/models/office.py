from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from campaign.validators import validate_public_office_phone

from .base import CampaignBasePage, SiteHomeMixin


class ColourScheme(models.TextChoices):
    WATER = "water", _("Water blue (the national campaign's colours)")
    RIVER = "river", _("River green")


class OfficeHomePage(SiteHomeMixin, CampaignBasePage):
    """The home of a standing publicity office's own site, such as a city's 五水共治 office.

    Such an office is not a campaign: it has no filing window and no web
    zone, but it publishes bulletins, runs the media-coverage assessment of
    its counties and zones, and must appear under its own name and colours,
    never as part of the national campaign that shares the platform. Its
    news, guides and points table are its children, so its Wagtail site
    serves them with its navigation and branding.
    """

    short_name = models.CharField(
        _("short name"), max_length=30, help_text=_("Shown beside the mark in the site header, such as 舟山治水.")
    )
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    colour_scheme = models.CharField(
        _("colour scheme"), max_length=20, choices=ColourScheme.choices, default=ColourScheme.RIVER
    )
    address = models.CharField(_("office address"), max_length=200, blank=True)
    contact_phone = models.CharField(
        _("office phone"),
        max_length=30,
        blank=True,
        validators=[validate_public_office_phone],
        help_text=_("A landline shown publicly, such as 0580-2280000. Never enter a mobile number here."),
    )
    contact_mailbox = models.EmailField(
        _("office mailbox"),
        blank=True,
        help_text=_("The office's shared mailbox, shown publicly. Never enter a personal address here."),
    )

    description_source_field = "introduction"
    parent_page_types = ["wagtailcore.Page"]
    brand_mark = "campaign/img/wave.svg"

    search_fields = CampaignBasePage.search_fields + [index.SearchField("introduction")]
    content_panels = CampaignBasePage.content_panels + [
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("colour_scheme")]),
        FieldPanel("hero_image"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_mailbox")])],
            heading=_("Contacts"),
        ),
    ]
    promote_panels = CampaignBasePage.promote_panels + [FieldPanel("listing_image")]

    class Meta:
        verbose_name = _("publicity office home page")
        verbose_name_plural = _("publicity office home pages")

    def brand_name(self):
        return self.short_name or self.title

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = self.latest_news()
        context["sections"] = self.get_children().live().public().in_menu().specific()
        return context
