"""Factories for every model of ours, shared by the whole suite."""

from .campaign import (
    CampaignContactFactory,
    CampaignHomePageFactory,
    CampaignOrganizerFactory,
    LiveStreamChannelFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    ThemeDayFactory,
)

__all__ = [
    "CampaignContactFactory",
    "CampaignHomePageFactory",
    "CampaignOrganizerFactory",
    "LiveStreamChannelFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "StandardPageFactory",
    "ThemeDayFactory",
]
