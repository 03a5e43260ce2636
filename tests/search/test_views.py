"""The public search page and the suggestions under its box."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, Site

from tests.factories import (
    ActivityPageFactory,
    CampaignHomePageFactory,
    JurisdictionPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    OfficeHomePageFactory,
    ShowcaseIndexPageFactory,
)

pytestmark = pytest.mark.django_db


def _soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_search_page_shows_highlighted_results_with_counts_and_filters(client, corpus):
    soup = _soup(client, "/search/?q=节水")
    assert soup.select_one(".result-count").get_text(strip=True) == "4 条结果"
    titles = [title.get_text() for title in soup.select(".search-result__title")]
    assert "高效节水灌溉现场会" in titles
    assert soup.select(".search-result__title mark")[0].get_text() == "节水"
    checkbox = soup.find("input", attrs={"name": "sector", "value": "education", "type": "checkbox"})
    label = checkbox.parent.get_text(" ", strip=True)
    assert label == "教育 (2)"
    assert soup.select_one("#search-q")["value"] == "节水"


def test_a_search_state_is_a_url_and_survives_pagination(client, corpus):
    soup = _soup(client, "/search/?q=节水&type=activity&sort=newest")
    assert soup.find("input", attrs={"name": "type", "value": "activity", "type": "checkbox"}).has_attr("checked")
    assert soup.find("option", attrs={"value": "newest"}).has_attr("selected")
    assert soup.select_one(".result-count").get_text(strip=True) == "3 条结果"


def test_nothing_found_suggests_what_to_try(client, corpus):
    soup = _soup(client, "/search/?q=罐溉")
    assert "没有找到" in soup.select_one(".empty").get_text()
    assert [link.get_text() for link in soup.select(".search-suggestion")] == ["灌溉"]


def test_a_partly_matching_search_offers_the_partial_matches_apart_and_the_correction(client, corpus):
    soup = _soup(client, "/search/?q=节水罐溉")
    assert soup.select(".browse__results > .search-results .search-result") == [], "no page holds both words"
    assert "没有页面包含全部搜索词" in soup.select_one(".empty").get_text()
    partial = soup.select_one(".search-partial")
    assert partial.select_one("h2").get_text(strip=True) == "以下结果只包含部分搜索词"
    titles = [title.get_text() for title in partial.select(".search-result__title")]
    assert "节水宣传进校园活动" in titles
    assert soup.select_one(".result-count").get_text(strip=True) == "0 条结果", "partial matches are not counted"
    assert "节水灌溉" in [link.get_text() for link in soup.select(".search-suggestion")]


def test_partial_matches_are_not_offered_when_enough_pages_hold_every_word(client, corpus):
    soup = _soup(client, "/search/?q=节水")
    assert soup.select_one(".search-partial") is None


def test_an_empty_search_shows_the_box_and_no_results(client, corpus):
    soup = _soup(client, "/search/")
    assert soup.find("input", attrs={"name": "q"}) is not None
    assert soup.select(".search-result") == []


def test_hostile_input_is_escaped_and_harmless(client, corpus):
    soup = _soup(client, "/search/?q=<script>alert(1)</script>&sector=" + "x" * 300 + "&page=abc&sort=;drop")
    assert soup.find("script", string=lambda text: text and "alert" in text) is None
    assert soup.select_one("#search-q")["value"] == "<script>alert(1)</script>"


def test_suggestions_offer_titles_as_the_visitor_types(client, corpus):
    response = client.get("/search/suggest/", {"q": "灌溉"})
    assert response.json() == {"query": "灌溉", "suggestions": ["高效节水灌溉现场会"]}
    assert client.get("/search/suggest/", {"q": "节水宣"}).json()["suggestions"] == ["节水宣传进校园活动"]
    assert client.get("/search/suggest/", {"q": ""}).json()["suggestions"] == []
    assert client.get("/search/suggest/", {"q": "节" * 500}).json()["suggestions"] == []


def test_the_header_search_box_leads_to_the_search_page(client, corpus):
    soup = _soup(client, "/")
    form = soup.select_one("form.site-search")
    assert form["action"] == "/search/" and form.find("input", attrs={"name": "q"}) is not None


@pytest.fixture
def office_site(corpus, settings):
    """A city office's own site beside the campaign's, with one bulletin about water saving."""
    settings.ALLOWED_HOSTS = ["testserver", "office.test", "2023.test"]
    office = OfficeHomePageFactory(parent=Page.get_first_root_node(), title="舟山市五水共治宣传")
    Site.objects.create(hostname="office.test", port=80, root_page=office, site_name=office.title)
    bulletins = NewsIndexPageFactory(parent=office, title="工作简报")
    return NewsPageFactory(parent=bulletins, title="五水共治节水宣传简报")


def test_each_site_searches_its_own_tree_and_campaign_sites_search_every_campaign(client, corpus, office_site):
    """A city office's bulletins are not found on the campaign's site, nor the campaigns' items on the office's."""
    earlier = CampaignHomePageFactory(parent=Page.get_first_root_node(), title="2023年节水中国", year=2023)
    Site.objects.create(hostname="2023.test", port=80, root_page=earlier, site_name=earlier.title)
    earlier_zone = ShowcaseIndexPageFactory(parent=earlier)
    history = ActivityPageFactory(
        parent=JurisdictionPageFactory(parent=earlier_zone, jurisdiction=corpus["school"].unit.jurisdiction),
        title="2023年节水宣传进社区",
    )

    def titles(host):
        soup = _soup(client.__class__(HTTP_HOST=host), "/search/?q=节水宣传")
        return {link.get_text(strip=True) for link in soup.select(".search-result h3 a, .search-result h2 a")}

    on_campaign = titles("testserver")
    assert corpus["school"].title in on_campaign and history.title in on_campaign
    assert office_site.title not in on_campaign
    assert titles("2023.test") == on_campaign, "every campaign's site covers every campaign"
    assert titles("office.test") == {office_site.title}

    office_suggestions = client.get("/search/suggest/", {"q": "节水宣"}, HTTP_HOST="office.test").json()
    assert office_suggestions["suggestions"] == [office_site.title]
    campaign_suggestions = client.get("/search/suggest/", {"q": "节水宣"}).json()["suggestions"]
    assert corpus["school"].title in campaign_suggestions and office_site.title not in campaign_suggestions
