"""Factories for the assessment models: periods with their bodies and quotas, coverage, awards and judging.

Rows that the product creates through a service (an assessed body's officers
group) are made by that service, so a factory never builds a state the
product could not reach.
"""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from wagtail.models import Page

from assessment import models
from assessment.access import ensure_body_officers

from .campaign import CampaignHomePageFactory
from .showcase import JurisdictionFactory, UnitFactory, UserFactory


class OutletTierFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"媒体层级{n}")
    points = Decimal("1")
    sort_order = factory.Sequence(lambda n: 100 + n)

    class Meta:
        model = models.OutletTier


class AssessmentPeriodFactory(factory.django.DjangoModelFactory):
    """A calendar year's period; ``bodies={unit: kind}`` and ``quotas={kind: (wechat, bulletin)}`` add its rows."""

    year = 2022
    name = factory.LazyAttributeSequence(lambda period, n: f"{period.year}年宣传考核{n or ''}")
    starts_on = factory.LazyAttribute(lambda period: datetime.date(period.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda period: datetime.date(period.year, 12, 31))
    bonus_cap = Decimal("10")

    class Meta:
        model = models.AssessmentPeriod
        skip_postgeneration_save = True

    @factory.post_generation
    def bodies(self, create, extracted, **kwargs):
        for unit, kind in (extracted or {}).items():
            AssessedBodyFactory(period=self, unit=unit, kind=kind)

    @factory.post_generation
    def quotas(self, create, extracted, **kwargs):
        for kind, (wechat, bulletin) in (extracted or {}).items():
            PeriodQuotaFactory(period=self, kind=kind, wechat_minimum=wechat, bulletin_minimum=bulletin)


class AssessedBodyFactory(factory.django.DjangoModelFactory):
    period = factory.SubFactory(AssessmentPeriodFactory)
    unit = factory.SubFactory(UnitFactory)
    kind = models.BodyKind.COUNTY

    class Meta:
        model = models.AssessedBody


class PeriodQuotaFactory(factory.django.DjangoModelFactory):
    period = factory.SubFactory(AssessmentPeriodFactory)
    kind = models.BodyKind.COUNTY
    wechat_minimum = 3
    bulletin_minimum = 1

    class Meta:
        model = models.PeriodQuota


class BodyOfficersFactory(factory.django.DjangoModelFactory):
    """An assessed body's officers group, made as the product makes it (group, permissions, evidence collection)."""

    unit = factory.SubFactory(UnitFactory)

    class Meta:
        model = models.BodyOfficers

    @classmethod
    def _create(cls, model_class, unit):
        return ensure_body_officers(unit)


class CoverageRecordFactory(factory.django.DjangoModelFactory):
    """A recorded story of an assessed body, saved as a draft never submitted (``live=False``, no points)."""

    period = factory.SubFactory(AssessmentPeriodFactory)
    unit = factory.LazyAttribute(lambda record: AssessedBodyFactory(period=record.period).unit)
    tier = factory.SubFactory(OutletTierFactory)
    outlet = "舟山日报"
    headline = factory.Sequence(lambda n: f"治水报道第{n}篇")
    published_on = factory.LazyAttribute(lambda record: datetime.date(record.period.year, 5, 10))
    url = factory.Sequence(lambda n: f"https://news.example.cn/{n}.html")
    live = False

    class Meta:
        model = models.CoverageRecord


class PointsTablePageFactory(wagtail_factories.PageFactory):
    title = "宣传工作考核积分表"
    slug = "points"
    period = factory.SubFactory(AssessmentPeriodFactory)

    class Meta:
        model = models.PointsTablePage


class AwardsPageFactory(wagtail_factories.PageFactory):
    title = "评优结果"
    slug = "awards"
    introduction = "节水宣传联合行动的优秀组织单位、优秀活动和最佳视频。"

    class Meta:
        model = models.AwardsPage


class AwardCategoryFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignHomePageFactory, parent=factory.LazyFunction(Page.get_first_root_node))
    kind = models.AwardKind.ORGANIZING_UNIT
    name = "优秀组织单位"
    places = 2

    class Meta:
        model = models.AwardCategory


class NominationFactory(factory.django.DjangoModelFactory):
    """An organizing unit's nomination; pass ``item=`` (and a category of its kind) for an activity or video."""

    category = factory.SubFactory(AwardCategoryFactory)
    unit = factory.SubFactory(UnitFactory)
    reason = "组织有力"

    class Meta:
        model = models.Nomination


class SummaryMaterialFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignHomePageFactory, parent=factory.LazyFunction(Page.get_first_root_node))
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    title = "推优材料"
    document = factory.SubFactory(wagtail_factories.DocumentFactory)

    class Meta:
        model = models.SummaryMaterial


class ReviewRoundFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignHomePageFactory, parent=factory.LazyFunction(Page.get_first_root_node))

    class Meta:
        model = models.ReviewRound
        django_get_or_create = ("campaign",)


class ReviewCriterionFactory(factory.django.DjangoModelFactory):
    round = factory.SubFactory(ReviewRoundFactory)
    code = factory.Sequence(lambda n: f"criterion-{n}")
    name = factory.Sequence(lambda n: f"评审标准{n}")
    max_score = 25

    class Meta:
        model = models.ReviewCriterion


class ExpertAssignmentFactory(factory.django.DjangoModelFactory):
    nomination = factory.SubFactory(NominationFactory)
    expert = factory.SubFactory(UserFactory)

    class Meta:
        model = models.ExpertAssignment


class ExpertScoreFactory(factory.django.DjangoModelFactory):
    assignment = factory.SubFactory(ExpertAssignmentFactory)
    criterion = factory.SubFactory(ReviewCriterionFactory)
    value = Decimal("20")

    class Meta:
        model = models.ExpertScore


class CertificateFactory(factory.django.DjangoModelFactory):
    nomination = factory.SubFactory(NominationFactory)
    recipient = factory.LazyAttribute(lambda certificate: certificate.nomination.candidate_name)
    award = factory.LazyAttribute(lambda certificate: certificate.nomination.category.name)
    campaign_title = factory.LazyAttribute(lambda certificate: certificate.nomination.category.campaign.title)
    issuer = "全国节约用水办公室"
    issued_on = datetime.date(2023, 12, 1)

    class Meta:
        model = models.Certificate
