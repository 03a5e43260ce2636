"""What the public sees: each page type renders, in Chinese, with sharing meta tags."""

import datetime

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from tests.factories import (
    CampaignContactFactory,
    CampaignOrganizerFactory,
    LiveStreamChannelFactory,
    NewsPageFactory,
    StandardPageFactory,
    ThemeDayFactory,
)

pytestmark = pytest.mark.django_db


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_campaign_home_shows_theme_dates_launch_streams_and_contacts(client, campaign):
    CampaignOrganizerFactory(page=campaign, role="organizer", name="中国水利报社")
    LiveStreamChannelFactory(page=campaign, name="河北新闻网", url="https://news.example.cn/live")
    ThemeDayFactory(
        page=campaign, name="中国水周", starts_on=datetime.date(2023, 3, 22), ends_on=datetime.date(2023, 3, 28)
    )
    CampaignContactFactory(page=campaign, name="王芳", phone="010-63200002")
    campaign.launch_starts_at = datetime.datetime(2023, 3, 22, 1, 0, tzinfo=datetime.UTC)
    campaign.launch_venue = "河北省石家庄市"
    campaign.save_revision().publish()

    soup = _soup(client.get("/"))
    text = soup.get_text(" ", strip=True)
    assert soup.html["lang"] == "zh-CN"
    assert "推动全社会节约用水" in text
    assert "2023年3月22日 09:00" in text, "launch time is shown in Beijing time"
    assert "河北省石家庄市" in text
    assert "承办单位" in text and "中国水利报社" in text
    assert "中国水周" in text and "3月22日–3月28日" in text
    assert "王芳" in text and "010-63200002" in text
    stream = soup.find("a", string="河北新闻网")
    assert stream["href"] == "https://news.example.cn/live"
    assert soup.select_one(".stream__qr svg") is not None
    timeline = [item.get_text(" ", strip=True) for item in soup.select(".timeline li")]
    assert timeline[0].startswith("3月17日") and timeline[-1].startswith("7月15日")


def test_pages_have_landmarks_and_a_skip_link(client, campaign):
    soup = _soup(client.get("/"))
    assert soup.find("main", id="main") is not None
    assert soup.find("header", attrs={"role": "banner"}) is not None
    assert soup.find("footer", attrs={"role": "contentinfo"}) is not None
    assert soup.find("nav") is not None
    assert soup.find("a", class_="skip-link")["href"] == "#main"


def test_interface_is_chinese_even_for_an_english_browser(client, campaign):
    soup = _soup(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert "关键日期" in soup.get_text()
    assert soup.html["lang"] == "zh-CN"


def test_visitor_can_switch_to_english_by_address(client, campaign):
    """The switch is a link to the same page under /en/; no cookie is set, and the Chinese address stays Chinese."""
    home = _soup(client.get("/"))
    switch = home.find("nav", class_="language-switch").find("a", hreflang="en")
    assert switch["href"] == "/en/"
    response = client.get(switch["href"])
    assert not response.cookies
    soup = _soup(response)
    assert "Key dates" in soup.get_text()
    assert soup.html["lang"] == "en"
    assert soup.find("nav", class_="language-switch").find("a", hreflang="zh-hans")["href"] == "/"
    assert soup.html["lang"] == "en"
    assert _soup(client.get("/")).html["lang"] == "zh-CN"


def test_hreflang_links_name_both_languages_of_a_page(client, news_index):
    page = NewsPageFactory(parent=news_index, title="节水宣传进校园", slug="schools")
    for address in (page.url, "/en" + page.url):
        response = client.get(address)
        assert response.status_code == 200, address
        alternates = {link["hreflang"]: link["href"] for link in _soup(response).find_all("link", rel="alternate")}
        assert alternates["zh-Hans"] == f"http://testserver{page.url}"
        assert alternates["en"] == f"http://testserver/en{page.url}"


def test_campaign_home_sharing_tags_use_the_hero_image(client, campaign):
    campaign.hero_image = wagtail_factories.ImageFactory(title="主视觉", file__width=1600, file__height=900)
    campaign.search_description = "全民节水护水"
    campaign.save_revision().publish()
    soup = _soup(client.get("/"))
    assert _meta(soup, "description") == "全民节水护水"
    assert _meta(soup, "og:title") == "节水中国 你我同行"
    assert _meta(soup, "og:url") == "http://testserver/"
    assert _meta(soup, "og:image").startswith("http://testserver/")
    assert _meta(soup, "og:image:width") == "1200"
    assert _meta(soup, "twitter:card") == "summary_large_image"


def test_news_page_renders_body_blocks_and_article_meta(client, news_index):
    image = wagtail_factories.ImageFactory()
    document = wagtail_factories.DocumentFactory(title="活动通知")
    page = NewsPageFactory(
        parent=news_index,
        title="节水宣传进校园",
        slug="schools",
        summary="各地开展节水课堂。",
        body=[
            ("heading", "活动概况"),
            ("paragraph", "<p>节水课堂走进中小学。</p>"),
            ("image", {"image": image, "alt_text": "学生参观节水展板", "caption": "节水展板"}),
            ("document", {"document": document, "title": ""}),
            ("quote", {"text": "节约用水，人人有责。", "attribution": "学生代表"}),
        ],
    )
    soup = _soup(client.get(page.url))
    assert soup.find("h1").get_text() == "节水宣传进校园"
    assert soup.find("h2", string="活动概况") is not None
    assert soup.find("img", alt="学生参观节水展板") is not None
    assert soup.find("a", string="活动通知")["href"] == document.url
    assert "节约用水，人人有责。" in soup.find("blockquote").get_text()
    assert _meta(soup, "og:type") == "article"
    assert _meta(soup, "og:description") == "各地开展节水课堂。"


def test_news_page_without_own_image_shares_the_campaign_hero(client, campaign, news_index):
    campaign.hero_image = wagtail_factories.ImageFactory()
    campaign.save_revision().publish()
    page = NewsPageFactory(parent=news_index)
    soup = _soup(client.get(page.url))
    assert "fill-1200x630" in _meta(soup, "og:image")


def test_page_without_any_image_declares_a_small_card(client, news_index):
    page = NewsPageFactory(parent=news_index)
    soup = _soup(client.get(page.url))
    assert _meta(soup, "og:image") is None
    assert _meta(soup, "twitter:card") == "summary"


def test_standard_page_renders_with_its_introduction(client, campaign):
    page = StandardPageFactory(parent=campaign, title="网络专区使用指南", slug="guide")
    soup = _soup(client.get("/guide/"))
    assert soup.find("h1").get_text() == "网络专区使用指南"
    assert _meta(soup, "description") == page.introduction


def test_menu_lists_pages_marked_for_menus(client, campaign):
    StandardPageFactory(parent=campaign, title="关于活动", show_in_menus=True)
    StandardPageFactory(parent=campaign, title="内部草稿页", show_in_menus=False)
    nav = _soup(client.get("/")).find("nav", class_="site-nav").get_text()
    assert "关于活动" in nav
    assert "内部草稿页" not in nav


def test_unpublished_news_is_not_public(client, news_index):
    page = NewsPageFactory(parent=news_index, title="尚未发布的消息", live=False)
    assert client.get(page.url or "/news/" + page.slug + "/").status_code == 404
    assert "尚未发布的消息" not in client.get("/").content.decode()
    assert "尚未发布的消息" not in client.get("/news/").content.decode()


def test_missing_page_gives_a_chinese_404(client, campaign):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
