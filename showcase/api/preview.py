"""Previewing a draft in an external front-end: a short-lived signed token instead of a login there.

An editor who may edit a page asks the admin for a preview link; the token in
it names the page and the revision and expires after
``API_PREVIEW_MAX_AGE_SECONDS``. The front-end passes it to
``GET /api/v3/preview/?token=…`` and receives that revision in the same shape
as the published detail endpoints. Nothing else can be read with it.
"""

import datetime
from typing import Literal
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Schema
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.models import Page, Revision

from campaign.api.http import personal_router, refuse
from campaign.api.inputs import text
from campaign.api.openapi import EXTRA_ERRORS, UNCACHED
from campaign.api.routers import NewsOut, news_out
from campaign.models import NewsPage
from showcase.api.read import ActivityOut, VideoOut, activity_out, video_out
from showcase.models import ActivityPage, VideoPage

SALT = "jieshui.api.preview"
router = personal_router("preview", anonymous=True)
PREVIEWS = {ActivityPage: ("activity", activity_out), VideoPage: ("video", video_out), NewsPage: ("news", news_out)}


def preview_token(page, revision):
    expires = int(timezone.now().timestamp()) + settings.API_PREVIEW_MAX_AGE_SECONDS
    return signing.dumps({"page": page.pk, "revision": revision.pk, "expires": expires}, salt=SALT, compress=True)


def read_preview_token(token):
    """(page id, revision id, expiry) of a valid, unexpired token; raises ``signing.BadSignature`` otherwise."""
    data = signing.loads(token, salt=SALT, max_age=settings.API_PREVIEW_MAX_AGE_SECONDS)
    expires = datetime.datetime.fromtimestamp(int(data["expires"]), tz=datetime.UTC)
    return int(data["page"]), int(data["revision"]), expires


class PreviewOut(Schema):
    type: Literal["activity", "video", "news"]
    expires_at: datetime.datetime
    activity: ActivityOut | None = None
    video: VideoOut | None = None
    news: NewsOut | None = None


@router.get(
    "/preview/",
    response=PreviewOut,
    operation_id="preview",
    summary="Preview a draft",
    openapi_extra={UNCACHED: True, EXTRA_ERRORS: ["401"]},
)
def preview(request, token: text(2000) = Query(..., description="The token from the admin's preview link.")):
    """The draft revision a preview token names, in the shape of its type's detail endpoint."""
    try:
        page_id, revision_id, expires_at = read_preview_token(token)
    except signing.SignatureExpired:
        refuse(401, _("This preview link has expired. Open the preview again from the admin."))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        refuse(401, _("This preview link is not valid. Open the preview again from the admin."))
    revision = Revision.page_revisions.filter(pk=revision_id, object_id=str(page_id)).first()
    if revision is None:
        refuse(404, _("The draft this preview link showed no longer exists."))
    page = revision.as_object()
    kind = PREVIEWS.get(type(page))
    if kind is None:
        refuse(404, _("Previews in front-ends are available for activities, videos and news."))
    item_type, build = kind
    response = {"type": item_type, "expires_at": expires_at, item_type: build(page, request)}
    return response


def preview_link(request, page_id):
    """Admin view: sign the latest revision and open the configured front-end with the token.

    Only someone who may edit the page (or review it in its current task) gets a link.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    permissions = page.permissions_for_user(request.user)
    task = page.current_workflow_task
    may_review = task is not None and task.specific.user_can_access_editor(page, request.user)
    if not (permissions.can_edit() or may_review):
        raise PermissionDenied
    revision = page.get_latest_revision()
    if revision is None or type(page) not in PREVIEWS:
        refuse_page = _("There is no draft of this page to preview in a front-end.")
        return TemplateResponse(request, "showcase/admin/preview_link.html", {"page": page, "error": refuse_page})
    token = preview_token(page, revision)
    api_url = request.build_absolute_uri(reverse("wagtailapi_v3:preview") + "?" + urlencode({"token": token}))
    if settings.FRONTEND_PREVIEW_URL:
        return redirect(settings.FRONTEND_PREVIEW_URL + "?" + urlencode({"token": token}))
    return TemplateResponse(
        request,
        "showcase/admin/preview_link.html",
        {"page": page, "api_url": api_url, "minutes": settings.API_PREVIEW_MAX_AGE_SECONDS // 60},
    )


class FrontendPreviewMenuItem(ActionMenuItem):
    label = gettext_lazy("Preview in the front-end")
    name = "action-frontend-preview"
    icon_name = "view"
    order = 90

    def is_shown(self, context):
        page = context.get("page")
        return context["view"] == "edit" and page is not None and type(page) in PREVIEWS

    def get_url(self, parent_context):
        return reverse("showcase_frontend_preview", args=[parent_context["page"].pk])
