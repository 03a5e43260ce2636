"""Draws an honour certificate (荣誉证书) as a one-page PDF with reportlab.

Chinese text needs a Chinese font. A TrueType CJK font found on the machine
(Debian's fonts-wqy-zenhei, installed by CI and the Docker image) is embedded
as a subset, so every viewer and printer shows the same glyphs. Without one,
the certificate falls back to reportlab's built-in STSong-Light CID font,
which needs no file on the server but is not embedded: viewers draw it with
their own Chinese font (poppler needs poppler-data for that).
"""

import io
import logging
from functools import lru_cache

import segno
from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from campaign.fonts import TRUETYPE_CANDIDATES, cjk_font_file

logger = logging.getLogger(__name__)

EMBEDDED_FONT = "CertificateCJK"
CID_FONT = "STSong-Light"
RED = colors.HexColor("#b3261e")
INK = colors.HexColor("#1f1f1f")


@lru_cache(maxsize=1)
def certificate_font():
    """The registered font name: an embeddable TrueType CJK font if one is installed, else the CID font."""
    configured = getattr(settings, "ASSESSMENT_CERTIFICATE_FONT", "")
    font_file = cjk_font_file(configured, TRUETYPE_CANDIDATES)
    if font_file:
        pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, font_file, subfontIndex=0))
        return EMBEDDED_FONT
    logger.warning("No TrueType CJK font found; certificates use the non-embedded %s font.", CID_FONT)
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def _centred(pdf, text, y, size, font, width, colour=INK, max_width=None):
    """Draw centred text, shrinking it until it fits ``max_width``."""
    limit = max_width or width - 160
    while size > 10 and pdfmetrics.stringWidth(text, font, size) > limit:
        size -= 1
    pdf.setFillColor(colour)
    pdf.setFont(font, size)
    pdf.drawCentredString(width / 2, y, text)


def _qr(pdf, data, x, y, size):
    code = segno.make(data, error="m", micro=False)
    rows = list(code.matrix_iter(border=2))
    module = size / len(rows)
    pdf.setFillColor(colors.black)
    for row_index, row in enumerate(rows):
        for column_index, dark in enumerate(row):
            if dark:
                pdf.rect(
                    x + column_index * module, y + size - (row_index + 1) * module, module, module, stroke=0, fill=1
                )


def render_certificate(certificate, verify_url, issued_on_text):
    """The certificate as PDF bytes; ``verify_url`` goes into the QR code and is printed under it."""
    font = certificate_font()
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    pdf.setTitle(f"荣誉证书 {certificate.recipient}")
    pdf.setAuthor(certificate.issuer)
    pdf.setStrokeColor(RED)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setLineWidth(1.5)
    pdf.rect(36, 36, width - 72, height - 72)

    _centred(pdf, "荣誉证书", height - 130, 54, font, width, RED)
    _centred(pdf, certificate.recipient, height - 215, 30, font, width)
    _centred(pdf, f"在“{certificate.campaign_title}”中", height - 265, 20, font, width)
    if certificate.citation:
        _centred(pdf, f"“{certificate.citation}”", height - 300, 18, font, width)
    _centred(pdf, f"荣获“{certificate.award}”", height - 345, 26, font, width, RED)
    _centred(pdf, "特发此证，以资鼓励。", height - 390, 18, font, width)

    pdf.setFillColor(INK)
    pdf.setFont(font, 16)
    pdf.drawRightString(width - 100, 130, certificate.issuer)
    pdf.drawRightString(width - 100, 105, issued_on_text)
    pdf.setFont(font, 11)
    pdf.drawString(80, 80, f"证书编号：{certificate.code}")
    pdf.drawString(80, 64, f"扫码或访问 {verify_url} 核验真伪")
    _qr(pdf, verify_url, 80, 100, 90)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
