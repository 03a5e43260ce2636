"""Errors as JSON: the one problem document (RFC 9457) of the site's JSON endpoints and its error handler.

Clients of the API and of the search suggestions read ``status`` and
``detail`` the same way whether the error came from a view, a rate limit or
an outage; ``detail`` is written for people, in the request's language.
"""

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(status, title, detail):
    return JsonResponse(
        {"type": "about:blank", "title": str(title), "status": status, "detail": str(detail)},
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
