"""The one headless API: Wagtail's API v3 with the campaign apps' routers, at ``/api/v3/``.

Wagtail's own page and identity routers are reused (same tokens, errors,
pagination, forms and actions); the apps add typed, public resources, search,
assessment results, filing and review. Wagtail's image, document, snippet,
redirect and site routers are left out on purpose: they list every image and
document to anonymous users, including those of unpublished items. One
instance means one OpenAPI document for everything.
"""

import logging

from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from wagtail.api.v3.api import _gate_docs
from wagtail.api.v3.routers.whoami import router as wagtail_whoami_router

from campaign.api.bodies import StrictJSONParser
from campaign.api.errors import register_error_handlers, validation_error
from campaign.api.openapi import complete_openapi
from campaign.api.pages import wagtail_page_reads
from campaign.api.tokens import enforce_token_expiry
from config.errors import is_database_unavailable
from config.errors import server_error as site_server_error

logger = logging.getLogger("config.api")


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese as characters rather than \\u escapes: a third smaller and readable in logs."""

    json_dumps_params = {"ensure_ascii": False}


class CampaignAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return complete_openapi(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))

    def validation_error_from_error_contexts(self, error_contexts):
        return validation_error(error_contexts)


def server_error(request, exc):
    """Log the failure with its traceback for the operators; the client learns only that it failed (503 for a
    database outage, 500 otherwise), in the same problem document the rest of the site answers under /api/."""
    if not is_database_unavailable(exc):
        logger.exception("API request failed: %s %s", request.method, request.path, exc_info=exc)
    else:
        logger.error("API request failed: the database is unavailable (%s)", type(exc).__name__)
    return site_server_error(request)


def build_api():
    from assessment.api import router as assessment_router
    from campaign.api.routers import router as campaign_router
    from campaign.api.search import router as search_router
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
        parser=StrictJSONParser(),
        docs_decorator=_gate_docs,
        openapi_url="/openapi.json",
        docs_url="/docs/",
    )
    register_error_handlers(api, server_error=server_error)
    api.add_decorator(enforce_token_expiry, mode="view")
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
