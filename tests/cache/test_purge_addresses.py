"""What a change purges from the shared cache (config.purge), without a cache: the addresses and when they go."""

from unittest import mock

import pytest

from config import purge
from search import events
from showcase.models import Sector
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = "http://localhost"


def change(action, instance, items=()):
    return events.ContentChange(action, type(instance), instance, pages=(), items=tuple(items))


def test_a_published_item_purges_itself_its_listings_search_and_api_in_both_languages(campaign, showcase, hebei):
    item = factories.ActivityPageFactory(parent=hebei)
    urls = purge.addresses(change(events.PUBLISHED, item))
    for page in (item, hebei, showcase):
        assert f"{ROOT}{page.url}" in urls and f"{ROOT}/en{page.url}" in urls
    assert {f"{ROOT}/", f"{ROOT}/en/", f"{ROOT}/calendar/", f"{ROOT}/en/calendar/subscribe/"} <= urls
    assert {f"{ROOT}/search/*", f"{ROOT}/en/search/*", f"{ROOT}/api/*"} <= urls
    assert f"{ROOT}/*" not in urls, "a publish never empties the whole cache"


def test_a_news_page_purges_both_news_listings(news_index):
    news = factories.NewsPageFactory(parent=news_index)
    urls = purge.addresses(change(events.PUBLISHED, news))
    assert {f"{ROOT}{news_index.url}", f"{ROOT}{news_index.url}bulletins/"} <= urls


def test_a_draft_save_purges_nothing_and_a_move_or_a_sector_purges_the_whole_site(hebei):
    draft = factories.ActivityPageFactory(parent=hebei, live=False)
    assert purge.addresses(change(events.SAVED, draft)) == set()
    assert purge.addresses(change(events.MOVED, draft)) == {f"{ROOT}/*"}
    assert purge.addresses(change(events.SAVED, Sector(name="农业", slug="agri"))) == {f"{ROOT}/*"}


def test_a_rating_purges_its_item(hebei):
    item = factories.ActivityPageFactory(parent=hebei)
    rating = mock.Mock(pk=1)
    urls = purge.addresses(events.ContentChange(events.SAVED, Sector, rating, items=(item.pk,)))
    assert f"{ROOT}{item.url}" in urls and f"{ROOT}/*" not in urls


def test_purges_wait_for_the_commit_and_go_once_per_address(hebei, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {"varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend"}}
    with (
        mock.patch.object(purge, "send_purge") as sent,
        django_capture_on_commit_callbacks(execute=True),
    ):
        item = factories.ActivityPageFactory(parent=hebei)
        item.save_revision().publish()
        assert not sent.called, "nothing is purged before the commit"
    assert sent.call_count == 1
    urls = sent.call_args.args[0]
    assert len(urls) == len(set(urls)) and f"{ROOT}{item.url}" in urls


def test_nothing_is_purged_without_a_configured_cache(hebei, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    with (
        mock.patch.object(purge, "send_purge") as sent,
        django_capture_on_commit_callbacks(execute=True),
    ):
        factories.ActivityPageFactory(parent=hebei).save_revision().publish()
    assert not sent.called


class CloudflareAnswer:
    status_code = 200

    def json(self):
        return {"success": True, "errors": []}


def test_on_cloudflare_exact_addresses_are_purged_as_files_and_prefixes_as_prefixes(
    hebei, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "cloudflare": {"BACKEND": "config.purge.CloudflareBackend", "BEARER_TOKEN": "token", "ZONEID": "zone"}
    }
    with (
        mock.patch("requests.post", return_value=CloudflareAnswer()) as posted,
        django_capture_on_commit_callbacks(execute=True),
    ):
        item = factories.ActivityPageFactory(parent=hebei)
        item.save_revision().publish()

    bodies = [call.kwargs["json"] for call in posted.call_args_list]
    files = [url for body in bodies for url in body.get("files", [])]
    prefixes = [prefix for body in bodies for prefix in body.get("prefixes", [])]
    assert {call.args[0] for call in posted.call_args_list} == {
        "https://api.cloudflare.com/client/v4/zones/zone/purge_cache"
    }
    assert all(call.kwargs["headers"]["Authorization"] == "Bearer token" for call in posted.call_args_list)
    assert f"{ROOT}{item.url}" in files
    assert not [url for url in files if "*" in url], "Cloudflare takes a file address literally"
    assert {"localhost/search/", "localhost/en/search/", "localhost/api/"} <= set(prefixes)
    assert all(len(body.get("files", body.get("prefixes"))) <= 30 for body in bodies), "Cloudflare's limit per call"


def test_a_whole_site_purge_on_cloudflare_is_the_prefix_of_its_host():
    assert purge.cloudflare_prefix("https://jieshui.example.cn/*") == "jieshui.example.cn/"
    assert purge.cloudflare_prefix("http://localhost/en/search/*") == "localhost/en/search/"
