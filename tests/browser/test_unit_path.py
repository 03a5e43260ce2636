"""On the demo as built by ``make demo``: hebei-submitter files and submits at once, from the dashboard.

This is the path of the largest group of users, most of whom have never used
Wagtail: 我的填报 → 填报活动 → fill in the form → ▲ → 提交 is three clicks,
and the moderator's request for changes reaches the unit's dashboard.
"""

import pytest

from demo.accounts import PASSWORD
from tests.browser.admin_steps import choose_tag, log_in, open_action_menu, workflow_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "石家庄市第一中学节水知识进课堂"


def _log_in(browser, live_server, username):
    return log_in(browser, live_server, username, PASSWORD, locale="zh-CN")


def _fill_in_an_activity(page, title, venue):
    """The activity form's required fields, today as the activity's date."""
    page.fill('input[name="title"]', title)
    choose_tag(page, "sectors", "教育")
    choose_tag(page, "regions", "河北")
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    page.fill('input[name="starts_on"]', today)
    page.fill('input[name="ends_on"]', today)
    page.fill('input[name="venue"]', venue)


def test_the_demo_submitter_files_and_submits_from_the_dashboard_in_three_clicks(
    demo_campaign, live_server, browser, artifacts_dir
):
    from playwright.sync_api import expect

    context, page = _log_in(browser, live_server, "hebei-submitter")
    expect(page.locator("[data-filing-deadline]")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "unit-dashboard.png"), full_page=True)

    page.locator('[data-file="activity"]').click()  # click 1: straight to the form under 河北
    page.wait_for_url("**/add/showcase/activitypage/**")
    _fill_in_an_activity(page, TITLE, "石家庄市第一中学报告厅")
    # No waiting for Wagtail's autosave: a submit sent while its create is in flight submits the page it makes.
    page.fill('textarea[name="summary"]', "节水知识进课堂，学生学习家庭节水小窍门。")
    page.keyboard.press("Escape")
    open_action_menu(page)  # click 2
    page.locator('button[name="action-submit"]').click()  # click 3: created and submitted at once
    page.wait_for_url(lambda url: "/edit/" not in url and "/add/" not in url)
    expect(page.locator(".messages .error")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/")
    row = page.locator("[data-unit-item]", has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-state", "jurisdiction")
    page.screenshot(path=str(artifacts_dir / "unit-dashboard-submitted.png"), full_page=True)
    edit_url = row.locator("a").first.get_attribute("href")
    context.close()

    # The Hebei moderator asks for changes: an empty comment is refused, a comment is kept.
    context, page = _log_in(browser, live_server, "hebei-moderator")
    page.goto(live_server.url + edit_url)
    modal = workflow_action(page, "reject")
    modal.locator('button[type="submit"]').click()
    expect(page.locator(".modal-content .error-message")).to_have_count(1)
    page.locator(".modal-content form textarea[name='comment']").fill("请补充活动现场照片和参与人数。")
    page.locator(".modal-content form button[type='submit']").click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    expect(page.locator(".messages .success")).to_have_count(1)
    context.close()

    context, page = _log_in(browser, live_server, "hebei-submitter")
    row = page.locator("[data-unit-item]", has_text=TITLE)
    expect(row).to_have_attribute("data-state", "changes")
    expect(row.locator("[data-reviewer-comment]")).to_contain_text("请补充活动现场照片和参与人数。")
    page.screenshot(path=str(artifacts_dir / "unit-dashboard-changes-requested.png"), full_page=True)
    context.close()


def _visible_text(page):
    return page.evaluate("document.body.innerText")


def test_quick_saves_and_a_submit_right_after_give_no_error_and_no_other_window_warning(
    demo_campaign, live_server, browser, artifacts_dir
):
    """Autosave creates the page in the background; the person then saves, saves twice quickly and submits."""
    from playwright.sync_api import expect

    context, page = _log_in(browser, live_server, "hebei-submitter")
    failures = []
    page.on("response", lambda response: failures.append(response.url) if response.status >= 500 else None)
    page.locator('[data-file="activity"]').click()
    page.wait_for_url("**/add/showcase/activitypage/**")
    _fill_in_an_activity(page, "2026年节水主题班会", "石家庄市第一中学")
    with page.expect_response(lambda response: "/admin/pages/add/" in response.url and response.status == 200):
        page.fill('textarea[name="summary"]', "主题班会介绍节水知识。")  # autosave creates the page

    page.keyboard.press("Control+s")
    page.wait_for_url("**/edit/")
    expect(page.locator(".messages .success")).to_have_count(1)
    page.fill('textarea[name="summary"]', "主题班会介绍节水知识，学生分享家庭节水做法。")
    page.keyboard.press("Control+s")
    page.keyboard.press("Control+s")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".messages .success")).to_have_count(1)
    assert "另一个窗口" not in _visible_text(page), "one window only: no “saved in another window” warning"
    open_action_menu(page)
    page.locator('button[name="action-submit"]').click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    expect(page.locator(".messages .success")).to_have_count(1)
    page.screenshot(path=str(artifacts_dir / "unit-quick-saves-submitted.png"), full_page=True)

    assert failures == []
    assert "另一个窗口" not in _visible_text(page)
    page.goto(f"{live_server.url}/admin/")
    row = page.locator("[data-unit-item]", has_text="2026年节水主题班会")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-state", "jurisdiction")
    page.goto(live_server.url + row.locator("a").first.get_attribute("href"))
    assert page.locator('input[name="slug"]').input_value() == "2026-nian-jie-shui-zhu-ti-ban-hui"
    context.close()


def test_a_submit_after_the_autosaves_answer_was_lost_submits_the_one_page_it_made(demo_campaign, live_server, browser):
    """On a phone network the autosave's create reaches the server but its answer does not reach the form."""
    from playwright.sync_api import expect

    context, page = _log_in(browser, live_server, "hebei-submitter")
    page.locator('[data-file="activity"]').click()
    page.wait_for_url("**/add/showcase/activitypage/**")
    _fill_in_an_activity(page, "2026年节水知识竞赛", "石家庄市第二中学")

    def create_then_lose_the_answer(route):
        route.fetch()
        route.abort("connectionreset")

    page.route("**/admin/pages/add/**", create_then_lose_the_answer, times=1)
    with page.expect_event("requestfailed"):
        page.fill('textarea[name="summary"]', "知识竞赛考查家庭节水常识。")  # autosave creates the page
    page.keyboard.press("Escape")
    open_action_menu(page)
    page.locator('button[name="action-submit"]').click()  # the form still posts to the create view
    page.wait_for_url(lambda url: "/edit/" not in url and "/add/" not in url)
    expect(page.locator(".messages .error")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/")
    row = page.locator("[data-unit-item]", has_text="2026年节水知识竞赛")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-state", "jurisdiction")
    context.close()
