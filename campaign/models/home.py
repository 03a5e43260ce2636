from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from campaign.calendar_feed import campaign_events, ics_feed
from campaign.qrcodes import qr_svg
from campaign.validators import validate_public_office_phone

from .base import CampaignBasePage, SiteHomeMixin


class FilingStatus(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", _("Filing has not opened yet")
    OPEN = "open", _("Filing is open")
    CLOSED = "closed", _("Filing has closed")


class CampaignHomePage(SiteHomeMixin, RoutablePageMixin, CampaignBasePage):
    """One publicity campaign, such as the 2023 "节水中国 你我同行" joint action.

    Several years' campaigns can live side by side under the tree root; each is
    served as the root of its own Wagtail site. The filing window is stored as
    dates so that the showcase can refuse filings outside it.
    """

    theme = models.TextField(_("theme"), help_text=_("The campaign's theme statement (活动主题)."))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    mark = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("campaign mark"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The campaign's logo, drawn beside its name on share posters; best square, on a transparent background. "
            "Without one the platform's water drop is drawn."
        ),
    )

    launch_starts_at = models.DateTimeField(_("launch ceremony time"), null=True, blank=True)
    launch_venue = models.CharField(_("launch ceremony venue"), max_length=200, blank=True)
    launch_description = models.TextField(_("about the launch ceremony"), blank=True)

    liaison_deadline = models.DateField(
        _("liaison nomination deadline"),
        null=True,
        blank=True,
        help_text=_("Participating bodies name their liaisons by this date."),
    )
    filing_opens_on = models.DateField(_("filing opens on"))
    filing_closes_on = models.DateField(
        _("filing closes on"), help_text=_("Filing is allowed up to and including this date.")
    )
    summary_deadline = models.DateField(
        _("summary materials deadline"),
        null=True,
        blank=True,
        help_text=_("Recommendation and summary materials are due by this date."),
    )

    contact_mailbox = models.EmailField(
        _("campaign mailbox"),
        blank=True,
        help_text=_("The organizers' shared mailbox, shown publicly. Never enter a personal address here."),
    )

    description_source_field = "theme"

    # No subpage_types here: each child type (news, standard pages, and the
    # showcase and awards pages of other apps) names this page as its parent,
    # so the campaign app need not know the apps that extend it.
    parent_page_types = ["wagtailcore.Page"]

    content_panels = CampaignBasePage.content_panels + [
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("hero_image"), FieldPanel("mark")]),
        FieldPanel("introduction"),
        InlinePanel("organizers", heading=_("Organizing bodies"), label=_("Organizing body"), min_num=1),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("filing_opens_on"), FieldPanel("filing_closes_on")]),
                FieldRowPanel([FieldPanel("liaison_deadline"), FieldPanel("summary_deadline")]),
            ],
            heading=_("Key dates"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("launch_starts_at"), FieldPanel("launch_venue")]),
                FieldPanel("launch_description"),
                InlinePanel("live_streams", heading=_("Live-stream channels"), label=_("Live-stream channel")),
            ],
            heading=_("Launch ceremony"),
        ),
        InlinePanel("theme_days", heading=_("Theme days"), label=_("Theme day")),
        MultiFieldPanel(
            [
                FieldPanel("contact_mailbox"),
                InlinePanel("contacts", label=_("Contact person")),
            ],
            heading=_("Contacts"),
        ),
    ]
    promote_panels = CampaignBasePage.promote_panels + [FieldPanel("listing_image")]

    class Meta:
        verbose_name = _("campaign home page")
        verbose_name_plural = _("campaign home pages")

    def clean(self):
        super().clean()
        errors = {}
        opens, closes = self.filing_opens_on, self.filing_closes_on
        if opens and closes and closes < opens:
            errors["filing_closes_on"] = _("The filing window must close on or after the day it opens.")
        if self.liaison_deadline and closes and self.liaison_deadline > closes:
            errors["liaison_deadline"] = _("Liaisons must be named before the filing window closes.")
        if self.summary_deadline and closes and self.summary_deadline < closes:
            errors["summary_deadline"] = _("Summary materials cannot be due before the filing window closes.")
        if errors:
            raise ValidationError(errors)

    def filing_status(self, on=None):
        today = on or timezone.localdate()
        if today < self.filing_opens_on:
            return FilingStatus.NOT_YET_OPEN
        if today > self.filing_closes_on:
            return FilingStatus.CLOSED
        return FilingStatus.OPEN

    def filing_is_open(self, on=None):
        return self.filing_status(on) == FilingStatus.OPEN

    def key_dates(self):
        """The campaign's dated milestones in date order, for the timeline."""
        candidates = [
            (_("Liaisons named by"), self.liaison_deadline),
            (_("Launch ceremony"), timezone.localtime(self.launch_starts_at).date() if self.launch_starts_at else None),
            (_("Filing opens"), self.filing_opens_on),
            (_("Filing closes"), self.filing_closes_on),
            (_("Summary materials due"), self.summary_deadline),
        ]
        return sorted(((label, day) for label, day in candidates if day), key=lambda item: item[1])

    @path("calendar/", name="calendar")
    def calendar(self, request):
        """The key dates and theme days as one list, with the feed to subscribe to."""
        context = self.get_context(request)
        context["events"] = campaign_events(self)
        context["feed_url"] = self.get_url(request) + self.reverse_subpage("calendar_feed")
        return TemplateResponse(request, "campaign/calendar.html", context)

    def get_cached_paths(self):
        """The home, its calendar and the calendar's feed, for the shared cache's purge."""
        return ["/", "/" + self.reverse_subpage("calendar"), "/" + self.reverse_subpage("calendar_feed")]

    @path("calendar/subscribe/", name="calendar_feed")
    def calendar_feed(self, request):
        """The same dates as an iCalendar feed: a phone subscribed to it sees changes the editors make."""
        response = HttpResponse(
            ics_feed(self, campaign_events(self), request.get_host()), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'inline; filename="campaign-{self.pk}.ics"'
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = self.latest_news()
        context["campaigns"] = CampaignHomePage.objects.live().public().defer_streamfields().order_by("-year", "-pk")
        return context


class CampaignOrganizer(Orderable):
    class Role(models.TextChoices):
        HOST = "host", _("Host (主办单位)")
        ORGANIZER = "organizer", _("Organizer (承办单位)")
        CO_ORGANIZER = "co_organizer", _("Co-organizer (协办单位)")
        SUPPORTER = "supporter", _("Supporting body (支持单位)")

    page = ParentalKey(CampaignHomePage, related_name="organizers", on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("body name"), max_length=200)

    panels = [FieldRowPanel([FieldPanel("role"), FieldPanel("name")])]

    class Meta(Orderable.Meta):
        verbose_name = _("organizing body")
        verbose_name_plural = _("organizing bodies")

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"


class LiveStreamChannel(Orderable):
    """Where the launch ceremony can be watched; the QR code is drawn from the link."""

    page = ParentalKey(CampaignHomePage, related_name="live_streams", on_delete=models.CASCADE)
    name = models.CharField(_("channel name"), max_length=100, help_text=_("For example: “中国水事” Douyin account."))
    url = models.URLField(_("link"), max_length=500)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("url")])]

    class Meta(Orderable.Meta):
        verbose_name = _("live-stream channel")
        verbose_name_plural = _("live-stream channels")

    def __str__(self):
        return self.name

    def qr_svg(self):
        return qr_svg(self.url, title=self.name)


class ThemeDay(Orderable):
    """A dated observance the campaign marks, such as World Water Day."""

    page = ParentalKey(CampaignHomePage, related_name="theme_days", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only for observances that last several days.")
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("theme day")
        verbose_name_plural = _("theme days")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})


class CampaignContact(Orderable):
    page = ParentalKey(CampaignHomePage, related_name="contacts", on_delete=models.CASCADE)
    responsibility = models.CharField(
        _("responsibility"),
        max_length=100,
        help_text=_("For example: host office, organizer, web zone technical support."),
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("office phone"), max_length=40, validators=[validate_public_office_phone])

    panels = [FieldRowPanel([FieldPanel("responsibility"), FieldPanel("name"), FieldPanel("phone")])]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")

    def __str__(self):
        return f"{self.responsibility}: {self.name}"
