from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from campaign.models import CampaignBasePage
from showcase.blocks import ActivityStreamBlock, validate_video_document
from showcase.filing.forms import JurisdictionPageForm, ShowcaseItemForm
from showcase.filing.panels import VideoQuotaPanel

from .taxonomy import ShowcaseItemKeyword, ShowcaseItemRegion, ShowcaseItemSector

DEFAULT_VIDEO_QUOTA = 20


class BrowsablePageMixin:
    """Pages that list the published items below them with the showcase filters."""

    def get_context(self, request, *args, **kwargs):
        from showcase.zone.browse import browse_context

        context = super().get_context(request, *args, **kwargs)
        context.update(browse_context(request, scope=self))
        return context


class ShowcaseIndexPage(RoutablePageMixin, BrowsablePageMixin, CampaignBasePage):
    """The campaign's web zone (网络专区): every published activity and video, filterable, and its dashboard."""

    introduction = models.TextField(_("introduction"), blank=True)
    video_quota = models.PositiveSmallIntegerField(
        _("video quota per jurisdiction"),
        default=DEFAULT_VIDEO_QUOTA,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How many videos each jurisdiction may submit in this campaign."),
    )
    show_rating_badges = models.BooleanField(
        _("show ratings on public pages"),
        default=False,
        help_text=_("Show each published item's final review rating (A+, A, B) as a badge on its page."),
    )

    description_source_field = "introduction"
    parent_page_types = ["campaign.CampaignHomePage"]
    subpage_types = ["showcase.JurisdictionPage"]
    max_count_per_parent = 1

    content_panels = CampaignBasePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("video_quota"),
        FieldPanel("show_rating_badges"),
    ]
    promote_panels = CampaignBasePage.promote_panels + [FieldPanel("listing_image")]

    class Meta:
        verbose_name = _("showcase index page")
        verbose_name_plural = _("showcase index pages")

    @path("dashboard/", name="dashboard")
    def dashboard(self, request):
        """The campaign in numbers (``showcase.zone.dashboard``); a route of the zone, so an item's change purges it."""
        from showcase.zone.dashboard import campaign_dashboard

        # The page's context without the zone's listing (BrowsablePageMixin's search): the dashboard has its own.
        context = super(BrowsablePageMixin, self).get_context(request)
        context["dashboard"] = campaign_dashboard(self)
        return TemplateResponse(request, "showcase/dashboard.html", context)

    def get_cached_paths(self):
        """The zone and its dashboard, for the shared cache's purge (``config.purge``)."""
        return ["/", "/" + self.reverse_subpage("dashboard")]


class JurisdictionPage(BrowsablePageMixin, CampaignBasePage):
    """One jurisdiction's part of the zone; its moderators are granted this subtree."""

    jurisdiction = models.ForeignKey(
        "showcase.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="pages"
    )
    introduction = models.TextField(_("introduction"), blank=True)

    description_source_field = "introduction"
    base_form_class = JurisdictionPageForm
    parent_page_types = ["showcase.ShowcaseIndexPage"]
    subpage_types = ["showcase.ActivityPage", "showcase.VideoPage"]

    content_panels = CampaignBasePage.content_panels + [FieldPanel("jurisdiction"), FieldPanel("introduction")]

    class Meta:
        verbose_name = _("jurisdiction page")
        verbose_name_plural = _("jurisdiction pages")

    @property
    def showcase(self):
        return ShowcaseIndexPage.objects.ancestor_of(self).first()


def jurisdiction_page_of(page):
    """The jurisdiction page a page sits under (or is): the only source of an item's jurisdiction and reviewers."""
    return JurisdictionPage.objects.ancestor_of(page, inclusive=True).select_related("jurisdiction").first()


