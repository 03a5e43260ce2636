"""Login lockouts (django-axes) as a superuser sees and lifts them.

Axes keeps one row per login name, address and browser; a name or an address
is locked once its rows together reach ``AXES_FAILURE_LIMIT`` within the
cool-off. Unlocking deletes the rows of that name or that address, which is
what axes' own ``axes_reset_username`` and ``axes_reset_ip`` commands do.
"""

import math
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


@dataclass
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last_attempt: object


def client_description(username, ip_address, user_agent, path_info, request):
    """What axes writes to the log: the account's id, never the login name, which is an email address."""
    user_id = None
    if username:
        User = get_user_model()
        user_id = User.objects.filter(**{User.USERNAME_FIELD: username}).values_list("pk", flat=True).first()
    return f"{{user id: {user_id or 'unknown'}, ip_address: {ip_address}, path_info: {path_info}}}"


def current_lockouts():
    """Login names and addresses locked now, most recent first."""
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    limit = get_failure_limit(None, None)
    locked = []
    for kind in ("username", "ip_address"):
        rows = (
            attempts.exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
            .filter(failures__gte=limit)
        )
        locked += [Lockout(kind, row[kind], row["failures"], row["last_attempt"]) for row in rows]
    return sorted(locked, key=lambda lockout: lockout.last_attempt, reverse=True)


def unlock(kind, value):
    """Forget the failures of one login name or one address; returns how many attempt rows went."""
    if kind == "username":
        return AxesProxyHandler.reset_attempts(username=value)
    if kind == "ip_address":
        return AxesProxyHandler.reset_attempts(ip_address=value)
    raise ValueError(kind)


def seconds_until_unlocked(request, credentials=None):
    """How long the lock on this request's login name or address has left, or None if it never lifts by itself.

    A lock holds while the failures newer than the cool-off add up to the
    limit, so it lifts when the newest rows that reach the limit grow older than
    the cool-off; that can be sooner than a whole cool-off from now, when
    earlier failures from the same address under other names made up the count.
    """
    cool_off = get_cool_off(request)
    if not cool_off:
        return None
    limit = get_failure_limit(request, credentials)
    now = timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off).order_by("-attempt_time")
    locked_by = {"username": get_client_username(request, credentials), "ip_address": request.axes_ip_address}
    lifts = []
    for kind, value in locked_by.items():
        failures = 0
        for count, attempt_time in recent.filter(**{kind: value}).values_list("failures_since_start", "attempt_time"):
            failures += count
            if failures >= limit:
                lifts.append(attempt_time + cool_off)
                break
    # Every failure happened by now, so no lock outlasts a whole cool-off from now.
    lifted_at = max(lifts, default=now + cool_off)
    return max(1, math.ceil((lifted_at - now).total_seconds()))


def lockout_response(request, original_response=None, credentials=None):
    """A page in the admin's look that says why the sign-in is refused and for how long, with ``Retry-After``."""
    seconds = seconds_until_unlocked(request, credentials)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": math.ceil(seconds / 60) if seconds else None,
    }
    response = render(request, "config/locked_out.html", context, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
