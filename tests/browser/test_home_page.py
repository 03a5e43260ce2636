import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_demo_home_page_renders_in_chinese_on_a_phone(demo_campaign, live_server, browser_page, artifacts_dir):
    response = browser_page.goto(live_server.url + "/")
    assert response.status == 200
    assert browser_page.locator("html").get_attribute("lang") == "zh-CN"
    # The demo's current campaign, open for filing on the day it was built.
    assert browser_page.locator("h1").inner_text() == f"{timezone.localdate().year}年节水中国 你我同行"
    assert browser_page.locator(".filing-status--open").is_visible()
    assert browser_page.get_by_role("heading", name="关键日期").is_visible()
    assert browser_page.locator(".stream__qr svg").count() == 3
    assert browser_page.locator("link[rel=stylesheet]").count() == 1
    background = browser_page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert background == "rgb(11, 57, 84)", "the site's own stylesheet was served and applied"

    browser_page.get_by_role("link", name="跳到主要内容").focus()
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("location.hash") == "#main"

    browser_page.screenshot(path=str(artifacts_dir / "demo-home-mobile.png"), full_page=True)
    assert (artifacts_dir / "demo-home-mobile.png").stat().st_size > 10_000
