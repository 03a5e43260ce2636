"""Share posters: a PNG of a published activity or video with the QR code of its short link.

In WeChat a link shared to Moments shows no preview unless the site is a
registered official account, so Chinese campaigns share pictures: a poster
people save and post, whose QR code a friend long-presses to open the item.
The poster is drawn on the server with Pillow and the same CJK font as the
certificates (``campaign.fonts``), so it looks the same on every phone.

Its layout is fixed: every region (header, picture, title, details, QR code)
has the same place whatever the content, a long title wraps over at most
``TITLE_LINES`` lines and ends with an ellipsis, and an item without a lead
image shows the campaign's artwork (its hero image) or, lacking that, a plain
water-coloured panel with the campaign's name. The header carries the
campaign's mark (its logo, else the platform's water drop) and its name. The PNG is kept in the cache
under a fingerprint of everything drawn on it, starting with the item's live
revision: a new version (or a renamed unit or campaign) draws a new poster,
and the same version is drawn once.
"""

import hashlib
import io
import logging
import re
from functools import lru_cache

import segno
from django.core.cache import cache
from django.utils import formats, translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, ImageOps

from campaign.fonts import cjk_font_file

logger = logging.getLogger(__name__)

LAYOUT_VERSION = 2
WIDTH, HEIGHT = 750, 1334
MARGIN = 48
HEADER = (0, 0, WIDTH, 112)
MARK = (MARGIN, 20, MARGIN + 72, 92)
PICTURE = (0, 112, WIDTH, 112 + 500)
TITLE = (MARGIN, 650, WIDTH - MARGIN, 650 + 3 * 62)
TITLE_LINES, TITLE_SIZE, TITLE_LEADING = 3, 46, 62
DETAILS = (MARGIN, 860, WIDTH - MARGIN, 860 + 3 * 44)
QR_BOX = (WIDTH - MARGIN - 250, HEIGHT - 40 - 250, WIDTH - MARGIN, HEIGHT - 40)
CAPTION = (MARGIN, QR_BOX[1], QR_BOX[0] - 24, QR_BOX[3])
PAPER, INK, MUTED = (255, 255, 255), (27, 42, 51), (79, 97, 107)
WATER, WATER_DARK, WATER_LIGHT = (11, 95, 158), (11, 57, 84), (231, 242, 250)
CACHE_SECONDS = 30 * 24 * 3600
ELLIPSIS = "…"
_TOKENS = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-_']*|\s+|.", re.DOTALL)


@lru_cache(maxsize=16)
def _font(size):
    path = cjk_font_file()
    if path is None:
        logger.warning("No CJK font found; share posters cannot draw Chinese text.")
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size, index=0)


