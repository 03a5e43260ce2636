"""The one headless API: Wagtail's API v3 with the campaign apps' routers, at ``/api/v3/``.

Wagtail's own page and identity routers are reused as they are (same tokens,
errors, pagination, forms and actions); the apps add typed, public resources,
search, assessment results, filing and review. Wagtail's image, document,
snippet, redirect and site routers are left out on purpose: they list every
image and document to anonymous users, including those of unpublished items.
One instance means one OpenAPI document for everything.
"""

import json
import logging
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.renderers import JSONRenderer
from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v3.api import _gate_docs
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import problem_response, register_exception_handlers
from wagtail.api.v3.routers import pages as wagtail_pages
from wagtail.api.v3.routers.whoami import router as wagtail_whoami_router
from wagtail.api.v3.schemas.pages import BasePageSchema

from campaign.api.http import public_read_caching
from campaign.api.openapi import complete_openapi
from campaign.api.tokens import enforce_token_expiry
from config.errors import is_database_unavailable
from config.errors import server_error as site_server_error
from config.query_input import beyond

logger = logging.getLogger("config.api")

# ninja reports a response that does not fit its own schema as this model's validation error.
RESPONSE_SCHEMA_TITLE = "NinjaResponseSchema"


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese as characters rather than \\u escapes: a third smaller and readable in logs."""

    json_dumps_params = {"ensure_ascii": False}


class CampaignAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return complete_openapi(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


def server_error(request, exc):
    """Log the failure with its traceback for the operators; the client learns only that it failed (503 for a
    database outage, 500 otherwise), in the same problem document the rest of the site answers under /api/."""
    if not is_database_unavailable(exc):
        logger.exception("API request failed: %s %s", request.method, request.path, exc_info=exc)
    else:
        logger.error("API request failed: the database is unavailable (%s)", type(exc).__name__)
    return site_server_error(request)


# The largest integer every id and count column takes on every supported database (PostgreSQL's integer).
LARGEST_INTEGER = 2**31 - 1


def _oversized(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, int | str):
        return beyond(value, LARGEST_INTEGER)
    if isinstance(value, dict):
        return any(_oversized(item) for item in value.values())
    if isinstance(value, list):
        return any(_oversized(item) for item in value)
    return False


def refuse_unqueryable_input(view):
    """A number no id or count can reach, or a NUL character, is refused before it reaches a query.

    The databases reject such numbers themselves, but as a server error (SQLite's
    OverflowError, PostgreSQL's "integer out of range"), and on PostgreSQL only
    after breaking the transaction; PostgreSQL refuses NUL in any text the same way.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        for name, value in kwargs.items():
            if _oversized(str(value)):
                return _invalid(["path", name], _("This number is too large to be an id."))
        for name, values in request.GET.lists():
            if any(_oversized(value) for value in values):
                return _invalid(["query", name], _("This number is larger than any id or count."))
            if any("\x00" in value for value in values):
                return _invalid(["query", name], _("This value contains a NUL character; remove it."))
        if request.content_type == "application/json" and request.body:
            try:
                body = json.loads(request.body)
            except ValueError:
                body = None
            if _oversized(body):
                return _invalid(["body"], _("The body holds a number larger than any id or count."))
            if "\\u0000" in json.dumps(body):
                return _invalid(["body"], _("The body contains a NUL character; remove it."))
        return view(request, *args, **kwargs)

    return wrapper


def _invalid(location, message):
    return problem_response(
        status=422, detail=_("Validation failed"), errors=[{"type": "invalid", "loc": location, "msg": str(message)}]
    )


def _register_error_handlers(api):
    register_exception_handlers(api)
    wagtail_validation_handler = api._exception_handlers[PydanticValidationError]

    @api.exception_handler(PydanticValidationError)
    def validation_or_server_error(request, exc):
        if exc.title == RESPONSE_SCHEMA_TITLE:
            return server_error(request, exc)
        return wagtail_validation_handler(request, exc)

    @api.exception_handler(AuthenticationError)
    def authentication_required(request, exc):
        return problem_response(
            status=401,
            detail=_(
                "A valid API token is required: send “Authorization: Bearer <token>”. "
                "Tokens are issued, and expire or are revoked, in the admin under Settings → API tokens."
            ),
        )

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        if not request.user.is_authenticated:
            return authentication_required(request, exc)
        return problem_response(status=403, detail=str(exc) or _("Your account may not do this."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem_response(status=404, detail=_("Not found, or not public."))

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return problem_response(
            status=429,
            detail=_("Too many requests. Wait %(seconds)s seconds and try again.") % {"seconds": int(exc.wait or 1)},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return problem_response(status=exc.status_code, detail=str(exc))

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        return server_error(request, exc)


def wagtail_page_reads():
    """Wagtail's own page list and detail, registered from Wagtail's view functions.

    Wagtail's generic page writes and actions (create, update, copy, move,
    publish, delete…) are not mounted: units file through ``/filing/``, which
    applies the product's rules on top of the same forms and actions, and
    editors use the admin. Under generated input (the schemathesis test)
    Wagtail 8.0.1's write routes answered server errors: a list as a body, a
    non-numeric page id on PATCH, a copy of the tree's root.
    """
    router = Router(tags=["pages"])
    router.add_decorator(public_read_caching, mode="view")
    auth = [BearerTokenAuth(), AllowAnonymous()]
    router.get(
        "/",
        response=list[BasePageSchema],
        url_name="list_pages",
        summary="List pages",
        operation_id="pages_list",
        auth=auth,
    )(wagtail_pages.list_pages)
    router.get(
        "/{page_id}/",
        response=wagtail_pages.PageDetailSchema,
        url_name="detail_page",
        summary="Page detail",
        operation_id="pages_detail",
        auth=auth,
    )(wagtail_pages.get_page)
    return router


def build_api():
    from assessment.api import router as assessment_router
    from campaign.api.routers import router as campaign_router
    from search.api import router as search_router
    from showcase.api import filing_router, review_router
    from showcase.api import router as showcase_router
    from showcase.api.preview import router as preview_router

    api = CampaignAPI(
        title=gettext_lazy("Water-saving campaign API"),
        version="3.0.0",
        description=gettext_lazy(
            "Everything the public campaign pages show, search with facets, assessment results, "
            "and filing and review for units and moderators with an API token. Errors are "
            "application/problem+json. Built on Wagtail's API v3."
        ),
        urls_namespace="wagtailapi_v3",
        renderer=ChineseJSONRenderer(),
        docs_decorator=_gate_docs,
        openapi_url="/openapi.json",
        docs_url="/docs/",
    )
    _register_error_handlers(api)
    api.add_decorator(enforce_token_expiry, mode="view")
    api.add_decorator(refuse_unqueryable_input, mode="view")
    api.add_router("/pages/", wagtail_page_reads())
    api.add_router("/", wagtail_whoami_router)
    api.add_router("/", campaign_router)
    api.add_router("/", showcase_router)
    api.add_router("/", search_router)
    api.add_router("/", assessment_router)
    api.add_router("/", filing_router)
    api.add_router("/", review_router)
    api.add_router("/", preview_router)
    return api


api = build_api()
