import datetime

import factory
import wagtail_factories

from campaign import models


class CampaignHomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"节水宣传联合行动 {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    theme = "推动全社会节约用水，增强全民节水护水意识。"
    year = 2023
    filing_opens_on = datetime.date(2023, 3, 22)
    filing_closes_on = datetime.date(2023, 6, 30)
    liaison_deadline = datetime.date(2023, 3, 17)
    summary_deadline = datetime.date(2023, 7, 15)

    class Meta:
        model = models.CampaignHomePage


class OfficeHomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"五水共治宣传 {n}")
    slug = factory.Sequence(lambda n: f"office-{n}")
    short_name = "治水宣传"

    class Meta:
        model = models.OfficeHomePage


class CampaignOrganizerFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(CampaignHomePageFactory)
    role = models.CampaignOrganizer.Role.HOST
    name = "全国节约用水办公室"

    class Meta:
        model = models.CampaignOrganizer


class LiveStreamChannelFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(CampaignHomePageFactory)
    name = "“中国水事”抖音号"
    url = factory.Sequence(lambda n: f"https://live.example.cn/stream/{n}")

    class Meta:
        model = models.LiveStreamChannel


class ThemeDayFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(CampaignHomePageFactory)
    name = "世界水日"
    starts_on = datetime.date(2023, 3, 22)

    class Meta:
        model = models.ThemeDay


class CampaignContactFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(CampaignHomePageFactory)
    responsibility = "主办单位"
    name = "李明"
    phone = "010-63200001"

    class Meta:
        model = models.CampaignContact


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "新闻动态"
    slug = "news"
    introduction = "联合行动的工作部署与活动进展。"

    class Meta:
        model = models.NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"各地开展节水宣传活动（{n}）")
    slug = factory.Sequence(lambda n: f"news-{n}")
    date = datetime.date(2023, 3, 22)
    summary = "各地水利部门围绕世界水日开展节水主题宣传。"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>节水宣传走进社区和校园。</p>")])

    class Meta:
        model = models.NewsPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "网络专区使用指南"
    slug = factory.Sequence(lambda n: f"guide-{n}")
    introduction = "参与单位如何注册、填报和提交审核。"
    body = factory.LazyFunction(
        lambda: [("heading", "注册与登录"), ("paragraph", "<p>联络员通过邀请链接设置密码。</p>")]
    )

    class Meta:
        model = models.StandardPage
