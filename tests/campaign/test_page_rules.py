"""Where each page type may be created, and that editors can create them through the admin."""

import datetime

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from assessment.models import AwardsPage
from campaign.models import CampaignHomePage, NewsIndexPage, NewsPage, OfficeHomePage, StandardPage
from showcase.models import ShowcaseIndexPage
from tests.factories import CampaignHomePageFactory, NewsIndexPageFactory, NewsPageFactory


class PageTreeRulesTests(WagtailPageTestCase):
    def test_campaign_home_sits_directly_under_the_tree_root(self):
        self.assertAllowedParentPageTypes(CampaignHomePage, {Page})

    def test_campaign_home_holds_news_standard_showcase_and_awards_pages(self):
        self.assertEqual(
            set(CampaignHomePage.creatable_subpage_models()),
            {NewsIndexPage, StandardPage, ShowcaseIndexPage, AwardsPage},
        )

    def test_news_pages_live_only_in_a_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_standard_pages_nest_under_a_campaign_an_office_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {CampaignHomePage, OfficeHomePage, StandardPage})
        self.assertCanNotCreateAt(NewsIndexPage, StandardPage)

    def test_a_campaign_has_at_most_one_news_index(self):
        campaign = CampaignHomePageFactory(parent=Page.get_first_root_node())
        self.assertTrue(NewsIndexPage.can_create_at(campaign))
        NewsIndexPageFactory(parent=campaign)
        self.assertFalse(NewsIndexPage.can_create_at(campaign))


class EditorCreatesPagesTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.campaign = CampaignHomePageFactory(parent=Page.get_first_root_node())

    def test_editor_creates_a_campaign_with_dates_organizers_and_streams(self):
        root = Page.get_first_root_node()
        data = nested_form_data(
            {
                "title": "2024 节水中国 你我同行",
                "slug": "jieshui-2024",
                "theme": "节约用水，从我做起。",
                "year": 2024,
                "introduction": rich_text("<p>联合行动简介</p>"),
                "filing_opens_on": "2024-03-22",
                "filing_closes_on": "2024-06-30",
                "liaison_deadline": "2024-03-15",
                "summary_deadline": "2024-07-15",
                "launch_starts_at": "2024-03-22 09:00",
                "launch_venue": "北京",
                "organizers": inline_formset([{"role": "host", "name": "全国节约用水办公室"}]),
                "live_streams": inline_formset([{"name": "“节水中国”网站", "url": "https://jieshui.example.cn/live"}]),
                "theme_days": inline_formset([{"name": "世界水日", "starts_on": "2024-03-22", "ends_on": ""}]),
                "contacts": inline_formset([{"responsibility": "主办单位", "name": "李明", "phone": "010-63200001"}]),
            }
        )
        self.assertCanCreate(root, CampaignHomePage, data)
        created = CampaignHomePage.objects.get(slug="jieshui-2024")
        self.assertEqual(created.filing_closes_on, datetime.date(2024, 6, 30))
        self.assertEqual([s.name for s in created.live_streams.all()], ["“节水中国”网站"])

    def test_editor_creates_a_news_page_with_every_body_block(self):
        news_index = NewsIndexPageFactory(parent=self.campaign)
        data = nested_form_data(
            {
                "title": "节水宣传进校园",
                "slug": "schools",
                "date": "2023-03-27",
                "summary": "各地开展节水课堂。",
                "body": streamfield(
                    [
                        ("heading", "活动概况"),
                        ("paragraph", rich_text("<p>节水课堂走进中小学。</p>")),
                        ("quote", {"text": "节约用水，人人有责。", "attribution": "学生代表"}),
                    ]
                ),
                "tags": "进校园, 中国水周",
                "is_bulletin": "",
                "bulletin_issue": "",
            }
        )
        self.assertCanCreate(news_index, NewsPage, data)
        page = NewsPage.objects.get(slug="schools")
        self.assertEqual(sorted(page.tags.names()), ["中国水周", "进校园"])
        self.assertEqual([block.block_type for block in page.body], ["heading", "paragraph", "quote"])

    def test_editor_creates_a_standard_page(self):
        data = nested_form_data(
            {
                "title": "联系我们",
                "slug": "contact",
                "introduction": "联系方式",
                "body": streamfield([("paragraph", rich_text("<p>请发送邮件。</p>"))]),
            }
        )
        self.assertCanCreate(self.campaign, StandardPage, data)

    def test_second_bulletin_with_the_same_issue_number_is_refused_with_the_clash_named(self):
        news_index = NewsIndexPageFactory(parent=self.campaign)
        NewsPageFactory(parent=news_index, title="简报第1期", is_bulletin=True, bulletin_issue=1)
        data = nested_form_data(
            {
                "title": "另一份简报",
                "slug": "another-bulletin",
                "date": "2023-04-01",
                "summary": "简报",
                "body": streamfield([("paragraph", rich_text("<p>内容</p>"))]),
                "tags": "",
                "is_bulletin": "on",
                "bulletin_issue": "1",
                "action-publish": "publish",
            }
        )
        response = self.client.post(f"/admin/pages/add/campaign/newspage/{news_index.pk}/", data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "简报第1期")
        self.assertFalse(NewsPage.objects.filter(slug="another-bulletin").exists())
