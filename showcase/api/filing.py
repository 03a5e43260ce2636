"""Filing through the API: a unit's submitter creates and updates draft activities, uploads images, submits.

Every write goes through the same admin form Wagtail's API v3 binds
(``ShowcaseItemForm``: the unit comes from the submitter's membership, the
filing window, the jurisdiction's rules) and the same page actions (permission
and lock checks), so the API can do exactly what the admin lets the user do.
"""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile
from wagtail.actions import action_registry
from wagtail.api.v3.form_data import build_page_form, build_page_update_form
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection
from wagtail.permissions import policy_registry
from wagtail.utils.forms import FormValidationError

from campaign.api.http import TokenWriteThrottle, personal_router, rate_limited, refuse
from campaign.api.inputs import (
    NO_CONTROL_CHARACTERS,
    VISIBLE_TEXT,
    BodySchema,
    Count,
    Id,
    IsoDate,
    Key,
    rich_text,
    text,
    visible_text,
)
from campaign.api.openapi import CONFLICTS
from showcase.filing.forms import NEW_ACTIVITY_DEFAULTS, FormPayload
from showcase.filing.window import filing_refusal
from showcase.models import ActivityPage, JurisdictionPage, Region, Sector, Unit

router = personal_router("filing")
WRITE = rate_limited(TokenWriteThrottle())


# Rich text arrives as database HTML (Wagtail's own format); only the field's features are kept.
RichText = rich_text(50_000)
BlockId = text(64, pattern=NO_CONTROL_CHARACTERS)
Caption = text(250, pattern=NO_CONTROL_CHARACTERS)


class ProgressUpdateIn(BodySchema):
    id: Id | None = Field(None, description="An existing update's id, to keep or change it; omit for a new one.")
    date: IsoDate
    text: text(1000, min_length=1, pattern=VISIBLE_TEXT)


class ParagraphBlockIn(BodySchema):
    type: Literal["paragraph"]
    id: BlockId | None = Field(None, description="The block's id from the detail endpoint, to keep it.")
    value: RichText = Field(description="HTML: h3, h4, bold, italic, lists and links are kept.")


class ImageIn(BodySchema):
    image: Id = Field(description="An image id from POST /images/.")
    alt_text: visible_text(200) = Field(description="The image described for readers who cannot see it.")
    caption: Caption = ""


class GalleryBlockIn(BodySchema):
    type: Literal["gallery"]
    id: BlockId | None = Field(None, description="The block's id from the detail endpoint, to keep it.")
    value: list[ImageIn] = Field(min_length=1, max_length=30)


class EmbeddedVideoIn(BodySchema):
    video: text(2000, pattern=r"^https?://[^\x00-\x20]+$") = Field(description="The video's page on a video platform.")
    caption: Caption = ""


class VideoBlockIn(BodySchema):
    type: Literal["video"]
    id: BlockId | None = Field(None, description="The block's id from the detail endpoint, to keep it.")
    value: EmbeddedVideoIn


class UploadedVideoIn(BodySchema):
    video: Id = Field(description="A video document's id (mp4, webm or mov).")
    caption: Caption = ""


class UploadedVideoBlockIn(BodySchema):
    type: Literal["uploaded_video"]
    id: BlockId | None = Field(None, description="The block's id from the detail endpoint, to keep it.")
    value: UploadedVideoIn


class QuoteIn(BodySchema):
    text: text(2000, min_length=1, pattern=VISIBLE_TEXT)
    attribution: text(200, pattern=NO_CONTROL_CHARACTERS) = ""


class QuoteBlockIn(BodySchema):
    type: Literal["quote"]
    id: BlockId | None = Field(None, description="The block's id from the detail endpoint, to keep it.")
    value: QuoteIn


BodyBlock = Annotated[
    ParagraphBlockIn | GalleryBlockIn | VideoBlockIn | UploadedVideoBlockIn | QuoteBlockIn,
    Field(discriminator="type"),
]


class ActivityFields(BodySchema):
    summary: text(500, min_length=1, pattern=VISIBLE_TEXT) = None
    starts_on: IsoDate = None
    ends_on: IsoDate = None
    venue: visible_text(200) = None
    participant_count: Count | None = None
    theme_mark_used: bool = None
    sectors: list[Key] = Field(None, max_length=20, description="Sector slugs (see /sectors/).")
    regions: list[Key] = Field(None, max_length=20, description="Region slugs (see /regions/).")
    keywords: list[text(100, pattern=NO_CONTROL_CHARACTERS)] = Field(None, max_length=20, description="Free keywords.")
    lead_image: Id | None = Field(None, description="An image id from POST /images/.")
    body: list[BodyBlock] = Field(None, max_length=100, description="The body's blocks, in order.")
    outcomes: RichText = Field(None, description="HTML; only bold, italic, lists and links are kept.")
    progress_updates: list[ProgressUpdateIn] = Field(None, max_length=100, description="Replaces the whole list.")
    unit: Id | None = Field(
        None, description="Editors and moderators only: the unit filed for. Submitters file for their own unit."
    )


