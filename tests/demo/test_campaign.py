"""The demo builds this year's open campaign, the 2023 one as history and the city office's site, once."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from assessment.models import PointsTablePage
from campaign.models import CampaignHomePage, NewsPage, OfficeHomePage, StandardPage
from demo.content import campaign as content
from showcase.models import ShowcaseItemPage

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


def test_demo_builds_the_2023_campaign_from_the_domain_facts_as_history_on_its_own_site(client):
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
    site = Site.objects.get(root_page=campaign)
    assert (site.hostname, site.port, site.is_default_site) == ("2023.localhost", 8000, False)
    news = NewsPage.objects.live().descendant_of(campaign)
    assert news.count() >= 12
    assert news.filter(is_bulletin=True).count() == len(content.BULLETINS)
    assert StandardPage.objects.live().child_of(campaign).filter(slug="guide").exists()
    assert "admin" in output and "/admin/" in output and "http://2023.localhost:8000/" in output
    assert "http://2023.localhost:8000/zone/dashboard/" in output, "the demo names both campaigns' dashboards"
    home = client.get("/", HTTP_HOST="2023.localhost:8000")
    assert home.status_code == 200 and home.context["page"].pk == campaign.pk
    for page in news[:3]:
        assert client.get(page.url, HTTP_HOST="2023.localhost:8000").status_code == 200


def test_demo_serves_this_years_campaign_open_for_filing_today_beside_the_2023_one(client):
    _run_demo()
    today = timezone.localdate()
    current = CampaignHomePage.objects.get(slug=f"jieshui-{today.year}")
    assert current.year == today.year and current.filing_is_open(today)
    assert current.filing_opens_on <= today - datetime.timedelta(days=7)
    assert current.filing_closes_on >= today + datetime.timedelta(days=7)
    assert current.filing_closes_on.year == today.year or current.filing_closes_on <= today + datetime.timedelta(days=7)
    assert Site.objects.get(is_default_site=True).root_page_id == current.pk
    assert ShowcaseItemPage.objects.live().descendant_of(current).exists()

    html = client.get("/").content.decode()
    # Both campaigns are listed side by side, the 2023 one linking to its own site.
    assert current.title in html and "http://2023.localhost:8000/" in html
    listed = client.get("/api/v3/campaigns/").json()
    assert [(entry["year"], entry["filing_status"]) for entry in listed] == [(today.year, "open"), (2023, "closed")]
    # Each campaign's zone holds its own items.
    zone = client.get("/zone/")
    assert zone.status_code == 200
    history_items = ShowcaseItemPage.objects.live().descendant_of(CampaignHomePage.objects.get(slug="jieshui-2023"))
    assert history_items.exists()
    assert all(item.title not in zone.content.decode() for item in history_items[:20])


def test_demo_gives_the_citys_office_its_own_site_bulletins_and_published_points_table(client):
    _run_demo()
    office = OfficeHomePage.objects.get()
    site = Site.objects.get(root_page=office)
    assert site.hostname == "wushui.localhost"
    host = {"HTTP_HOST": "wushui.localhost:8000"}

    home = client.get("/", **host)
    html = home.content.decode()
    assert home.status_code == 200 and "scheme-river" in html
    assert "舟山治水" in html and "节水中国" not in html
    bulletins = NewsPage.objects.live().descendant_of(office).filter(is_bulletin=True)
    assert bulletins.count() == 6
    bulletin = client.get(bulletins.first().url, **host).content.decode()
    assert "舟山治水" in bulletin and "节水中国" not in bulletin

    table_page = PointsTablePage.objects.live().get(period__points_published=True)
    table = client.get(table_page.url, **host)
    assert table.status_code == 200 and table.context["table"]
    assert "舟山市定海区五水共治办" in table.content.decode()
    # The national site's old address of the table sends the visitor to the office's own site.
    moved = client.get(f"/assessment/points/{table_page.period_id}/")
    assert moved.status_code == 302 and moved["Location"] == "http://wushui.localhost:8000/points/"


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
