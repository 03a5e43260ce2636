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
from .review import (
    ItemRating,
    JurisdictionReviewTask,
    JurisdictionReviewTaskState,
    NationalReviewTask,
    NationalReviewTaskState,
    Rating,
    record_rating,
)
from .taxonomy import Region, Sector, ShowcaseItemKeyword, ShowcaseItemRegion, ShowcaseItemSector

__all__ = [
    "ActivityEvidence",
    "ActivityPage",
    "ActivityProgressUpdate",
    "ItemRating",
    "Jurisdiction",
    "JurisdictionPage",
    "JurisdictionReviewTask",
    "JurisdictionReviewTaskState",
    "Liaison",
    "NationalReviewTask",
    "NationalReviewTaskState",
    "Rating",
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
    "record_rating",
]
