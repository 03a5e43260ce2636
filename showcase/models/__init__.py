from .directory import Jurisdiction, Liaison, Unit, UnitMember
from .pages import (
    ActivityEvidence,
    ActivityPage,
    ActivityProgressUpdate,
    JurisdictionPage,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    VideoPage,
)
from .placement import RecommendedSlot, ShortLink, VideoQuotaSlot
from .taxonomy import Region, Sector, ShowcaseItemKeyword, ShowcaseItemRegion, ShowcaseItemSector

__all__ = [
    "ActivityEvidence",
    "ActivityPage",
    "ActivityProgressUpdate",
    "Jurisdiction",
    "JurisdictionPage",
    "Liaison",
    "RecommendedSlot",
    "Region",
    "Sector",
    "ShortLink",
    "ShowcaseIndexPage",
    "ShowcaseItemKeyword",
    "ShowcaseItemPage",
    "ShowcaseItemRegion",
    "ShowcaseItemSector",
    "Unit",
    "UnitMember",
    "VideoPage",
    "VideoQuotaSlot",
]
