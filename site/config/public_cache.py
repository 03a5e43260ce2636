"""Cache-Control on every answer outside the API: public pages shared, anything personal never stored.

An anonymous GET of a public page carries no cookie and the same content for
everyone, so it says ``public, max-age=PUBLIC_CACHE_MAX_AGE,
s-maxage=PUBLIC_CACHE_S_MAXAGE`` with the validators of
``campaign.http_cache``: a shared cache (Varnish, a CDN) holds it, Wagtail
purges it on change (``config.purge``) and a revalidation is a 304. Browsers
keep it only briefly because nobody purges them.

Signed-in visitors (they have a session cookie), writes, the admin with its
previews, documents (private evidence among them), invitations, certificates
and anything a view made personal (a cookie, ``private``) answer
``private, no-store``. The API decides for itself (``campaign.api.http``).
"""

from django.conf import settings
from django.utils import translation

from campaign.http_cache import PRIVATE, serve_public
from config.errors import API_PREFIX

SAFE_METHODS = ("GET", "HEAD")


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if not self._shared(request):
            response = self.get_response(request)
            response["Cache-Control"] = PRIVATE
            return response
        cache_control = f"public, max-age={settings.PUBLIC_CACHE_MAX_AGE}, s-maxage={settings.PUBLIC_CACHE_S_MAXAGE}"
        return serve_public(request, self.get_response, cache_control)

    def _shared(self, request):
        if request.method not in SAFE_METHODS or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        path = request.path_info
        language = translation.get_language_from_path(path)
        if language:
            path = path.removeprefix(f"/{language}")
        return not path.startswith(tuple(settings.PUBLIC_CACHE_PRIVATE_PREFIXES))
