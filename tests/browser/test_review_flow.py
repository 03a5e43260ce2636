"""The tiered review in the real admin: a unit submits, its jurisdiction's moderator checks, a national editor rates."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import Site

from showcase.permissions.roles import NATIONAL_EDITORS
from tests.browser.admin_steps import DESKTOP, log_in, open_action_menu, workflow_action
from tests.factories import (
    ActivityPageFactory,
    CampaignHomePageFactory,
    JurisdictionFactory,
    JurisdictionPageFactory,
    RegionFactory,
    SectorFactory,
    ShowcaseIndexPageFactory,
    UnitFactory,
    UnitMemberFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
TITLE = "石家庄市节水宣传进社区活动"


@pytest.fixture
def review_setup(transactional_db, root_page):
    """A campaign whose filing window is open today, a 河北 zone, and the three people of the review."""
    today = timezone.localdate()
    campaign = CampaignHomePageFactory(
        parent=root_page,
        title="节水中国 你我同行",
        slug="jieshui",
        year=today.year,
        filing_opens_on=today - datetime.timedelta(days=30),
        filing_closes_on=today + datetime.timedelta(days=30),
        liaison_deadline=today - datetime.timedelta(days=35),
        summary_deadline=today + datetime.timedelta(days=45),
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = campaign
    site.save()
    showcase = ShowcaseIndexPageFactory(parent=campaign)
    hebei = JurisdictionPageFactory(
        parent=showcase, jurisdiction=JurisdictionFactory(name="河北省水利厅", short_name="河北", code="hebei")
    )
    unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市节水办")
    submitter = UserFactory(username="hebei-unit", groups=[hebei.jurisdiction.submitters])
    UnitMemberFactory(user=submitter, unit=unit)
    moderator = UserFactory(username="hebei-mod", groups=[hebei.jurisdiction.moderators])
    editor = UserFactory(username="national-editor", groups=[NATIONAL_EDITORS.group()])

    # The unit's draft, saved but not yet submitted: the submit itself goes through the editor.
    activity = ActivityPageFactory(
        parent=hebei, title=TITLE, slug="community", unit=unit, owner=submitter, live=False, starts_on=today
    )
    activity.ends_on = today
    activity.sectors.add(SectorFactory(name="教育", slug="education"))
    activity.regions.add(RegionFactory(name="河北", slug="hebei-region"))
    activity.save()
    activity.save_revision(user=submitter)
    return {
        "edit_url": f"/admin/pages/{activity.pk}/edit/",
        "public_url": activity.get_url(),
        "submitter": submitter.username,
        "moderator": moderator.username,
        "editor": editor.username,
    }


def test_an_activity_goes_from_unit_to_public_through_both_review_levels(
    review_setup, live_server, browser, artifacts_dir
):
    from playwright.sync_api import expect

    data = review_setup
    visitor = browser.new_context(viewport=DESKTOP)
    public = visitor.new_page()
    assert public.goto(live_server.url + data["public_url"]).status == 404, "not public before review"

    # The unit submitter submits the draft to the tiered review from the page editor.
    context, page = log_in(browser, live_server, data["submitter"], PASSWORD)
    page.goto(live_server.url + data["edit_url"])
    page.fill('textarea[name="summary"]', "社区居民学习家庭节水小窍门，领取节水器具。")
    open_action_menu(page)
    submit = page.locator('button[name="action-submit"]')
    assert "分级审核" in submit.inner_text()
    page.screenshot(path=str(artifacts_dir / "review-1-submitter-action-menu.png"))
    submit.click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    expect(page.locator(".messages .success")).to_have_count(1)
    page.screenshot(path=str(artifacts_dir / "review-2-submitted.png"), full_page=True)
    context.close()

    # The jurisdiction's moderator approves with the three checks.
    context, page = log_in(browser, live_server, data["moderator"], PASSWORD)
    page.goto(live_server.url + data["edit_url"])
    assert page.locator('[data-workflow-action-name="approve"]').count() == 1
    modal = workflow_action(page, "approve")
    modal.locator('button[type="submit"]').click()
    expect(page.locator(".modal-content .error-message"), "no approval without the three checks").to_have_count(3)
    modal = page.locator(".modal-content form")
    for name in ("authenticity_checked", "accuracy_checked", "completeness_checked"):
        modal.locator(f'input[name="{name}"]').check()
    modal.locator('textarea[name="comment"]').fill("活动真实，材料齐全，同意上报。")
    page.screenshot(path=str(artifacts_dir / "review-3-moderator-checks.png"))
    modal.locator('button[type="submit"]').click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    expect(page.locator(".messages .success")).to_have_count(1)
    page.screenshot(path=str(artifacts_dir / "review-4-moderator-approved.png"), full_page=True)
    context.close()

    # The national editor rates it A and approves: it is published.
    context, page = log_in(browser, live_server, data["editor"], PASSWORD)
    page.goto(live_server.url + data["edit_url"])
    modal = workflow_action(page, "approve")
    modal.locator('input[name="rating"][value="A"]').check()
    modal.locator('textarea[name="comment"]').fill("活动组织规范，评为A。")
    page.screenshot(path=str(artifacts_dir / "review-5-editor-rating.png"))
    modal.locator('button[type="submit"]').click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    page.goto(live_server.url + data["edit_url"])
    rating_note = page.locator(".help-info", has_text=data["editor"]).inner_text()
    assert re.search(r"(?<![\w+])A(?![\w+])", rating_note), rating_note
    page.screenshot(path=str(artifacts_dir / "review-6-rated.png"), full_page=True)
    context.close()

    # An anonymous visitor now sees the activity.
    response = public.goto(live_server.url + data["public_url"])
    assert response.status == 200
    assert public.locator("h1").inner_text() == TITLE
    public.screenshot(path=str(artifacts_dir / "review-7-public.png"), full_page=True)
    visitor.close()
