"""Requests per client and time window: the one rate limiter of the API and the public HTML views.

Counts live in the default cache, so with ``REDIS_URL`` every worker adds to
the same counts; with the per-process memory cache each worker counts alone.
A window is fixed (requests in the current minute, say), which one atomic
increment decides, so concurrent workers can never both take the last place.
The price is that a client may spend a window's allowance at its end and the
next one's at the start: at most twice the rate in any stretch of that length.

The client is the address the request came from, or behind
``TRUSTED_PROXY_COUNT`` reverse proxies the address the outermost of them saw,
read from ``X-Forwarded-For``. The sign-in lockout (django-axes) reads the same
function (``AXES_CLIENT_IP_CALLABLE``), so both count the same clients.
"""

import contextlib
import ipaddress
import math
import re
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
RATE = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)?(sec|min|hour|day|s|m|h|d)")


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, text):
        """``"120/min"``, ``"10/5s"`` or ``"1000/day"``; a ValueError names the accepted forms otherwise."""
        match = RATE.fullmatch(str(text).strip())
        if match is None:
            raise ValueError(f"{text!r} is not a rate: write requests/period, e.g. 120/min, 10/5s or 1000/day")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * PERIODS[unit])


def client_address(request):
    """The client's address, as far as the proxies we trust can vouch for it.

    Each proxy appends the address it received the request from, so with N
    proxies the Nth entry from the right is the one the outermost proxy saw;
    anything to its left was written by the client and may be made up.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and forwarded:
        candidate = forwarded[-min(proxies, len(forwarded))]
        with contextlib.suppress(ValueError):
            address = str(ipaddress.ip_address(candidate))
    return address


def seconds_to_wait(scope, client, rate):
    """Count one request of ``client`` in ``scope``: None while within ``rate``, else the seconds left in the window."""
    now = time.time()
    window = int(now // rate.seconds)
    key = f"ratelimit:{scope}:{client}:{window}"
    # The key outlives its window by a little, so a late increment never meets an expired count.
    cache.add(key, 0, timeout=rate.seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=rate.seconds + 5)
        count = 1
    if count <= rate.requests:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def rate_limited(scope, setting, refuse):
    """Limit a view to the rate named by ``setting`` per client address; ``refuse(request, seconds)`` answers the rest.

    The answer carries ``Retry-After`` whatever ``refuse`` builds. The rate is
    read on every request, so the deployment and the tests may change it.
    """

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            seconds = seconds_to_wait(scope, client_address(request), Rate.parse(getattr(settings, setting)))
            if seconds is None:
                return view(request, *args, **kwargs)
            response = refuse(request, seconds)
            response["Retry-After"] = str(seconds)
            return response

        return limited

    return decorator
