import pytest

from showcase.zone.sharing import short_link_for
from tests.factories import (
    ActivityPageFactory,
    JurisdictionFactory,
    JurisdictionPageFactory,
    RegionFactory,
    SectorFactory,
    ShowcaseIndexPageFactory,
    VideoPageFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def zone(transactional_db, campaign):
    """A small web zone: two jurisdictions, two sectors, a province with a city."""
    showcase = ShowcaseIndexPageFactory(parent=campaign, show_in_menus=True)
    hebei_region = RegionFactory(name="河北", slug="hebei")
    shijiazhuang = RegionFactory(name="石家庄", slug="shijiazhuang", parent=hebei_region)
    shanxi_region = RegionFactory(name="山西", slug="shanxi")
    education = SectorFactory(name="教育", slug="education", sort_order=1)
    industry = SectorFactory(name="工业", slug="industry", sort_order=2)
    hebei_jurisdiction = JurisdictionFactory(short_name="河北", code="hebei")
    shanxi_jurisdiction = JurisdictionFactory(short_name="山西", code="shanxi")
    hebei = JurisdictionPageFactory(parent=showcase, jurisdiction=hebei_jurisdiction)
    shanxi = JurisdictionPageFactory(parent=showcase, jurisdiction=shanxi_jurisdiction)
    items = {}
    for key, factory, parent, title, sector, region in [
        ("school", ActivityPageFactory, hebei, "石家庄节水进校园", education, shijiazhuang),
        ("factory", ActivityPageFactory, hebei, "河北工业节水开放日", industry, hebei_region),
        ("video", VideoPageFactory, shanxi, "山西节水课堂短视频", education, shanxi_region),
    ]:
        page = factory(parent=parent, title=title)
        page.sectors.add(sector)
        page.regions.add(region)
        page.save_revision().publish()
        items[key] = page
    items["short_code"] = short_link_for(items["school"]).code
    return items


PHONE_SCREEN_HEIGHT = 844


def assert_first_result_on_the_first_screen(page, results):
    """On a phone the filters are folded behind 筛选: no checkbox shows, and the first result starts on screen."""
    assert page.locator(".filters input[type=checkbox]").first.is_hidden()
    top = page.locator(results).first.bounding_box()["y"]
    assert top + 40 < PHONE_SCREEN_HEIGHT, f"the first result starts {top:.0f} px down"


def test_wide_screens_show_the_filters_open_without_a_click(zone, live_server, browser, artifacts_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/zone/")
    assert page.get_by_role("group", name="行业").get_by_label("教育 (2)").is_visible()
    assert page.locator(".filters__toggle").is_hidden()
    page.screenshot(path=str(artifacts_dir / "showcase-desktop.png"))
    context.close()


def test_visitor_filters_by_sector_and_region_then_opens_a_shared_short_link(
    zone, live_server, browser_page, artifacts_dir
):
    page = browser_page
    page.goto(live_server.url + "/zone/")
    assert page.locator(".browse__results .card").count() == 3
    assert_first_result_on_the_first_screen(page, ".browse__results .card")
    page.screenshot(path=str(artifacts_dir / "showcase-first-screen-mobile.png"))

    page.locator(".filters__toggle").click()
    page.get_by_role("group", name="行业").get_by_label("教育 (2)").check()
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**/zone/?sector=education")
    assert page.locator(".browse__results .card").count() == 2
    assert page.locator(".filters__toggle").inner_text() == "筛选（已选 1 项）"

    page.locator(".filters__toggle").click()
    page.get_by_role("group", name="地区").get_by_label("河北 (1)").check()
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**/zone/?sector=education&region=hebei")
    titles = page.locator(".browse__results .card__title").all_inner_texts()
    assert titles == ["石家庄节水进校园"]
    page.screenshot(path=str(artifacts_dir / "showcase-filtered-mobile.png"), full_page=True)

    response = page.goto(f"{live_server.url}/s/{zone['short_code']}")
    assert response.ok
    assert page.url == live_server.url + zone["school"].url
    assert page.locator("h1").inner_text() == "石家庄节水进校园"
    assert page.locator(".share__qr svg").is_visible()
    assert page.locator("#share-short").input_value().endswith(f"/s/{zone['short_code']}")
    page.screenshot(path=str(artifacts_dir / "showcase-activity-mobile.png"), full_page=True)


def test_an_item_page_reports_its_view_to_the_beacon_under_the_sites_csp(zone, live_server, browser_page):
    """The page may come from a shared cache, so its script asks the uncached beacon, which counts the view."""
    item = zone["school"]
    with browser_page.expect_response(lambda response: f"/views/{item.pk}/" in response.url) as beacon:
        browser_page.goto(live_server.url + item.url)
    assert beacon.value.status == 204
    assert beacon.value.headers["cache-control"] == "private, no-store"
