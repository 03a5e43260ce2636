from django.db import models, transaction
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from campaign.slugs import available_slug


class SiteHomeMixin:
    """A page that is the home of a public site: a campaign, or a standing publicity office.

    Its descendants take their site header, navigation and footer from it, so
    a city's office never appears under a national campaign's name.
    """

    is_site_home = True
    brand_mark = "campaign/img/drop.svg"

    def brand_name(self):
        """The name beside the mark in the site header."""
        return self.title

    @cached_property
    def news_index(self):
        from .news import NewsIndexPage

        return NewsIndexPage.objects.child_of(self).live().first()

    def latest_news(self, count=6):
        """The newest public news and bulletins of the site, for its home page."""
        from .news import NewsPage

        return (
            NewsPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("listing_image")
            .order_by("-date", "-pk")[:count]
        )


class CampaignBasePage(Page):
    """Behaviour shared by every public page of a campaign.

    Sharing a link on WeChat or a news portal shows a preview built from the
    page's Open Graph tags, so every page can say what its description and
    image are, falling back to its own summary and to the campaign's hero image.
    """

    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing and sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in listings and in link previews when the page is shared."),
    )

    description_source_field = None

    class Meta:
        abstract = True

    def add_child(self, **kwargs):
        """Add children one at a time per parent, each new one with a link no sibling uses.

        On a campaign day many units of one jurisdiction file at once, through
        the admin, the API and bulk sheets. Two creates that read the parent
        together would pick the same tree position or the same slug (two units
        filing "世界水日宣传活动" in the same second), and the second would fail
        with a server error. Locking the parent's row makes them take turns;
        a slug taken meanwhile becomes the next free one, as the form would
        have chosen a moment later.
        """
        with transaction.atomic():
            self.numchild = Page.objects.select_for_update().values_list("numchild", flat=True).get(pk=self.pk)
            child = kwargs.get("instance")
            if child is not None and child.pk is None and child.slug:
                child.slug = available_slug(child.slug, self)
            return super().add_child(**kwargs)

    @classmethod
    def get_indexed_objects(cls):
        """Only what the public may see is indexed: live pages with no view restriction.

        The index is read by the public search, so a draft or a restricted page
        in it would be one query away from leaking. ``search.sync`` removes a
        page when it is unpublished or restricted later.
        """
        return super().get_indexed_objects().live().public()

    @cached_property
    def campaign(self):
        """The campaign this page belongs to, with its hero image: every public page shares that image."""
        from .home import CampaignHomePage

        if isinstance(self, CampaignHomePage):
            return self
        return CampaignHomePage.objects.ancestor_of(self).select_related("hero_image").last()

    @cached_property
    def site_home(self):
        """The campaign or office whose header, navigation and footer this page is shown with.

        A campaign's page finds it through ``campaign`` (which the page needs
        anyway), so the site's frame costs no query of its own.
        """
        if getattr(self, "is_site_home", False):
            return self
        if self.campaign is not None:
            return self.campaign
        from .office import OfficeHomePage

        return OfficeHomePage.objects.ancestor_of(self).last()

    def meta_description(self):
        text = self.search_description
        if not text and self.description_source_field:
            text = strip_tags(str(getattr(self, self.description_source_field) or ""))
        return Truncator(" ".join(text.split())).chars(150)

    def sharing_image(self):
        if self.listing_image_id:
            return self.listing_image
        campaign = self.campaign
        return campaign.hero_image if campaign else None
