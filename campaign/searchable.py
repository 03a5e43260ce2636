"""What the campaign app tells the search service: news items, the campaign root page, its public models.

Search imports none of our apps; it learns here that news pages are found
beside the showcase's items, that a search scoped to a campaign is a search
below its ``CampaignHomePage``, and that saving any of this app's models
changes what the public sees. Registered from ``CampaignConfig.ready``.
"""

from django.apps import apps
from django.utils.translation import pgettext_lazy

from campaign.models import CampaignHomePage, ContentGeneration, NewsPage
from search.registry import (
    Campaigns,
    Dependency,
    ItemType,
    register_campaigns,
    register_dependency,
    register_public_models,
    register_type,
)


def news_cards(ids):
    """News pages of ``ids`` with the image a result card shows."""
    return NewsPage.objects.filter(pk__in=ids).select_related("listing_image")


def register():
    register_type(
        ItemType(
            key="news",
            model=NewsPage,
            label=pgettext_lazy("search result type", "News"),
            load_cards=news_cards,
            body_fields=("body",),
        )
    )
    register_campaigns(Campaigns(CampaignHomePage, label=pgettext_lazy("search facet", "Campaign")))
    # The generation counts changes; counting its own would never stop.
    register_public_models(
        *[model for model in apps.get_app_config("campaign").get_models() if model is not ContentGeneration]
    )
    # A campaign's title and slug name the campaign facet.
    register_dependency(Dependency(CampaignHomePage, shapes_facets=True))
