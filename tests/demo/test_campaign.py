"""The demo command builds the 2023 campaign once and reuses it on every later run."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from campaign.models import CampaignHomePage, NewsPage, StandardPage
from demo.content import campaign as content

pytestmark = pytest.mark.django_db


def _run_demo():
    out, err = io.StringIO(), io.StringIO()
    # A small showcase keeps these campaign tests quick; the showcase tests cover its size.
    call_command("campaign_demo", activities=40, stdout=out, stderr=err)
    return out.getvalue()


def _counts():
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "revisions": NewsPage.objects.first().revisions.count(),
    }


def test_demo_builds_the_campaign_from_the_domain_facts(client):
    output = _run_demo()
    campaign = CampaignHomePage.objects.get(slug="jieshui-2023")
    assert campaign.live
    assert campaign.filing_opens_on == datetime.date(2023, 3, 22)
    assert campaign.filing_closes_on == datetime.date(2023, 6, 30)
    assert campaign.liaison_deadline == datetime.date(2023, 3, 17)
    assert campaign.summary_deadline == datetime.date(2023, 7, 15)
    assert [o.name for o in campaign.organizers.all()] == [
        "全国节约用水办公室",
        "中国水利报社",
        "北京乐水文化传播有限公司",
    ]
    assert campaign.live_streams.count() == 3
    assert Site.objects.get(is_default_site=True).root_page_id == campaign.pk
    news = NewsPage.objects.live().descendant_of(campaign)
    assert news.count() >= 12
    assert news.filter(is_bulletin=True).count() == len(content.BULLETINS)
    assert StandardPage.objects.live().child_of(campaign).filter(slug="guide").exists()
    assert "admin" in output and "/admin/" in output
    assert client.get("/").status_code == 200
    for page in news[:3]:
        assert client.get(page.url).status_code == 200


def test_demo_news_is_real_chinese_text_not_placeholder():
    _run_demo()
    for page in NewsPage.objects.all():
        text = page.title + page.summary + str(page.body)
        assert "lorem" not in text.lower()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in page.summary)


def test_running_the_demo_again_duplicates_nothing():
    _run_demo()
    before = _counts()
    _run_demo()
    assert _counts() == before


def test_demo_contacts_publish_no_mobile_numbers(client):
    _run_demo()
    html = client.get("/").content.decode()
    import re

    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", html)
