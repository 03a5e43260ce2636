"""HTTP behaviour of the public reads and the writes: validators with 304s, cache lifetimes, rate limits.

Public reads carry the validators of ``campaign.http_cache`` (the content
generation), shared with the public pages. Requests with a token are personal:
they are never cached by shared caches and never answered 304.
"""

from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.throttling import BaseThrottle
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

from campaign import ratelimit
from campaign.http_cache import PRIVATE, serve_public

VARY_HEADERS = ("Authorization", "Accept-Language", "Origin")


def public_read_caching(view):
    """Validators and a max-age on anonymous GETs; ``private, no-store`` on everything else."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        personal = request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META
        if personal:
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = PRIVATE
            patch_vary_headers(response, VARY_HEADERS)
            return response
        response = serve_public(
            request, lambda request: view(request, *args, **kwargs), f"public, max-age={settings.API_CACHE_MAX_AGE}"
        )
        patch_vary_headers(response, VARY_HEADERS)
        return response

    return wrapper


def never_stored(view):
    """For answers meant for one person (a draft preview, a token user's data): no cache may keep them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = PRIVATE
        patch_vary_headers(response, VARY_HEADERS)
        return response

    return wrapper


_throttle_wait = ContextVar("api_throttle_wait", default=None)


class SettingsRateThrottle(BaseThrottle):
    """A ninja throttle over ``campaign.ratelimit``, at the rate ``API_THROTTLE_RATES[scope]`` read per request.

    Anonymous clients are told apart by address (``TRUSTED_PROXY_COUNT``
    proxies considered, like the lockout), token holders by token: never one
    shared bucket for everybody. Ninja keeps one throttle object for all
    requests (and deep-copies it with the operation) and asks ``wait()`` right
    after ``allow_request()``, so the wait is kept in a context variable: each
    request's thread sees its own.
    """

    scope = None

    def allow_request(self, request):
        token = getattr(request, "auth", None)
        client = (
            f"token-{token.pk}"
            if getattr(token, "pk", None) and hasattr(token, "key_hash")
            else ratelimit.client_address(request)
        )
        rate = ratelimit.Rate.parse(settings.API_THROTTLE_RATES[self.scope])
        seconds = ratelimit.seconds_to_wait(f"api-{self.scope}", client, rate)
        _throttle_wait.set(seconds)
        return seconds is None

    def wait(self):
        return _throttle_wait.get()


class AnonymousSearchThrottle(SettingsRateThrottle):
    scope = "search"


class TokenWriteThrottle(SettingsRateThrottle):
    scope = "write"


def public_router(tag):
    """A router of anonymous reads: a token changes nothing they show, and their answers carry validators."""
    router = Router(tags=[tag], auth=[AllowAnonymous()])
    router.add_decorator(public_read_caching, mode="view")
    return router


def personal_router(tag, *, anonymous=False):
    """A router whose answers belong to one person (a token's user, or a preview link's holder): never stored."""
    router = Router(tags=[tag], auth=[AllowAnonymous()] if anonymous else BearerTokenAuth())
    router.add_decorator(never_stored, mode="view")
    return router


def rate_limited(throttle, **openapi_extra):
    """The keyword arguments of an operation that is throttled (and documents its 429)."""
    from campaign.api.openapi import RATE_LIMITED

    return {"throttle": [throttle], "openapi_extra": {RATE_LIMITED: True, **openapi_extra}}


class Refusal(HttpError):
    """An HTTP error whose problem document also lists field errors (``loc``, ``msg``)."""

    def __init__(self, status_code, message, errors=None):
        super().__init__(status_code, message)
        self.errors = errors


def refuse(status, message, errors=None):
    """Raise the API's problem response with a message the user can act on (and the fields concerned, if any)."""
    raise Refusal(status, str(message), errors)


def not_found(what):
    refuse(404, _("%(what)s not found, or not public.") % {"what": what})
