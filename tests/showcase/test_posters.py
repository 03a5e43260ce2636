"""Share posters (/s/<code>/poster.png): what a phone scans, what a long title or a missing picture does, caching."""

import io

import pytest
import wagtail_factories
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from config import purge
from search import events
from showcase.zone import posters
from showcase.zone.sharing import short_link_for
from showcase.zone.view_counts import FLUSH_EVERY
from tests.api.conftest import API
from tests.factories import ActivityPageFactory, NewsIndexPageFactory, NewsPageFactory, UnitFactory, VideoPageFactory

pytestmark = pytest.mark.django_db

LONG_TITLE = "黄河流域节约用水宣传进校园、进社区、进企业、进机关、进农村系列主题活动暨世界水日中国水周大型公益展览" * 2


def _poster(client, item):
    code = short_link_for(item).code
    response = client.get(f"/s/{code}/poster.png")
    assert response.status_code == 200
    return code, response, Image.open(io.BytesIO(response.content))


def _region(image, box):
    return image.crop(box).convert("RGB")


def _is_blank(image, box):
    """True when nothing is drawn in ``box`` (every pixel is the poster's paper colour)."""
    return _region(image, box).getcolors(1) == [((box[2] - box[0]) * (box[3] - box[1]), posters.PAPER)]


def test_the_poster_qr_code_opens_the_short_link(client, hebei):
    unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市第一中学")
    picture = wagtail_factories.ImageFactory()
    item = ActivityPageFactory(parent=hebei, title="节水宣传进校园", unit=unit, lead_image=picture)
    code, response, image = _poster(client, item)
    assert response["Content-Type"] == "image/png"
    assert image.size == (posters.WIDTH, posters.HEIGHT)
    decoded = zxingcpp.read_barcodes(image)
    assert [result.text for result in decoded] == [f"http://testserver/s/{code}"]
    assert client.get(decoded[0].text.removeprefix("http://testserver")).url == item.url


def test_the_poster_is_public_and_cacheable_by_a_shared_cache(client, hebei):
    item = VideoPageFactory(parent=hebei, title="节水短视频")
    _code, response, _image = _poster(client, item)
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    assert response.has_header("ETag") and not response.cookies
    revalidated = client.get(response.wsgi_request.path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304


def test_a_long_title_wraps_in_its_region_and_a_missing_picture_gets_the_campaign_panel(client, hebei):
    short = ActivityPageFactory(parent=hebei, title="节水", lead_image=wagtail_factories.ImageFactory())
    long = ActivityPageFactory(parent=hebei, title=LONG_TITLE, lead_image=None)
    _c, _r, short_image = _poster(client, short)
    code, _r, long_image = _poster(client, long)
    assert long_image.size == short_image.size == (posters.WIDTH, posters.HEIGHT)
    title_bottom = posters.TITLE[1] + posters.TITLE_LINES * posters.TITLE_LEADING
    assert _is_blank(long_image, (0, title_bottom, posters.WIDTH, posters.DETAILS[1])), "the title stays in its region"
    assert not _is_blank(long_image, posters.TITLE)
    picture = _region(long_image, posters.PICTURE)
    assert posters.WATER in {colour for _count, colour in picture.getcolors(1 << 16)}, "the campaign's panel fills in"
    assert [result.text for result in zxingcpp.read_barcodes(long_image)] == [f"http://testserver/s/{code}"]


def test_the_header_carries_the_campaigns_mark_or_the_water_drop(client, hebei):
    item = ActivityPageFactory(parent=hebei, title="节水宣传进社区")
    _c, _r, with_drop = _poster(client, item)
    drop_colours = {colour for _count, colour in _region(with_drop, posters.MARK).getcolors(1 << 16)}
    assert {posters.WATER, posters.PAPER} <= drop_colours, "without a mark of its own the campaign gets the drop"

    campaign = hebei.campaign
    campaign.mark = wagtail_factories.ImageFactory(file__color="red", file__width=40, file__height=40)
    campaign.save()
    item = ActivityPageFactory(parent=hebei, title="节水宣传进社区")
    _c, _r, with_mark = _poster(client, item)
    mark_colours = {colour for _count, colour in _region(with_mark, posters.MARK).getcolors(1 << 16)}
    assert any(red > 240 and green < 16 and blue < 16 for red, green, blue in mark_colours), "the logo is drawn"
    assert posters.WATER not in mark_colours, "and the drop is not"


def test_long_titles_end_with_an_ellipsis_within_the_width():
    font = posters._font(posters.TITLE_SIZE)
    width = posters.TITLE[2] - posters.TITLE[0]
    lines = posters.wrap(LONG_TITLE, font, width, posters.TITLE_LINES)
    assert len(lines) == posters.TITLE_LINES
    assert lines[-1].endswith(posters.ELLIPSIS)
    assert all(font.getlength(line) <= width for line in lines)
    assert posters.wrap("World Water Day 世界水日", font, width, 3) == ["World Water Day 世界水日"]


def test_only_published_showcase_items_have_posters(client, hebei, campaign):
    item = ActivityPageFactory(parent=hebei)
    code = short_link_for(item).code
    item.unpublish()
    assert client.get(f"/s/{code}/poster.png").status_code == 404
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=campaign))
    assert client.get(f"/s/{short_link_for(news).code}/poster.png").status_code == 404
    assert client.get("/s/zzzzzz/poster.png").status_code == 404


def test_a_poster_is_drawn_once_per_published_version(client, hebei, monkeypatch):
    drawn = []
    real_draw = posters.draw_poster
    monkeypatch.setattr(posters, "draw_poster", lambda facts, *images: drawn.append(facts) or real_draw(facts))
    item = ActivityPageFactory(parent=hebei, title="第一版标题")
    _poster(client, item)
    _poster(client, item)
    assert len(drawn) == 1
    item.title = "第二版标题"
    item.save_revision().publish()
    _poster(client, item)
    assert [facts["title"] for facts in drawn] == ["第一版标题", "第二版标题"]


def test_the_share_panel_and_the_api_offer_the_poster(client, hebei):
    item = ActivityPageFactory(parent=hebei)
    code = short_link_for(item).code
    soup = BeautifulSoup(client.get(item.url).content, "html.parser")
    link = soup.select_one("a.share__poster")
    assert link["href"] == f"http://testserver/s/{code}/poster.png"
    assert link.get_text(strip=True) == "生成海报"
    share = client.get(f"{API}/activities/{item.pk}/").json()["share"]
    assert share["poster_url"] == f"http://testserver/s/{code}/poster.png"


def test_publishing_an_item_purges_its_poster_from_the_shared_cache(hebei):
    item = ActivityPageFactory(parent=hebei)
    code = short_link_for(item).code
    urls = purge.addresses(events.ContentChange(events.PUBLISHED, type(item), item, pages=(), items=()))
    assert {f"http://localhost/s/{code}/poster.png", f"http://localhost/s/{code}/qr.svg"} <= urls


def test_opening_a_short_link_is_counted_in_batches(client, hebei):
    item = ActivityPageFactory(parent=hebei)
    link = short_link_for(item)
    for _ in range(FLUSH_EVERY):
        assert client.get(f"/s/{link.code.upper()}").status_code == 302
    link.refresh_from_db()
    assert link.opens == FLUSH_EVERY
    assert client.get(f"/s/{link.code}/poster.png").status_code == 200
    link.refresh_from_db()
    assert link.opens == FLUSH_EVERY, "fetching the poster is not an open"
