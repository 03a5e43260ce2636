"""API tokens expire: a token older than ``API_TOKEN_MAX_AGE_DAYS`` is revoked the first time it is presented.

Wagtail's tokens (``wagtail.models.APIToken``) have no expiry of their own. A
token past its age is revoked in place, the same soft revocation the admin's
"Revoke" button performs, so the admin lists it as revoked and Wagtail's own
authentication then refuses it with 401; the audit log records why.
"""

import datetime
from functools import wraps

from django.conf import settings
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import APIToken

BEARER_PREFIX = "bearer "


def token_lifetime():
    return datetime.timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)


def expires_at(token):
    return token.created + token_lifetime()


def revoke_if_expired(raw_token, now=None):
    """Revoke the live token matching ``raw_token`` if it has outlived its lifetime; True if it did."""
    now = now or timezone.now()
    candidates = APIToken.candidate_key_hashes(raw_token)
    expired = APIToken.objects.filter(
        key_hash__in=candidates, revoked_at__isnull=True, created__lte=now - token_lifetime()
    ).first()
    if expired is None:
        return False
    expired.revoke()
    log(instance=expired, action="wagtail.apitoken.revoke", user=None, data={"reason": "expired"})
    return True


def enforce_token_expiry(view):
    """View decorator for the whole API, so Wagtail's own operations honour the expiry as well as ours."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header[: len(BEARER_PREFIX)].lower() == BEARER_PREFIX:
            revoke_if_expired(header[len(BEARER_PREFIX) :].strip())
        return view(request, *args, **kwargs)

    return wrapper
