"""QR codes drawn on the server as inline SVG.

WeChat users share and open links by scanning, so live streams and (later)
activity pages carry a QR code. SVG keeps it sharp in print and needs no
image storage; segno is pure Python, so nothing is fetched from a third party.
"""

from functools import lru_cache

import segno
from django.utils.safestring import mark_safe


@lru_cache(maxsize=1024)
def _render(data, title):
    code = segno.make(data, error="m", micro=False)
    return code.svg_inline(scale=4, border=2, title=title or None, dark="#0b3954", light="#ffffff")


def qr_svg(data, *, title=""):
    """An inline ``<svg>`` QR code for ``data``; segno escapes the title."""
    return mark_safe(_render(data, title))
