"""Sharing an item: its canonical URL, a short link and a QR code of the URL."""

from django.db import IntegrityError, transaction
from django.urls import reverse

from campaign.qrcodes import qr_svg

SHORT_LINK_ATTEMPTS = 8


def short_link_for(page):
    """The page's short link, created on first use; codes are random so they cannot be enumerated in order."""
    from showcase.models import ShortLink

    existing = ShortLink.objects.filter(page_id=page.pk).first()
    if existing:
        return existing
    for _attempt in range(SHORT_LINK_ATTEMPTS):
        try:
            with transaction.atomic():
                return ShortLink.objects.create(page_id=page.pk, code=ShortLink.new_code())
        except IntegrityError:
            existing = ShortLink.objects.filter(page_id=page.pk).first()
            if existing:
                return existing
    raise RuntimeError("could not allocate a unique short-link code")


def share_links(page, request):
    """Everything the share panel shows; nothing for a draft, which has no public URL to share."""
    if not page.live or page.url is None:
        return None
    url = request.build_absolute_uri(page.url)
    code = short_link_for(page).code
    return {
        "url": url,
        "short_url": request.build_absolute_uri(reverse("showcase:short_link", args=[code])),
        "qr_url": request.build_absolute_uri(reverse("showcase:short_link_qr", args=[code])),
        "poster_url": request.build_absolute_uri(reverse("showcase:short_link_poster", args=[code])),
        "qr_svg": qr_svg(url, title=page.title),
    }
