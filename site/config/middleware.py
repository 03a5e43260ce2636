from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.api.v3.errors import PROBLEM_JSON

from campaign.api.errors import problem
from config.errors import API_PREFIX


class ChineseFirstLocaleMiddleware:
    """Serve Simplified Chinese unless the address asks for another language.

    Django's LocaleMiddleware follows the browser's Accept-Language header, so a
    visitor whose browser is set to English would get an English interface on a
    Chinese campaign site. Here the language is part of the address: Chinese
    pages are unprefixed and English ones live under ``/en/``
    (``i18n_patterns`` in ``config.urls``), so one address always shows one
    language and needs no cookie, which lets shared caches keep public pages.
    API clients choose with an explicit ``Accept-Language`` naming a supported
    language; the admin follows each user's own preference (Wagtail's).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            chosen = self._accepted(request.headers.get("Accept-Language", ""))
        else:
            chosen = translation.get_language_from_path(request.path_info)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        translation.deactivate()
        return response

    def _accepted(self, header):
        """The first language of an Accept-Language header that the site supports (en-US counts as en)."""
        for part in header.split(","):
            code = part.split(";")[0].strip().lower()
            for candidate in (code, code.split("-")[0]):
                if candidate in self.supported:
                    return candidate
        return None


def api_not_found(request):
    return problem(404, _("There is no API endpoint at this address. The endpoints are listed at /api/v3/docs/."))


class APIProblemMiddleware:
    """Under /api/, every error is application/problem+json: never an HTML page, never a traceback.

    django-ninja answers a wrong method with plain text and Django's own
    handlers answer with HTML pages; this rewrites any such error response into
    the API's one error shape. Exceptions are answered by ``config.errors``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith((PROBLEM_JSON, "application/json")):
            return response
        answer = problem(response.status_code, self._detail(response))
        for header in ("Allow", "Retry-After", "Vary", "Access-Control-Allow-Origin"):
            if header in response:
                answer[header] = response[header]
        return answer

    def _detail(self, response):
        if response.status_code == 405:
            return _("This endpoint does not accept this HTTP method. Allowed: %(allowed)s.") % {
                "allowed": response.get("Allow", "")
            }
        if response.status_code == 404:
            return _("Not found, or not public.")
        if response.status_code == 403:
            return _("Your account may not do this.")
        return _("The request could not be answered.")
