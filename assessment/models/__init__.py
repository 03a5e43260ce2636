from .awards import AwardCategory, AwardKind, Nomination, SummaryMaterial
from .certificates import Certificate
from .coverage import CoverageRecord
from .judging import ExpertAssignment, ExpertScore, ReviewCriterion, ReviewRound
from .outlets import OutletTier
from .pages import AwardsPage, PointsTablePage
from .periods import AssessedBody, AssessmentPeriod, BodyKind, BodyOfficers, PeriodQuota
from .verification import CoverageVerificationTask

__all__ = [
    "AssessedBody",
    "AssessmentPeriod",
    "AwardCategory",
    "AwardKind",
    "AwardsPage",
    "BodyKind",
    "BodyOfficers",
    "Certificate",
    "CoverageRecord",
    "CoverageVerificationTask",
    "ExpertAssignment",
    "ExpertScore",
    "Nomination",
    "OutletTier",
    "PeriodQuota",
    "PointsTablePage",
    "ReviewCriterion",
    "ReviewRound",
    "SummaryMaterial",
]
