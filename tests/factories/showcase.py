import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from showcase import models


class SectorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"行业{n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")

    class Meta:
        model = models.Sector
        django_get_or_create = ("slug",)


class RegionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"地区{n}")
    slug = factory.Sequence(lambda n: f"region-{n}")

    class Meta:
        model = models.Region
        django_get_or_create = ("slug",)


class JurisdictionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"第{n}省水利厅")
    short_name = factory.Sequence(lambda n: f"辖区{n}")
    code = factory.Sequence(lambda n: f"jurisdiction-{n}")
    kind = models.Jurisdiction.Kind.PROVINCE

    class Meta:
        model = models.Jurisdiction
        django_get_or_create = ("code",)


class UnitFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"节水宣传单位{n}")
    jurisdiction = factory.SubFactory(JurisdictionFactory)

    class Meta:
        model = models.Unit


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)
        if create:
            self.save()


class UnitMemberFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)

    class Meta:
        model = models.UnitMember


class LiaisonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"联络员{n}")
    unit = factory.SubFactory(UnitFactory)
    title = "科长"
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.Sequence(lambda n: f"liaison{n}@example.cn")

    class Meta:
        model = models.Liaison


class ShowcaseIndexPageFactory(wagtail_factories.PageFactory):
    title = "网络专区"
    slug = "zone"

    class Meta:
        model = models.ShowcaseIndexPage


class JurisdictionPageFactory(wagtail_factories.PageFactory):
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    title = factory.LazyAttribute(lambda page: page.jurisdiction.name)
    slug = factory.LazyAttribute(lambda page: page.jurisdiction.code)

    class Meta:
        model = models.JurisdictionPage


class ActivityPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"节水宣传进校园活动{n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    summary = "组织学生参观节水教育基地，开展节水知识竞赛。"
    starts_on = datetime.date(2023, 3, 22)
    ends_on = datetime.date(2023, 3, 28)
    venue = "石家庄市第一中学"
    unit = factory.LazyAttribute(lambda page: UnitFactory(jurisdiction=page.parent.specific.jurisdiction))

    class Meta:
        model = models.ActivityPage


class VideoPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"节水主题宣传片{n}")
    slug = factory.Sequence(lambda n: f"video-{n}")
    summary = "一分钟了解家庭节水小窍门。"
    external_url = factory.Sequence(lambda n: f"https://www.douyin.com/video/{7000000000 + n}")
    unit = factory.LazyAttribute(lambda page: UnitFactory(jurisdiction=page.parent.specific.jurisdiction))

    class Meta:
        model = models.VideoPage
