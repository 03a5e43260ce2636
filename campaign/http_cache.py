"""Validators and cache lifetimes of public answers, shared by the API and the public pages.

An answer to an anonymous GET is identified by the content generation
(``campaign.models.ContentGeneration``, bumped by every public change), the
address with its host (two sites both have a ``/``) and query, and the language: its ETag and Last-Modified change the
moment anything public changes, and a conditional request is answered 304
before any query for the content itself runs. One function builds them, so the
API and the pages can never disagree on what "unchanged" means.
"""

import hashlib

from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from campaign.models import ContentGeneration

PRIVATE = "private, no-store"


def validators(request):
    """(etag, last_modified as a Unix time) of the public content this request would be shown now."""
    generation, changed_at = ContentGeneration.current()
    fingerprint = "\n".join((str(generation), request.build_absolute_uri(), translation.get_language() or ""))
    etag = '"' + hashlib.sha256(fingerprint.encode()).hexdigest()[:32] + '"'
    return etag, int(changed_at.timestamp())


def serve_public(request, view, cache_control):
    """Answer with ``view(request)``, or 304 when the client's validators are still current.

    A 200 or 304 carries the validators and ``cache_control``, unless the view
    made it somebody's own: an answer that sets a cookie (a CSRF token for a
    form on the page) or already says ``private`` or ``no-store`` is
    ``private, no-store``. Any other answer keeps its own Cache-Control, or is
    marked ``no-cache`` (an error page is never reused without asking).
    """
    etag, last_modified = validators(request)
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = view(request)
    if response.cookies or _personal(response.get("Cache-Control", "")):
        response["Cache-Control"] = PRIVATE
        for header in ("ETag", "Last-Modified"):
            del response[header]
    elif response.status_code in (200, 304):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = cache_control
    elif "Cache-Control" not in response:
        response["Cache-Control"] = "no-cache"
    return response


def _personal(cache_control):
    directives = {part.strip().split("=")[0].lower() for part in cache_control.split(",")}
    return bool(directives & {"private", "no-store"})
