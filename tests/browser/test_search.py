import pytest

from tests.browser.test_showcase import (
    assert_first_result_on_the_first_screen,
    zone,  # noqa: F401 - the same small zone, searched instead of browsed
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_searches_narrows_by_sector_and_opens_a_result(zone, live_server, browser_page, artifacts_dir):  # noqa: F811
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="站内搜索").fill("节水")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".result-count").inner_text() == "3 条结果"
    assert page.locator(".search-result__title mark").first.inner_text() == "节水"
    assert_first_result_on_the_first_screen(page, ".search-result")

    page.locator(".filters__toggle").click()
    page.get_by_role("group", name="行业").get_by_label("教育 (2)").check()
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**sector=education**")
    assert page.locator(".result-count").inner_text() == "2 条结果"
    page.screenshot(path=str(artifacts_dir / "search-filtered-mobile.png"), full_page=True)

    page.locator(".search-result__title a", has_text="石家庄节水进校园").click()
    page.wait_for_url(live_server.url + zone["school"].url)
    assert page.locator("h1").inner_text() == "石家庄节水进校园"


def test_the_search_box_offers_titles_as_the_visitor_types(zone, live_server, browser_page):  # noqa: F811
    page = browser_page
    page.goto(live_server.url + "/search/")
    page.locator("#search-q").press_sequentially("节水课")
    # A locator wait, not wait_for_function: the page's Content-Security-Policy forbids evaluating strings.
    page.locator("#search-suggestions option").first.wait_for(state="attached")
    options = page.locator("#search-suggestions option").evaluate_all("nodes => nodes.map(node => node.value)")
    assert options == ["山西节水课堂短视频"]
