from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    """Serve Simplified Chinese unless the visitor chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language header, so a
    visitor whose browser is set to English would get an English interface on a
    Chinese campaign site. Here only an explicit choice, stored in the language
    cookie by Django's ``set_language`` view, switches the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        translation.deactivate()
        return response
