"""Recommended slots, short links, QR codes and the buffered view counter."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from showcase.models import RecommendedSlot, ShortLink, ShowcaseItemPage
from showcase.zone.sharing import short_link_for
from showcase.zone.view_counts import FLUSH_EVERY, total_views
from tests.factories import ActivityPageFactory, VideoPageFactory

pytestmark = pytest.mark.django_db


def _recommended_titles(client):
    soup = BeautifulSoup(client.get("/zone/").content, "html.parser")
    section = soup.find("section", class_="recommended")
    return [a.get_text() for a in section.select(".card__title a")] if section else []


def test_recommended_items_are_shown_first_in_slot_order(client, showcase, hebei):
    first = ActivityPageFactory(parent=hebei, title="推荐活动甲")
    second = VideoPageFactory(parent=hebei, title="推荐视频乙")
    ActivityPageFactory(parent=hebei, title="普通活动")
    RecommendedSlot.objects.create(showcase=showcase, item=second, sort_order=2)
    RecommendedSlot.objects.create(showcase=showcase, item=first, sort_order=1)
    assert _recommended_titles(client) == ["推荐活动甲", "推荐视频乙"]


def test_slots_respect_their_display_window(client, showcase, hebei):
    now = timezone.now()
    past = ActivityPageFactory(parent=hebei, title="已过期推荐")
    future = ActivityPageFactory(parent=hebei, title="未开始推荐")
    current = ActivityPageFactory(parent=hebei, title="当前推荐")
    RecommendedSlot.objects.create(showcase=showcase, item=past, ends_at=now - datetime.timedelta(hours=1))
    RecommendedSlot.objects.create(showcase=showcase, item=future, starts_at=now + datetime.timedelta(hours=1))
    RecommendedSlot.objects.create(
        showcase=showcase,
        item=current,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    assert _recommended_titles(client) == ["当前推荐"]


def test_only_published_items_can_be_placed(showcase, hebei):
    draft = ActivityPageFactory(parent=hebei, live=False)
    slot = RecommendedSlot(showcase=showcase, item=draft)
    with pytest.raises(ValidationError) as error:
        slot.full_clean()
    assert "item" in error.value.message_dict


def test_display_window_must_end_after_it_starts(showcase, hebei):
    item = ActivityPageFactory(parent=hebei)
    now = timezone.now()
    slot = RecommendedSlot(showcase=showcase, item=item, starts_at=now, ends_at=now)
    with pytest.raises(ValidationError) as error:
        slot.full_clean()
    assert "ends_at" in error.value.message_dict


def test_unpublishing_an_item_removes_it_from_its_slot(client, showcase, hebei):
    item = ActivityPageFactory(parent=hebei, title="将被撤下的活动")
    RecommendedSlot.objects.create(showcase=showcase, item=item)
    item.unpublish()
    assert not RecommendedSlot.objects.exists()
    assert _recommended_titles(client) == []


def test_recommended_slot_snippet_refuses_a_draft_in_the_admin(admin_client, showcase, hebei):
    draft = ActivityPageFactory(parent=hebei, live=False)
    response = admin_client.post(
        "/admin/snippets/showcase/recommendedslot/add/",
        {"showcase": showcase.pk, "item": draft.pk, "starts_at": "", "ends_at": ""},
    )
    assert response.status_code == 200
    assert not RecommendedSlot.objects.exists()


def test_short_link_redirects_to_the_published_page(client, hebei):
    item = ActivityPageFactory(parent=hebei)
    link = short_link_for(item)
    assert len(link.code) == 6
    response = client.get(f"/s/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == item.url
    assert client.get(f"/s/{link.code.upper()}").status_code == 302, "codes read aloud or typed in capitals still work"


def test_short_link_is_stable_per_page(hebei):
    item = ActivityPageFactory(parent=hebei)
    assert short_link_for(item).code == short_link_for(item).code
    assert ShortLink.objects.count() == 1


def test_short_link_of_an_unpublished_page_or_unknown_code_is_404(client, hebei):
    item = ActivityPageFactory(parent=hebei)
    code = short_link_for(item).code
    item.unpublish()
    assert client.get(f"/s/{code}").status_code == 404
    assert client.get("/s/zzzzzz").status_code == 404
    assert client.get("/s/../../admin", follow=True).status_code == 404
    assert client.get("/s/abc", follow=True).status_code == 404


def test_share_panel_only_on_published_pages(client, admin_client, hebei):
    item = ActivityPageFactory(parent=hebei, live=False)
    preview = admin_client.get(f"/admin/pages/{item.pk}/view_draft/")
    assert preview.status_code == 200
    assert b"share-short" not in preview.content
    assert not ShortLink.objects.exists()


def test_qr_code_encodes_the_page_url(client, hebei):
    """The QR shown is segno's encoding of the absolute page URL."""
    from campaign.qrcodes import qr_svg

    item = ActivityPageFactory(parent=hebei, title="扫码活动")
    html = client.get(item.url).content.decode()
    assert str(qr_svg(f"http://testserver{item.url}", title="扫码活动")) in html


def test_views_are_buffered_and_written_in_batches(client, hebei):
    cache.clear()
    item = ActivityPageFactory(parent=hebei)
    for _ in range(FLUSH_EVERY - 1):
        assert client.get(f"/views/{item.pk}/").status_code == 204
    assert ShowcaseItemPage.objects.get(pk=item.pk).view_count == 0, "no write until a batch is full"
    assert total_views(ShowcaseItemPage.objects.get(pk=item.pk)) == FLUSH_EVERY - 1
    client.get(f"/views/{item.pk}/")
    assert ShowcaseItemPage.objects.get(pk=item.pk).view_count == FLUSH_EVERY
    assert total_views(ShowcaseItemPage.objects.get(pk=item.pk)) == FLUSH_EVERY
