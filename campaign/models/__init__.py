from .base import CampaignBasePage
from .creation import PageCreation
from .documents import CampaignDocument
from .exports import Export
from .freshness import ContentGeneration
from .home import CampaignContact, CampaignHomePage, CampaignOrganizer, FilingStatus, LiveStreamChannel, ThemeDay
from .news import NewsIndexPage, NewsPage, NewsPageForm, NewsPageTag
from .office import ColourScheme, OfficeHomePage
from .standard import StandardPage

__all__ = [
    "CampaignBasePage",
    "CampaignContact",
    "CampaignDocument",
    "CampaignHomePage",
    "CampaignOrganizer",
    "ColourScheme",
    "ContentGeneration",
    "Export",
    "FilingStatus",
    "LiveStreamChannel",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageForm",
    "NewsPageTag",
    "OfficeHomePage",
    "PageCreation",
    "StandardPage",
    "ThemeDay",
]