class ShowcaseItemPage(CampaignBasePage):
    """What activities and videos share: unit, jurisdiction, sectors, regions, summary.

    A concrete base so that the showcase lists, filters and counts both types in
    one query. The jurisdiction is copied from the page's place in the tree on
    every save (and on moves); it is never a field the submitter can edit.
    """

    unit = models.ForeignKey(
        "showcase.Unit", verbose_name=_("unit"), null=True, on_delete=models.PROTECT, related_name="items"
    )
    jurisdiction = models.ForeignKey(
        "showcase.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="items",
    )
    sectors = ClusterTaggableManager(
        through=ShowcaseItemSector, verbose_name=_("sectors"), related_name="showcase_items"
    )
    regions = ClusterTaggableManager(
        through=ShowcaseItemRegion, verbose_name=_("regions"), related_name="showcase_items"
    )
    keywords = ClusterTaggableManager(
        through=ShowcaseItemKeyword, verbose_name=_("keywords"), blank=True, related_name="showcase_items"
    )
    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("Two or three sentences for listings and sharing.")
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)

    description_source_field = "summary"
    base_form_class = ShowcaseItemForm
    is_creatable = False
    parent_page_types = ["showcase.JurisdictionPage"]
    subpage_types = []

    search_fields = CampaignBasePage.search_fields + [
        index.SearchField("summary"),
        index.FilterField("jurisdiction"),
        index.FilterField("unit"),
        # Sector, region, jurisdiction and unit names are not text: they are searched as names, whole
        # (``search.registry.Names``), so that 水利 does not match every item a …水利局 files.
        index.RelatedFields("sectors", [index.FilterField("slug")]),
        index.RelatedFields("regions", [index.FilterField("slug")]),
        index.RelatedFields("keywords", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("showcase item")
        verbose_name_plural = _("showcase items")
        indexes = [models.Index(fields=["jurisdiction"], name="showcase_item_jurisdiction")]

    def save(self, *args, **kwargs):
        if self.path:
            parent = JurisdictionPage.objects.ancestor_of(self).only("jurisdiction_id").first()
            if parent is not None:
                self.jurisdiction_id = parent.jurisdiction_id
        super().save(*args, **kwargs)

    def sharing_image(self):
        return self.lead_image or super().sharing_image()

    def public_rating(self):
        """The final review rating, if the campaign's editors chose to show ratings publicly."""
        rating = getattr(self, "rating", None)
        if rating is None:
            return None
        showcase = ShowcaseIndexPage.objects.ancestor_of(self).only("show_rating_badges").first()
        return rating.rating if showcase and showcase.show_rating_badges else None

    @property
    def item_type(self):
        return self.specific_class._meta.model_name.removesuffix("page")

    def get_context(self, request, *args, **kwargs):
        from showcase.zone.sharing import share_links

        context = super().get_context(request, *args, **kwargs)
        context["share"] = share_links(self, request)
        return context


class ActivityPage(ShowcaseItemPage):
    """A publicity activity filed by a unit, updated with progress and outcomes."""

    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200)
    body = StreamField(ActivityStreamBlock(), verbose_name=_("body"), blank=True)
    participant_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    theme_mark_used = models.BooleanField(
        _("campaign theme mark used"),
        default=False,
        help_text=_("Tick if the activity carried the campaign's theme mark."),
    )
    outcomes = RichTextField(_("outcomes"), blank=True, features=["bold", "italic", "ol", "ul", "link"])

    subpage_types = []
    parent_page_types = ["showcase.JurisdictionPage"]

    search_fields = ShowcaseItemPage.search_fields + [
        index.SearchField("venue"),
        index.SearchField("body"),
        index.SearchField("outcomes"),
        index.FilterField("starts_on"),
    ]

    content_panels = CampaignBasePage.content_panels + [
        HelpPanel(template="showcase/panels/rating.html", heading=_("Rating")),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("sectors"), FieldPanel("regions")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("participant_count")]),
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldPanel("theme_mark_used"),
        InlinePanel("progress_updates", heading=_("Progress updates"), label=_("Progress update")),
        FieldPanel("outcomes"),
        InlinePanel("evidence", heading=_("Evidence materials (private)"), label=_("Evidence document")),
        FieldPanel("keywords"),
    ]

    # What a unit may file through the API (Wagtail's API v3 builds the same admin form from these), and
    # what Wagtail's stock page endpoints show. Evidence is deliberately absent: it is never public.
    api_fields = [
        APIField(name, writable=True)
        for name in (
            "unit",
            "sectors",
            "regions",
            "starts_on",
            "ends_on",
            "venue",
            "participant_count",
            "summary",
            "lead_image",
            "body",
            "theme_mark_used",
            "progress_updates",
            "outcomes",
            "keywords",
        )
    ]

    class Meta:
        verbose_name = _("activity page")
        verbose_name_plural = _("activity pages")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date cannot be before the start date.")
        errors.update(campaign_year_errors(self.campaign if self.path else None, self.starts_on, self.ends_on))
        if self.summary is not None and not self.summary.strip():
            errors["summary"] = _("Write a short summary of the activity.")
        if errors:
            raise ValidationError(errors)

    def progress_newest_first(self):
        return self.progress_updates.order_by("-date", "-sort_order")


