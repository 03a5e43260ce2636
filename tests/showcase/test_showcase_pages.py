"""The showcase page tree, validation of activities and videos, and what their public pages show."""

import datetime

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from campaign.models import CampaignHomePage, NewsIndexPage
from showcase.models import (
    ActivityPage,
    ActivityProgressUpdate,
    JurisdictionPage,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    VideoPage,
)
from tests.factories import (
    ActivityPageFactory,
    CampaignHomePageFactory,
    JurisdictionFactory,
    SectorFactory,
    ShowcaseIndexPageFactory,
    VideoPageFactory,
)

from .conftest import reload


class ShowcaseTreeRulesTests(WagtailPageTestCase):
    def test_showcase_index_lives_once_under_a_campaign(self):
        self.assertAllowedParentPageTypes(ShowcaseIndexPage, {CampaignHomePage})
        self.assertAllowedSubpageTypes(ShowcaseIndexPage, {JurisdictionPage})
        campaign = CampaignHomePageFactory(parent=Page.get_first_root_node())
        ShowcaseIndexPageFactory(parent=campaign)
        self.assertFalse(ShowcaseIndexPage.can_create_at(campaign))

    def test_items_live_only_under_a_jurisdiction_page(self):
        self.assertAllowedParentPageTypes(ActivityPage, {JurisdictionPage})
        self.assertAllowedParentPageTypes(VideoPage, {JurisdictionPage})
        self.assertAllowedSubpageTypes(JurisdictionPage, {ActivityPage, VideoPage})
        self.assertCanNotCreateAt(NewsIndexPage, ActivityPage)

    def test_the_shared_item_base_cannot_be_created_on_its_own(self):
        self.assertFalse(ShowcaseItemPage.is_creatable)


pytestmark = pytest.mark.django_db


def test_item_takes_its_jurisdiction_from_its_place_in_the_tree(hebei, shanxi):
    activity = ActivityPageFactory(parent=hebei)
    assert activity.jurisdiction == hebei.jurisdiction
    activity.move(shanxi, pos="last-child")
    assert reload(activity).jurisdiction == shanxi.jurisdiction


def test_activity_cannot_end_before_it_starts(hebei):
    activity = ActivityPageFactory(parent=hebei)
    activity.ends_on = datetime.date(2023, 3, 1)
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "ends_on" in error.value.message_dict


def test_activity_must_fall_in_the_campaign_year(hebei):
    activity = ActivityPageFactory(parent=hebei)
    activity.starts_on = datetime.date(2022, 12, 30)
    activity.ends_on = datetime.date(2024, 1, 2)
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert {"starts_on", "ends_on"} <= set(error.value.message_dict)
    assert "2023" in error.value.message_dict["starts_on"][0]


def test_activity_summary_cannot_be_blank(hebei):
    activity = ActivityPageFactory(parent=hebei)
    activity.summary = "   "
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "summary" in error.value.message_dict


def test_video_needs_a_file_or_a_link(hebei):
    video = VideoPageFactory(parent=hebei)
    video.external_url = ""
    with pytest.raises(ValidationError) as error:
        video.full_clean()
    assert "external_url" in error.value.message_dict


def test_video_file_must_be_a_video(hebei):
    video = VideoPageFactory(parent=hebei)
    video.video_file = wagtail_factories.DocumentFactory(title="活动通知", file__filename="notice.pdf")
    with pytest.raises(ValidationError) as error:
        video.full_clean()
    assert "video_file" in error.value.message_dict


def test_one_page_per_jurisdiction_in_a_showcase(admin_client, showcase, hebei):
    response = admin_client.post(
        f"/admin/pages/add/showcase/jurisdictionpage/{showcase.pk}/",
        {"title": "河北（重复）", "slug": "hebei-2", "jurisdiction": hebei.jurisdiction.pk, "introduction": ""},
    )
    assert response.status_code == 200
    assert "已有页面" in response.content.decode() or "already has a page" in response.content.decode()
    assert JurisdictionPage.objects.count() == 1


def test_activity_page_shows_its_facts_progress_and_share_panel(client, hebei):
    water = SectorFactory(name="教育", slug="education")
    activity = ActivityPageFactory(parent=hebei, title="节水宣传进校园", participant_count=320)
    activity.sectors.add(water)
    activity.progress_updates = [
        ActivityProgressUpdate(date=datetime.date(2023, 3, 22), text="启动报名"),
        ActivityProgressUpdate(date=datetime.date(2023, 4, 2), text="完成第一场讲座"),
    ]
    activity.save_revision().publish()

    soup = BeautifulSoup(client.get(activity.url).content, "html.parser")
    text = soup.get_text(" ", strip=True)
    assert soup.find("h1").get_text() == "节水宣传进校园"
    assert activity.unit.name in text and "教育" in text and "320" in text
    progress = [item.get_text(" ", strip=True) for item in soup.select(".progress li")]
    assert progress[0].endswith("完成第一场讲座") and progress[1].endswith("启动报名")
    short_url = soup.find("input", id="share-short")["value"]
    assert short_url.startswith("http://testserver/s/")
    assert soup.select_one(".share__qr svg") is not None
    assert soup.find("meta", property="og:url")["content"] == f"http://testserver{activity.url}"
    assert soup.find("link", rel="canonical")["href"] == f"http://testserver{activity.url}"


def test_draft_items_are_not_public(client, hebei):
    draft = ActivityPageFactory(parent=hebei, live=False, title="尚未审核的活动")
    assert client.get(f"/zone/hebei/{draft.slug}/").status_code == 404
    assert "尚未审核的活动" not in client.get("/zone/").content.decode()


def test_jurisdiction_page_lists_only_its_own_items(client, hebei, shanxi):
    ActivityPageFactory(parent=hebei, title="河北的活动")
    ActivityPageFactory(parent=shanxi, title="山西的活动")
    html = client.get("/zone/hebei/").content.decode()
    assert "河北的活动" in html
    assert "山西的活动" not in html


def test_creating_a_jurisdiction_creates_its_groups():
    jurisdiction = JurisdictionFactory(short_name="河南", code="henan")
    jurisdiction.refresh_from_db()
    assert "河南" in jurisdiction.moderators.name
    assert "河南" in jurisdiction.submitters.name
    assert jurisdiction.moderators.permissions.filter(codename="access_admin").exists()
