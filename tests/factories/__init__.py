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
from .showcase import (
    ActivityPageFactory,
    JurisdictionFactory,
    JurisdictionPageFactory,
    LiaisonFactory,
    RegionFactory,
    SectorFactory,
    ShowcaseIndexPageFactory,
    UnitFactory,
    UnitMemberFactory,
    UserFactory,
    VideoPageFactory,
)

__all__ += [
    "ActivityPageFactory",
    "JurisdictionFactory",
    "JurisdictionPageFactory",
    "LiaisonFactory",
    "RegionFactory",
    "SectorFactory",
    "ShowcaseIndexPageFactory",
    "UnitFactory",
    "UnitMemberFactory",
    "UserFactory",
    "VideoPageFactory",
]