def campaign_year_errors(campaign, starts_on, ends_on):
    """``{field: message}`` for activity dates outside the campaign's year.

    The page's own ``clean`` runs it once the page is in the tree; the admin
    form runs it for a new page, which has no place in the tree yet when the
    form is checked, so the visitor sees the message instead of an error page.
    """
    errors = {}
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if campaign and day and day.year != campaign.year:
            errors[field] = _("The activity must take place in the campaign year %(year)s.") % {"year": campaign.year}
    return errors


class ActivityProgressUpdate(Orderable):
    """A dated progress note (活动动态), added over the life of the activity."""

    page = ParentalKey(ActivityPage, related_name="progress_updates", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    text = models.TextField(_("update"), max_length=1000)

    panels = [FieldPanel("date"), FieldPanel("text")]
    api_fields = [APIField("date", writable=True), APIField("text", writable=True)]

    class Meta(Orderable.Meta):
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")


class ActivityEvidence(Orderable):
    """Supporting material (佐证材料): seen by reviewers, never by the public or the public API."""

    page = ParentalKey(ActivityPage, related_name="evidence", on_delete=models.CASCADE)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")


class VideoPage(ShowcaseItemPage):
    """A theme video; each jurisdiction may submit a limited number per campaign."""

    video_file = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_url = models.URLField(
        _("video link"), blank=True, help_text=_("A Douyin or other platform link, if the video is hosted there.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    republished_url = models.URLField(
        _("link on the campaign Douyin account"),
        blank=True,
        help_text=_("Filled in by the organizers once the video is republished on the campaign's Douyin account."),
    )

    subpage_types = []
    parent_page_types = ["showcase.JurisdictionPage"]

    content_panels = CampaignBasePage.content_panels + [
        HelpPanel(template="showcase/panels/rating.html", heading=_("Rating")),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("sectors"), FieldPanel("regions")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                VideoQuotaPanel(),
                FieldPanel("video_file"),
                FieldPanel("external_url"),
                FieldPanel("cover_image"),
            ],
            heading=_("Video"),
        ),
        FieldPanel("republished_url"),
        FieldPanel("keywords"),
    ]

    class Meta:
        verbose_name = _("video page")
        verbose_name_plural = _("video pages")

    def save(self, *args, **kwargs):
        from showcase.filing.quota import claim_video_slot

        creating = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if creating:
                claim_video_slot(self)

    def clean(self):
        super().clean()
        if not self.video_file_id and not self.external_url:
            raise ValidationError({"external_url": _("Upload a video file or give a link to the video.")})
        if self.video_file_id:
            try:
                validate_video_document(self.video_file)
            except ValidationError as error:
                raise ValidationError({"video_file": error.messages}) from error

    def sharing_image(self):
        return self.cover_image or super().sharing_image()