class FilingPlace(BodySchema):
    showcase: Id = Field(..., description="The showcase's id (see /showcases/).")
    jurisdiction: Key = Field(..., description="The jurisdiction's code (see /jurisdictions/).")


class ActivityCreateIn(ActivityFields):
    meta: FilingPlace
    title: visible_text(255)
    summary: text(500, min_length=1, pattern=VISIBLE_TEXT)
    starts_on: IsoDate
    ends_on: IsoDate
    venue: visible_text(200)
    sectors: list[Key] = Field(..., min_length=1, max_length=20, description="Sector slugs (see /sectors/).")
    regions: list[Key] = Field(..., min_length=1, max_length=20, description="Region slugs (see /regions/).")


class ActivityUpdateIn(ActivityFields):
    title: visible_text(255) = None


class DraftOut(Schema):
    id: int
    title: str
    status: str = Field(description="Wagtail's status: draft, in moderation, live …")
    live: bool
    has_unpublished_changes: bool
    in_review: bool
    latest_revision_created_at: datetime.datetime | None
    edit_url: str = Field(description="The same draft in the admin.")


class ImageCreatedOut(Schema):
    id: int
    title: str
    width: int
    height: int


BODY = ("body", "data")


def _missing_reference(loc, message):
    refuse(404, message, errors=[{"type": "not_found", "loc": [*BODY, *loc], "msg": str(message)}])


class TagSlugs:
    """Slugs of a controlled vocabulary to the names the admin form takes; an unknown one is named by position."""

    def __init__(self, model, field):
        self.model, self.field = model, field

    def names(self, slugs):
        known = dict(self.model.objects.filter(slug__in=slugs).values_list("slug", "name"))
        unknown = [index for index, slug in enumerate(slugs) if slug not in known]
        if unknown:
            _missing_reference(
                (self.field, unknown[0]),
                _("Unknown %(field)s “%(slug)s”: use a slug from the list endpoint.")
                % {"field": self.field, "slug": slugs[unknown[0]]},
            )
        return [known[slug] for slug in slugs]


TAG_FIELDS = {"sectors": TagSlugs(Sector, "sectors"), "regions": TagSlugs(Region, "regions")}


def _references(values):
    """(location, model, id) of every object the body names by id: images, video documents, the unit."""
    if values.get("lead_image") is not None:
        yield ("lead_image",), get_image_model(), values["lead_image"]
    if values.get("unit") is not None:
        yield ("unit",), Unit, values["unit"]
    for index, block in enumerate(values.get("body") or ()):
        if block["type"] == "gallery":
            for position, image in enumerate(block["value"]):
                yield ("body", index, "value", position, "image"), get_image_model(), image["image"]
        elif block["type"] == "uploaded_video":
            yield ("body", index, "value", "video"), get_document_model(), block["value"]["video"]


def _refuse_missing_references(values):
    """An image, document or unit that does not exist is a 404 naming the field, as a missing showcase is."""
    for loc, model, pk in _references(values):
        if not model.objects.filter(pk=pk).exists():
            _missing_reference(
                loc,
                _("There is no %(kind)s with id %(id)s: upload it first, or use an id the API gave you.")
                % {"kind": model._meta.verbose_name, "id": pk},
            )


def _payload(data, exclude=("meta",), defaults=None):
    values = {**(defaults or {}), **data.dict(exclude=set(exclude), exclude_unset=True)}
    _refuse_missing_references(values)
    for field, vocabulary in TAG_FIELDS.items():
        if values.get(field) is not None:
            values[field] = vocabulary.names(values[field])
    if values.get("progress_updates") is not None:
        values["progress_updates"] = [
            {key: value for key, value in update.items() if value is not None} for update in values["progress_updates"]
        ]
    return FormPayload(values)


def _draft(page):
    page = page.specific
    return {
        "id": page.pk,
        "title": page.get_latest_revision_as_object().title if page.has_unpublished_changes else page.title,
        "status": str(page.status_string),
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "in_review": page.workflow_in_progress,
        "latest_revision_created_at": page.latest_revision_created_at,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }


def _editable_activity(request, activity_id):
    """The activity if this user may edit it; 404 otherwise, so other units' drafts are not even confirmed to exist."""
    return get_object_or_404(get_pages_queryset(request, ActivityPage).specific(), pk=activity_id)


