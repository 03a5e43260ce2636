from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from campaign.blocks import ArticleStreamBlock

from .base import CampaignBasePage

NEWS_PER_PAGE = 10


class NewsIndexPage(RoutablePageMixin, CampaignBasePage):
    """A campaign's news listing; bulletins (简报) are also listed on their own."""

    introduction = models.TextField(_("introduction"), blank=True)

    description_source_field = "introduction"
    parent_page_types = ["campaign.CampaignHomePage", "campaign.OfficeHomePage"]
    subpage_types = ["campaign.NewsPage"]
    max_count_per_parent = 1

    content_panels = CampaignBasePage.content_panels + [FieldPanel("introduction")]
    promote_panels = CampaignBasePage.promote_panels + [FieldPanel("listing_image")]

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def news(self):
        return (
            NewsPage.objects.live()
            .public()
            .child_of(self)
            .select_related("listing_image")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )

    def bulletins(self):
        return self.news().filter(is_bulletin=True).order_by("-bulletin_issue")

    def tags_in_use(self):
        return (
            Tag.objects.filter(campaign_newspagetag_items__content_object__in=self.news()).distinct().order_by("name")
        )

    def _listing(self, request, items, **extra):
        page_obj = Paginator(items, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"news_page": page_obj, **extra})

    @path("")
    def news_listing(self, request):
        items = self.news()
        # NUL never names a tag, and PostgreSQL refuses it in a query.
        tag = request.GET.get("tag", "").replace("\x00", "").strip()
        if tag:
            items = items.filter(tags__name=tag)
        return self._listing(
            request,
            items,
            current_tag=tag,
            pagination_query=urlencode({"tag": tag}) if tag else "",
            showing_bulletins=False,
        )

    @path("bulletins/", name="bulletins")
    def bulletin_listing(self, request):
        return self._listing(request, self.bulletins(), current_tag="", pagination_query="", showing_bulletins=True)

    def get_cached_paths(self):
        """Both listings, for the shared cache's purge (``wagtail.contrib.frontend_cache``)."""
        return ["/", "/" + self.reverse_subpage("bulletins")]


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("campaign.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")


class NewsPageForm(WagtailAdminPageForm):
    """Checks that need the page's place in the tree, which the model does not know yet on creation."""

    def clean(self):
        cleaned_data = super().clean()
        issue = cleaned_data.get("bulletin_issue")
        if cleaned_data.get("is_bulletin") and issue:
            parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
            clash = NewsPage.objects.child_of(parent).filter(is_bulletin=True, bulletin_issue=issue)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            existing = clash.first()
            if existing:
                self.add_error(
                    "bulletin_issue",
                    _("Bulletin issue %(number)s already exists: “%(title)s”. Choose another issue number.")
                    % {"number": issue, "title": existing.title},
                )
        return cleaned_data


class NewsPage(CampaignBasePage):
    """A news item; marked as a bulletin it becomes a numbered issue of the campaign bulletin (简报)."""

    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences for listings and link previews.")
    )
    body = StreamField(ArticleStreamBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    is_bulletin = models.BooleanField(
        _("bulletin issue"),
        default=False,
        help_text=_("Publish this item as an issue of the campaign bulletin (简报)."),
    )
    bulletin_issue = models.PositiveIntegerField(_("bulletin issue number"), null=True, blank=True)

    description_source_field = "summary"
    base_form_class = NewsPageForm
    parent_page_types = ["campaign.NewsIndexPage"]
    subpage_types = []

    search_fields = CampaignBasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("is_bulletin"),
    ]

    content_panels = CampaignBasePage.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("listing_image")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("is_bulletin"), FieldPanel("bulletin_issue")])],
            heading=_("Bulletin"),
        ),
        FieldPanel("tags"),
    ]

    class Meta:
        verbose_name = _("news page")
        verbose_name_plural = _("news pages")

    def clean(self):
        super().clean()
        if self.is_bulletin and not self.bulletin_issue:
            raise ValidationError({"bulletin_issue": _("A bulletin needs its issue number.")})
        if self.bulletin_issue and not self.is_bulletin:
            raise ValidationError({"is_bulletin": _("Tick “bulletin issue” or clear the issue number.")})
