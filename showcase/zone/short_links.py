from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import cache_control

from campaign.qrcodes import qr_svg
from showcase.models import ShortLink, ShowcaseItemPage
from showcase.zone.posters import poster_png
from showcase.zone.view_counts import FLUSH_EVERY, count_in_cache, take_from_cache


def _published_url(request, code):
    """The public URL a short code stands for; 404 if the code is unknown or its page is gone or unpublished."""
    link = ShortLink.objects.select_related("page").filter(code=code.lower()).first()
    if link is None or not link.page.live:
        raise Http404("unknown short link")
    url = link.page.get_url(request=request)
    if url is None:
        raise Http404("page is not routable")
    return link.page, url


def short_link_redirect(request, code):
    """``/s/<code>``: send the visitor to the published page, or 404 if it is gone or unpublished.

    Each redirect counts one open of the link (the redirect is never kept by a
    shared cache), buffered in the cache like page views.
    """
    _page, url = _published_url(request, code)
    record_open(code.lower())
    return redirect(url)


def _opens_key(code):
    return f"showcase:short-link-opens:{code}"


def record_open(code):
    if count_in_cache(_opens_key(code)) >= FLUSH_EVERY:
        pending = take_from_cache(_opens_key(code))
        ShortLink.objects.filter(code=code).update(opens=F("opens") + pending)


@cache_control(public=True, max_age=3600)
def short_link_qr(request, code):
    """``/s/<code>/qr.svg``: the QR code of the page's canonical URL, for print and for front-ends."""
    page, url = _published_url(request, code)
    return HttpResponse(qr_svg(request.build_absolute_uri(url), title=page.title), content_type="image/svg+xml")


@cache_control(public=True, max_age=3600)
def short_link_poster(request, code):
    """``/s/<code>/poster.png``: the share poster of a published activity or video (404 for anything else).

    The shared cache holds it under the content generation's validators like
    any public page; behind that, the PNG itself is drawn once per item version.
    """
    page, _url = _published_url(request, code)
    item = page.specific
    if not isinstance(item, ShowcaseItemPage) or page.get_view_restrictions().exists():
        raise Http404("no poster for this page")
    short_url = request.build_absolute_uri(reverse("showcase:short_link", args=[code.lower()]))
    return HttpResponse(poster_png(item, short_url), content_type="image/png")
