"""Where the server finds a Chinese (CJK) font file to draw with.

Certificates (reportlab, ``assessment.certificate_pdf``) and share posters
(Pillow, ``showcase.zone.posters``) draw Chinese text on the server, so both
need a TrueType font that covers it. Debian's fonts-wqy-zenhei (installed by
CI and the Docker image) comes first; fonts-noto-cjk is the usual other one.
One list, so a machine set up for one of them is set up for both.
"""

from pathlib import Path

TRUETYPE_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def cjk_font_file(configured="", candidates=None):
    """The first CJK font file that exists: ``configured`` (a setting naming another file) first, else None."""
    defaults = TRUETYPE_CANDIDATES if candidates is None else candidates
    for candidate in ([configured] if configured else []) + list(defaults):
        if Path(candidate).is_file():
            return candidate
    return None
