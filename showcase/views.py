from django.http import Http404
from django.shortcuts import redirect

from showcase.models import ShortLink


def short_link_redirect(request, code):
    """``/s/<code>``: send the visitor to the published page, or 404 if it is gone or unpublished."""
    link = ShortLink.objects.select_related("page").filter(code=code.lower()).first()
    if link is None or not link.page.live:
        raise Http404("unknown short link")
    url = link.page.get_url(request=request)
    if url is None:
        raise Http404("page is not routable")
    return redirect(url)
