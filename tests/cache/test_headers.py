"""Public pages a shared cache may keep: no cookie, a shared Cache-Control, validators and 304s; personal ones never.

The site is built once for the module's header checks (every public page type
in both languages) and each check walks all of them, so a new page type is one
more line in ``public_pages``.
"""

import pytest
import wagtail_factories
from django.test import override_settings
from wagtail.models import Page, Site

from campaign.models import ContentGeneration
from showcase.models import ShowcaseItemPage
from showcase.zone.view_counts import FLUSH_EVERY, total_views
from tests import factories

OFFICE_HOST = "wushui.example.cn"
SHARED = "public, max-age=17, s-maxage=345"
PRIVATE = "private, no-store"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_short_lifetimes")]


@pytest.fixture
def _short_lifetimes():
    with override_settings(PUBLIC_CACHE_MAX_AGE=17, PUBLIC_CACHE_S_MAXAGE=345):
        yield


@pytest.fixture
def public_pages(campaign, news_index, showcase, hebei):
    """(label, host, address) of one page of every public type, each published."""
    sector = factories.SectorFactory(name="教育", slug="education")
    activity = factories.ActivityPageFactory(parent=hebei, title="节水宣传进校园")
    activity.sectors.add(sector)
    video = factories.VideoPageFactory(parent=hebei, title="节水主题宣传片")
    news = factories.NewsPageFactory(parent=news_index, title="联合行动启动")
    standard = factories.StandardPageFactory(parent=campaign, title="参与指南")
    office = factories.OfficeHomePageFactory(parent=Page.get_first_root_node(), title="舟山市五水共治宣传")
    office_site = Site.objects.create(hostname=OFFICE_HOST, port=80, root_page=office, site_name=office.title)
    table = factories.PointsTablePageFactory(parent=office, title="2022年考核积分表")
    site = Site.objects.get(is_default_site=True)
    pages = [
        ("campaign home", "testserver", "/"),
        ("calendar (routable)", "testserver", "/calendar/"),
        ("news index", "testserver", news_index.relative_url(site)),
        ("bulletins (routable)", "testserver", news_index.relative_url(site) + "bulletins/"),
        ("news page", "testserver", news.relative_url(site)),
        ("standard page", "testserver", standard.relative_url(site)),
        ("zone", "testserver", showcase.relative_url(site)),
        ("zone filtered", "testserver", f"{showcase.relative_url(site)}?sector=education"),
        ("jurisdiction", "testserver", hebei.relative_url(site)),
        ("activity", "testserver", activity.relative_url(site)),
        ("video", "testserver", video.relative_url(site)),
        ("search", "testserver", "/search/?q=节水"),
        ("suggestions", "testserver", "/search/suggest/?q=节水"),
        ("office home", OFFICE_HOST, "/"),
        ("points table", OFFICE_HOST, table.relative_url(office_site)),
    ]
    return pages + [(f"{label} (English)", host, "/en" + address) for label, host, address in pages]


def test_anonymous_gets_of_every_public_page_carry_no_cookie_and_a_shared_cache_control(client, public_pages):
    for label, host, address in public_pages:
        response = client.get(address, HTTP_HOST=host)
        assert response.status_code == 200, label
        assert not response.cookies, (label, response.cookies)
        assert "Cookie" not in response.get("Vary", ""), label
        assert response["Cache-Control"] == SHARED, label
        assert response["ETag"] and response["Last-Modified"], label


def test_a_revalidation_is_answered_304_until_something_public_changes(client, public_pages):
    validators = {}
    for label, host, address in public_pages:
        response = client.get(address, HTTP_HOST=host)
        validators[label] = response["ETag"]
        again = client.get(address, HTTP_HOST=host, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, label
        assert again["Cache-Control"] == SHARED and again["ETag"] == response["ETag"], label
        since = client.get(address, HTTP_HOST=host, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert since.status_code == 304, label
    assert len(set(validators.values())) == len(validators), "every address and language has its own validator"
    ContentGeneration.bump()
    for label, host, address in public_pages:
        response = client.get(address, HTTP_HOST=host, HTTP_IF_NONE_MATCH=validators[label])
        assert response.status_code == 200, label


def test_the_api_list_shares_the_same_validators(client, public_pages):
    response = client.get("/api/v3/pages/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public, max-age=")
    assert not response.cookies
    assert client.get("/api/v3/pages/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_signed_in_visitors_and_previews_are_never_stored(client, public_pages, admin_user):
    client.force_login(admin_user)
    for label, host, address in public_pages:
        response = client.get(address, HTTP_HOST=host)
        assert response.status_code == 200, label
        assert response["Cache-Control"] == PRIVATE, label
        assert "ETag" not in response, label
    page = ShowcaseItemPage.objects.first()
    for address in (f"/admin/pages/{page.pk}/view_draft/", f"/admin/pages/{page.pk}/edit/", "/admin/"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["Cache-Control"] == PRIVATE, address


def test_writes_documents_and_invitations_are_never_stored(client, campaign):
    document = wagtail_factories.DocumentFactory()
    answers = [client.post("/", {"x": "1"}), client.get("/invite/x/y/"), client.get(document.url)]
    for response in answers:
        assert response["Cache-Control"] == PRIVATE, response.request["PATH_INFO"]


def test_the_view_beacon_counts_views_that_the_cache_serves(client, hebei):
    """A cached page never reaches Django: the page's script asks the uncached beacon, which counts."""
    item = factories.ActivityPageFactory(parent=hebei)
    html = client.get(item.url).content.decode()
    beacon = f"/views/{item.pk}/"
    assert f'data-view-beacon="{beacon}"' in html and "showcase/js/view_beacon.js" in html
    assert total_views(ShowcaseItemPage.objects.get(pk=item.pk)) == 0, "serving the page counts nothing"
    for _ in range(FLUSH_EVERY - 1):
        response = client.get(beacon)
        assert response.status_code == 204
        assert response["Cache-Control"] == PRIVATE
    assert ShowcaseItemPage.objects.get(pk=item.pk).view_count == 0, "no write until a batch is full"
    assert total_views(ShowcaseItemPage.objects.get(pk=item.pk)) == FLUSH_EVERY - 1
    client.get(beacon)
    assert ShowcaseItemPage.objects.get(pk=item.pk).view_count == FLUSH_EVERY


def test_the_beacon_counts_only_live_public_items(client, hebei):
    draft = factories.ActivityPageFactory(parent=hebei, live=False)
    assert client.get(f"/views/{draft.pk}/").status_code == 404
    assert client.get(f"/views/{hebei.pk}/").status_code == 404, "a jurisdiction page is no item"
    assert client.post(f"/views/{draft.pk}/").status_code in (403, 405)
    assert total_views(ShowcaseItemPage.objects.get(pk=draft.pk)) == 0


def test_the_sitemap_lists_the_chinese_addresses_and_is_shared(client, public_pages):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Cache-Control"] == SHARED and not response.cookies
    body = response.content.decode()
    assert "http://testserver/zone/" in body or "/zone/" in body
    assert "/en/" not in body, "one address per page: the English versions are named by hreflang on the page"
