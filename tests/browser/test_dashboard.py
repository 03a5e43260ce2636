import pytest
from wagtail.models import Site

from showcase.models import ShowcaseIndexPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture
def dashboard_path(demo_campaign):
    """The current campaign's, on the default site the live server answers for."""
    site = Site.objects.get(is_default_site=True)
    zone = ShowcaseIndexPage.objects.live().descendant_of(site.root_page).get()
    return zone.relative_url(site) + zone.reverse_subpage("dashboard")


def test_the_dashboard_fits_a_desktop_and_a_phone_without_script(browser, live_server, dashboard_path, artifacts_dir):
    for name, (width, height) in VIEWPORTS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=False)
        page = context.new_page()
        response = page.goto(live_server.url + dashboard_path)
        assert response.status == 200
        assert page.get_by_role("heading", name="活动数据一览").is_visible()
        tiles = page.locator("svg.tile-map g.tile")
        assert tiles.count() == 32
        assert tiles.first.is_visible()
        map_box = page.locator("svg.tile-map").bounding_box()
        assert map_box["x"] >= 0 and map_box["x"] + map_box["width"] <= width, f"the map overflows the {name} screen"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the {name} page scrolls sideways by {overflow}px"
        path = artifacts_dir / f"dashboard-{name}-{width}x{height}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        context.close()
