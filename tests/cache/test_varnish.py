"""The site behind a real varnishd with the production VCL: cached, purged by Wagtail on change, never stale.

varnishd is started by the test (``bench.varnish``) in front of the live
server; Wagtail purges it through ``WAGTAILFRONTENDCACHE`` after each commit,
so a change is visible through the cache as soon as the publish returns. The
polling deadline is 1 s, but the first request after the publish must already
be fresh: that is "never stale once the purge completed".
"""

import http.client
import os
import time
from urllib.parse import quote, urlsplit

import pytest

from bench import varnish as varnish_runner
from showcase.models import ItemRating, RecommendedSlot
from showcase.models.review import Rating
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HOST = "localhost"
DEADLINE = 1.0


@pytest.fixture
def varnish(live_server, settings):
    if not varnish_runner.available():
        message = (
            "缓存清除测试需要 Debian 的 Varnish（apt-get install varnish，.ci/run 会安装）。"
            " / The purge test needs Debian's Varnish: apt-get install varnish (.ci/run installs it)."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with varnish_runner.Varnish(urlsplit(live_server.url).port, memory="32m") as cache:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": cache.url}
        }
        yield cache


def fetch(cache, path, method="GET", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", cache.port, timeout=10)
    try:
        connection.request(method, quote(path, safe="/?=&%:+"), headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def cached(cache, path):
    """The body of ``path`` once the cache holds it (the second request is a hit)."""
    fetch(cache, path)
    status, headers, body = fetch(cache, path)
    assert status == 200 and headers["X-Cache"] == "HIT", (path, status, headers)
    return body


def until(cache, path, condition):
    """Poll ``path`` through the cache until ``condition(status, body)``: (seconds taken, requests sent)."""
    started, requests = time.monotonic(), 0
    while time.monotonic() - started < DEADLINE:
        status, _headers, body = fetch(cache, path)
        requests += 1
        if condition(status, body):
            return time.monotonic() - started, requests
    pytest.fail(f"{path} still stale through the cache after {DEADLINE} s")


@pytest.fixture
def zone(campaign, news_index, showcase, hebei):
    activity = factories.ActivityPageFactory(parent=hebei, title="节水宣传进校园")
    return {
        "news_index": news_index,
        "zone": showcase.url,
        "filtered": f"{showcase.url}?type=activity",
        "activity": activity,
    }


def test_a_publish_is_visible_through_the_cache_at_once_on_the_page_and_its_listings(varnish, zone):
    activity = zone["activity"]
    addresses = [activity.url, "/en" + activity.url, zone["zone"], zone["filtered"], activity.get_parent().url]
    for path in addresses:
        assert "节水宣传进校园" in cached(varnish, path), path
    cached(varnish, "/")

    activity.title = "节水宣传进社区"
    activity.save_revision().publish()

    for path in addresses:
        _seconds, requests = until(varnish, path, lambda status, body: "节水宣传进社区" in body)
        assert requests == 1, f"{path} was stale after the purge completed"
    assert fetch(varnish, "/")[1]["X-Cache"] == "MISS", "the campaign home, an ancestor, is purged too"


def test_an_unpublished_or_deleted_page_leaves_the_cache_with_its_listings(varnish, zone):
    activity = zone["activity"]
    cached(varnish, activity.url)
    assert "节水宣传进校园" in cached(varnish, zone["zone"])
    activity.unpublish()
    assert fetch(varnish, activity.url)[0] == 404
    assert "节水宣传进校园" not in fetch(varnish, zone["zone"])[2]

    news = factories.NewsPageFactory(parent=zone["news_index"], title="旧闻")
    cached(varnish, news.url)
    news.delete()
    assert fetch(varnish, news.url)[0] == 404


def test_search_and_api_answers_follow_a_publish(varnish, zone, hebei):
    """Search results and API lists are purged as prefixes: every query and filter of them is fetched afresh."""
    searches = ["/search/?q=节水宣传", "/en/search/?q=节水", "/search/suggest/?q=节水"]
    api = "/api/v3/pages/?type=showcase.ActivityPage"
    for path in [*searches, api]:
        cached(varnish, path)
    factories.ActivityPageFactory(parent=hebei, title="节水宣传大篷车")
    for path in searches:
        assert fetch(varnish, path)[1]["X-Cache"] == "MISS", path
    assert "节水宣传大篷车" in fetch(varnish, api)[2]


def test_a_rating_or_a_recommended_slot_purges_the_item_and_its_zone(varnish, zone, showcase, admin_user):
    activity = zone["activity"]
    cached(varnish, activity.url)
    cached(varnish, zone["zone"])
    ItemRating.objects.create(item=activity, rating=Rating.A)
    assert fetch(varnish, activity.url)[1]["X-Cache"] == "MISS"
    assert fetch(varnish, zone["zone"])[1]["X-Cache"] == "MISS"
    cached(varnish, zone["zone"])
    RecommendedSlot.objects.create(showcase=showcase, item=activity, sort_order=1)
    assert fetch(varnish, zone["zone"])[1]["X-Cache"] == "MISS"
    assert varnish.counters()["bans"] >= 1


def test_tracking_parameters_share_one_cached_copy(varnish, zone):
    path = zone["activity"].url
    cached(varnish, path)
    status, headers, _body = fetch(varnish, f"{path}?utm_source=wechat&from=singlemessage&isappinstalled=0")
    assert status == 200 and headers["X-Cache"] == "HIT"


def test_signed_in_visitors_writes_and_private_paths_pass_the_cache(varnish, zone, client, admin_user):
    path = zone["activity"].url
    cached(varnish, path)
    _status, headers, _body = fetch(varnish, path, headers={"Cookie": "sessionid=abc"})
    assert headers["X-Cache"] == "MISS" and headers["Cache-Control"] == "private, no-store"
    for private in ("/admin/login/", f"/views/{zone['activity'].pk}/"):
        fetch(varnish, private)
        assert fetch(varnish, private)[1]["X-Cache"] == "MISS", private


def test_purging_is_refused_from_outside_the_acl(live_server, zone):
    if not varnish_runner.available():
        pytest.skip("varnishd is not installed")
    with varnish_runner.Varnish(urlsplit(live_server.url).port, purgers=("192.0.2.1",), memory="16m") as cache:
        assert fetch(cache, "/", method="PURGE")[0] == 403
        assert fetch(cache, "/", method="BAN")[0] in (403, 405)
