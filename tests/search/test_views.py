"""The public search page and the suggestions under its box."""

import pytest
from bs4 import BeautifulSoup

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
