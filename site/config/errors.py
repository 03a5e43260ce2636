"""What a visitor gets when a request fails on our side: a short page, or a problem document where JSON is spoken.

Django calls ``server_error`` for every exception nothing else handled,
including those raised in middleware, while the exception is still being
handled, so it can tell a database outage (answered 503 with ``Retry-After``:
the request may simply be tried again) from a bug (500). Neither answer says
more than that: the traceback goes to the log, never to the client. The pages
are rendered without the request's context processors and without the page
tree, since those may need the very database that is away. Paths under
``/api/`` and the JSON views named in ``JSON_VIEWS`` (whose callers, scripts
in our own pages among them, cannot read an HTML page) get the problem
document instead.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _

from campaign.problems import problem_response

API_PREFIX = "/api/"
JSON_VIEWS = ("search:suggest",)
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(error):
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request):
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        response = _answer(
            request,
            503,
            _("Service temporarily unavailable"),
            _("The site cannot reach its database just now. Please try again in a minute."),
            "campaign/short_notice.html",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _answer(
        request,
        500,
        _("Server error"),
        _("Something went wrong on our side. Please try again in a few minutes."),
        "500.html",
    )


def _answers_json(request):
    return request.path.startswith(API_PREFIX) or request.path in {reverse(name) for name in JSON_VIEWS}


def _answer(request, status, title, detail, template_name):
    if _answers_json(request):
        return problem_response(status, title, detail)
    html = loader.get_template(template_name).render({"title": title, "detail": detail})
    return HttpResponse(html, status=status)