def _run(form, action):
    """Execute a create or edit action atomically: a refusal at any step leaves nothing behind."""
    with transaction.atomic():
        action.execute()
    return form.instance


@router.get("/filing/activities/", response=list[DraftOut], operation_id="filing_activities", summary="My activities")
def my_activities(request):
    """The activities this token's user may edit (their unit's drafts, or their jurisdiction's for moderators)."""
    pages = get_pages_queryset(request, ActivityPage).order_by("-latest_revision_created_at", "-pk")[:200]
    return [_draft(page) for page in pages]


@router.post(
    "/filing/activities/", response={201: DraftOut}, operation_id="filing_create", summary="File an activity", **WRITE
)
def create_activity(request, data: ActivityCreateIn):
    """Create a draft activity under a jurisdiction of a showcase; it is not public until reviewed and published."""
    parent = JurisdictionPage.objects.filter(
        jurisdiction__code=data.meta.jurisdiction, path__startswith=_showcase_path(data.meta.showcase)
    ).first()
    if parent is None:
        refuse(404, _("That showcase has no page for jurisdiction “%(code)s”.") % {"code": data.meta.jurisdiction})
    if not parent.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied(_("Your account may not file activities under %(place)s.") % {"place": parent.title})
    refusal = filing_refusal(request.user, parent)
    if refusal:
        raise PermissionDenied(refusal)
    form = build_page_form(ActivityPage, parent, _payload(data, defaults=NEW_ACTIVITY_DEFAULTS), request.user)
    action = action_registry.get_action_class(ActivityPage, "create")(
        form.instance, parent, user=request.user, form=form
    )
    page = _run(form, action)
    return Status(201, _draft(page))


def _showcase_path(showcase_id):
    from showcase.models import ShowcaseIndexPage

    showcase = ShowcaseIndexPage.objects.filter(pk=showcase_id).only("path").first()
    if showcase is None:
        refuse(404, _("No showcase with id %(id)s.") % {"id": showcase_id})
    return showcase.path


@router.patch(
    "/filing/activities/{activity_id}/",
    response=DraftOut,
    operation_id="filing_update",
    summary="Update a draft activity",
    **WRITE,
)
def update_activity(request, activity_id: Id, data: ActivityUpdateIn):
    """Change the fields given (lists replace the whole list); saved as a new draft revision."""
    page = _editable_activity(request, activity_id).get_latest_revision_as_object()
    form = build_page_update_form(page, _payload(data, exclude=()), request.user)
    action = action_registry.get_action_class(ActivityPage, "edit")(form.instance, user=request.user, form=form)
    return _draft(_run(form, action))


@router.post(
    "/filing/activities/{activity_id}/submit/",
    response=DraftOut,
    operation_id="filing_submit",
    summary="Submit for review",
    **rate_limited(TokenWriteThrottle(), **{CONFLICTS: True}),
)
def submit_activity(request, activity_id: Id):
    """Start the tiered review of the latest draft: the jurisdiction's moderators first, then the national editors."""
    page = _editable_activity(request, activity_id)
    if not page.permissions_for_user(request.user).can_submit_for_moderation():
        raise PermissionDenied(_("This activity cannot be submitted for review by your account now."))
    refusal = filing_refusal(request.user, page)
    if refusal:
        raise PermissionDenied(refusal)
    if page.workflow_in_progress:
        refuse(409, _("This activity is already waiting for review; nothing was changed."))
    workflow = page.get_workflow()
    if workflow is None:
        refuse(409, _("No review workflow applies to this activity; ask the campaign office."))
    with transaction.atomic():
        workflow.start(page, request.user)
    page.refresh_from_db()
    return _draft(page)


@router.post(
    "/images/", response={201: ImageCreatedOut}, operation_id="images_upload", summary="Upload an image", **WRITE
)
def upload_image(request, file: File[UploadedFile], title: visible_text(255) = Form(...)):
    """Upload an image to use as an activity's lead image or in its body; checked as the admin's upload is."""
    image_model = get_image_model()
    if not policy_registry.get_by_type(image_model).user_has_permission(request.user, "add"):
        raise PermissionDenied(_("Your account may not upload images."))
    form_class = get_image_form(image_model)
    collection = Collection.get_first_root_node()
    form = form_class(
        data={"title": title, "collection": collection.pk},
        files={"file": file},
        instance=image_model(uploaded_by_user=request.user),
        user=request.user,
    )
    if not form.is_valid():
        raise FormValidationError.from_form(form)
    image = form.save()
    return Status(201, image)