def wrap(text, font, width, max_lines):
    """``text`` in lines no wider than ``width``: at most ``max_lines``, the last one ellipsised if text is left.

    Chinese breaks between any two characters; a run of Latin letters or
    digits stays whole unless it alone is wider than a line.
    """
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if font.getlength(line + token) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = "" if token.isspace() else token
        while font.getlength(line) > width:
            cut = len(line) - 1
            while cut > 1 and font.getlength(line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    while last and font.getlength(last + ELLIPSIS) > width:
        last = last[:-1]
    return lines[: max_lines - 1] + [last.rstrip() + ELLIPSIS]


def poster_facts(item, short_url):
    """Everything a poster shows, as plain values: the one input of the drawing and of its cache key."""
    campaign = item.campaign
    picture = poster_picture(item)
    if hasattr(item, "starts_on"):
        start = formats.date_format(item.starts_on, "DATE_FORMAT")
        end = formats.date_format(item.ends_on, "DATE_FORMAT")
        dates = start if item.starts_on == item.ends_on else f"{start} – {end}"
    elif item.first_published_at:
        dates = _("Published on %(date)s") % {"date": formats.date_format(item.first_published_at, "DATE_FORMAT")}
    else:
        dates = ""
    return {
        "revision": item.live_revision_id,
        "title": item.title,
        "unit": item.unit.name if item.unit_id else "",
        "dates": dates,
        "venue": getattr(item, "venue", ""),
        "campaign": campaign.title if campaign else "",
        "mark": campaign.mark_id if campaign else None,
        "picture": (picture.pk, picture.file.name) if picture else None,
        "short_url": short_url,
        "caption": _("Long-press or scan the QR code to view and share"),
        "language": translation.get_language(),
    }


def poster_picture(item):
    """The item's lead image, else the campaign's artwork (its hero image), else None."""
    campaign = item.campaign
    return item.lead_image or (campaign.hero_image if campaign else None)


def poster_png(item, short_url):
    """The PNG poster of a published item whose short link is ``short_url``; drawn once per version."""
    facts = poster_facts(item, short_url)
    fingerprint = hashlib.sha256(repr(sorted(facts.items())).encode()).hexdigest()[:32]
    key = f"showcase:poster:{LAYOUT_VERSION}:{item.pk}:{fingerprint}"
    png = cache.get(key)
    if png is None:
        mark = item.campaign.mark if facts["mark"] else None
        png = draw_poster(facts, poster_picture(item), mark)
        cache.set(key, png, CACHE_SECONDS)
    return png


def draw_poster(facts, picture=None, mark=None):
    """Draw the poster of ``facts`` (see ``poster_facts``); ``picture`` and ``mark`` are Wagtail images or None."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(canvas)

    draw.rectangle(HEADER, fill=WATER_DARK)
    _draw_mark(canvas, mark)
    header_font = _font(34)
    name_left = MARK[2] + 20
    campaign_line = wrap(facts["campaign"], header_font, HEADER[2] - MARGIN - name_left, 1)
    if campaign_line:
        _text_centred_vertically(draw, (name_left, HEADER[1], HEADER[3]), campaign_line[0], header_font, PAPER)

    _draw_picture(canvas, picture, facts["campaign"])

    title_font = _font(TITLE_SIZE)
    for number, line in enumerate(wrap(facts["title"], title_font, TITLE[2] - TITLE[0], TITLE_LINES)):
        draw.text((TITLE[0], TITLE[1] + number * TITLE_LEADING), line, font=title_font, fill=INK)

    detail_font = _font(30)
    details = [value for value in (facts["unit"], facts["dates"], facts["venue"]) if value]
    for number, value in enumerate(details[:3]):
        line = wrap(value, detail_font, DETAILS[2] - DETAILS[0], 1)[0]
        draw.text((DETAILS[0], DETAILS[1] + number * 44), line, font=detail_font, fill=MUTED)

    draw.line((MARGIN, QR_BOX[1] - 20, WIDTH - MARGIN, QR_BOX[1] - 20), fill=WATER_LIGHT, width=3)
    caption_font = _font(30)
    caption = wrap(facts["caption"], caption_font, CAPTION[2] - CAPTION[0], 3)
    for number, line in enumerate(caption):
        draw.text((CAPTION[0], CAPTION[1] + 70 + number * 44), line, font=caption_font, fill=WATER)
    canvas.paste(_qr_image(facts["short_url"], QR_BOX[2] - QR_BOX[0]), QR_BOX[:2])

    output = io.BytesIO()
    # Plain zlib at its default level: ``optimize`` saved 3 % of the bytes at over twice the time.
    canvas.save(output, format="PNG")
    return output.getvalue()


def _text_centred_vertically(draw, place, text, font, fill):
    """Draw ``text`` from ``left``, centred between ``top`` and ``bottom`` (``place``) by its real glyph box."""
    left, top, bottom = place
    _x0, glyph_top, _x1, glyph_bottom = draw.textbbox((0, 0), text, font=font)
    height = glyph_bottom - glyph_top
    draw.text((left, top + (bottom - top - height) // 2 - glyph_top), text, font=font, fill=fill)


def _draw_mark(canvas, mark):
    """The campaign's logo fitted into the mark's square on a white tile, else the platform's water drop."""
    side = MARK[2] - MARK[0]
    tile = Image.new("RGB", (side, side), PAPER)
    if mark is not None:
        try:
            with mark.open_file() as handle, Image.open(handle) as source:
                logo = ImageOps.contain(ImageOps.exif_transpose(source).convert("RGBA"), (side - 8, side - 8))
            tile.paste(logo, ((side - logo.width) // 2, (side - logo.height) // 2), logo)
            canvas.paste(tile, MARK[:2])
            return
        except (OSError, ValueError):
            logger.warning("Share poster: campaign mark %s could not be read; drawing the water drop.", mark.pk)
            tile = Image.new("RGB", (side, side), PAPER)
    _draw_drop(ImageDraw.Draw(tile), side)
    canvas.paste(tile, MARK[:2])


def _draw_drop(draw, side):
    """The platform's water drop (``campaign/img/drop.svg``: a point above a round belly) scaled to ``side``."""
    unit = side / 32
    centre_x, centre_y, radius = 16 * unit, 20.5 * unit, 10 * unit
    draw.ellipse((centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius), fill=WATER)
    draw.polygon([(centre_x, 2 * unit), (6.6 * unit, 17 * unit), (25.4 * unit, 17 * unit)], fill=WATER)
    highlight = (11 * unit, 16 * unit, 21 * unit, 26 * unit)
    draw.arc(highlight, start=90, end=180, fill=PAPER, width=max(2, round(2 * unit)))


def _draw_picture(canvas, picture, campaign_name):
    """The lead image or the campaign's artwork cropped to the picture region, or a plain panel with the name."""
    size = (PICTURE[2] - PICTURE[0], PICTURE[3] - PICTURE[1])
    if picture is not None:
        try:
            with picture.open_file() as handle, Image.open(handle) as source:
                fitted = ImageOps.fit(ImageOps.exif_transpose(source).convert("RGB"), size, Image.Resampling.LANCZOS)
            canvas.paste(fitted, PICTURE[:2])
            return
        except (OSError, ValueError):
            logger.warning("Share poster: image %s could not be read; drawing the plain panel.", picture.pk)
    panel = Image.new("RGB", size, WATER)
    panel_draw = ImageDraw.Draw(panel)
    for step in range(6):
        top = 300 + step * 34
        panel_draw.arc((-200, top, size[0] + 200, top + 400), start=200, end=340, fill=WATER_LIGHT, width=4)
    name_font = _font(52)
    for number, line in enumerate(wrap(campaign_name, name_font, size[0] - 2 * MARGIN, 2)):
        panel_draw.text((MARGIN, 120 + number * 70), line, font=name_font, fill=PAPER)
    canvas.paste(panel, PICTURE[:2])


def _qr_image(data, side):
    """The QR code centred in a white square of ``side`` pixels, whole pixels per module, with its quiet zone."""
    code = segno.make(data, error="m", micro=False)
    border = 4
    modules = code.symbol_size(scale=1, border=border)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(1, side // modules), border=border, dark="#0b3954", light="#ffffff")
    buffer.seek(0)
    square = Image.new("RGB", (side, side), PAPER)
    with Image.open(buffer) as drawn:
        drawn = drawn.convert("RGB")
        square.paste(drawn, ((side - drawn.width) // 2, (side - drawn.height) // 2))
    return square
