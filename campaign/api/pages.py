"""Wagtail's own page list and detail, mounted with parameters that declare what they take.

Wagtail's views are reused as they are (the same querysets, filters, ordering,
search and serialisation); only their signatures change, so that the OpenAPI
document states the bounds the server keeps: page ids up to 2**31-1, ``limit``
up to ``WAGTAILAPI_LIMIT_MAX``, text without NUL, ordering by the fields every
page type has. Wagtail refuses other combinations only after validation (an
order field of one type, a random order with an offset, ``child_of`` with
``descendant_of``) in a way no schema can state; here ``child_of`` and
``descendant_of`` combine (both apply) and ordering is by title, first
publication or id, so every request the document allows is answered.
"""

import datetime
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from pydantic import PlainValidator, WithJsonSchema, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.api.v3.routers import pages as wagtail_pages
from wagtail.api.v3.schemas.pages import BasePageSchema
from wagtail.api.v3.schemas.params import OrderingSchema, SearchSchema

from campaign.api.http import public_read_caching, refuse
from campaign.api.inputs import LARGEST_ID, Id, read_whole_number, text, whole_number
from campaign.api.schemas import MAX_OFFSET

ROOT = "root"
# Fields every page type has, that the list returns and the search index can order by.
ORDER_FIELDS = ("title", "first_published_at", "id")
OrderKey = Literal[tuple(prefix + name for name in ORDER_FIELDS for prefix in ("", "-"))]


def _page_reference(value):
    if value == ROOT:
        return value
    try:
        number = value if isinstance(value, int) else read_whole_number(value)
    except PydanticCustomError:
        number = None
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= LARGEST_ID:
        raise PydanticCustomError("page_reference", "Not a page id or root")
    return number


PageReference = Annotated[
    int | str,
    PlainValidator(_page_reference, json_schema_input_type=str),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": LARGEST_ID}, {"type": "string", "const": ROOT}]}
    ),
]


class PageFilters(wagtail_pages.PageFilterSchema):
    ancestor_of: Id | None = None
    child_of: PageReference | None = Field(None, description="A page id, or root for the site's root page.")
    descendant_of: PageReference | None = Field(
        None, description="A page id, or root for the site's root page. May be combined with child_of: both apply."
    )
    translation_of: PageReference | None = None
    locale: text(100) | None = None
    site: text(300, pattern=r"^[^\x00:]*(:[0-9]{1,5})?$") | None = Field(
        None, description="A site's host name, with its port if several sites share it (example.cn:8000)."
    )

    @model_validator(mode="after")
    def validate_child_of_or_descendant_of(self):
        """Wagtail refuses the two together; here both apply, so no request the document allows is refused."""
        return self

    @staticmethod
    def get_public_page(request, page_id, loc):
        """A filter naming a page that is not public is a 404, as the page's own URL would be."""
        try:
            return get_pages_queryset(request).get(pk=page_id)
        except wagtail_pages.Page.DoesNotExist:
            refuse(404, _("No public page has the id %(id)s given in “%(field)s”.") % {"id": page_id, "field": loc})

    @staticmethod
    def get_public_page_or_root(request, page_id, loc):
        if page_id == ROOT:
            return wagtail_pages.PageFilterSchema.get_request_root_page(request)
        return PageFilters.get_public_page(request, page_id, loc)

    def apply_descendant_of(self, request, queryset):
        for loc, reference in (("child_of", self.child_of), ("descendant_of", self.descendant_of)):
            if reference is None:
                continue
            page = self.get_public_page_or_root(request, reference, loc)
            queryset = queryset.child_of(page) if loc == "child_of" else queryset.descendant_of(page)
        return queryset


class PageOrdering(OrderingSchema):
    order: list[OrderKey] = Field(
        default_factory=list, description="Fields to order by, “-” first for a descending order; ties by id."
    )


class PageSearch(SearchSchema):
    search: text(200) | None = None


class PagePagination(WagtailLimitOffsetPagination):
    class Input(WagtailLimitOffsetPagination.Input):
        limit: whole_number(1, settings.WAGTAILAPI_LIMIT_MAX) = 20
        offset: whole_number(0, MAX_OFFSET) = 0


# Names the list reads itself; any other parameter is one of Wagtail's field filters (?slug=…, ?unit=…).
DECLARED = {
    *PageFilters.model_fields,
    *PageOrdering.model_fields,
    *PageSearch.model_fields,
    *PagePagination.Input.model_fields,
}


def _model_field(model, name):
    try:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return getattr(field, "target_field", None) or field


def _unqueryable(field, value):
    """The error type of a value a database cannot compare with ``field``'s column, or None."""
    if isinstance(field, models.IntegerField):
        try:
            return "int_too_large" if abs(int(value)) > LARGEST_ID else None
        except ValueError:
            return None
    if isinstance(field, models.DateTimeField):
        try:
            moment = field.to_python(value)
            if moment is not None and timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            if moment is not None:
                moment.astimezone(datetime.UTC)
        except DjangoValidationError:
            return None
        except OverflowError:
            return "datetime_out_of_range"
    return None


def refuse_unqueryable_field_filters(request, filters):
    """A field filter with a value no column can hold is refused before it reaches a query.

    Wagtail passes field filters (?unit=…, ?first_published_at=…) to the
    database as they come; a number beyond the column's range, or a moment
    that is no date in UTC (9999-12-31T23:00-12:00), is then a server error
    (OverflowError on SQLite, "integer out of range" on PostgreSQL).
    """
    model = filters.type[0] if len(filters.type) == 1 else wagtail_pages.Page
    for name in sorted(set(request.GET) - DECLARED):
        field = _model_field(model, name)
        kind = field is not None and _unqueryable(field, request.GET[name])
        if kind:
            raise NinjaValidationError([{"type": kind, "loc": ("query", name), "msg": ""}])


def _pk_as_id(request):
    """Wagtail lists ``pk`` among the fields to filter by, then asks the model for a field of that name (a 500)."""
    if "pk" not in request.GET:
        return
    query = request.GET.copy()
    values = query.pop("pk")
    if "id" in query:
        raise NinjaValidationError([{"type": "pk_and_id", "loc": ("query", "pk"), "msg": ""}])
    query.setlist("id", values)
    request.GET = query


def _in_query(exc):
    """Wagtail's own validation errors name the parameter alone; ours put it under "query", as ninja does."""
    errors = []
    for error in exc.errors(include_url=False):
        loc = tuple(error.get("loc", ()))
        errors.append({**error, "loc": loc if loc[:1] == ("query",) else ("query", *loc)})
    return NinjaValidationError(errors)


WAGTAIL_LIST = wagtail_pages.list_pages.__wrapped__


@paginate(PagePagination, pass_parameter="pagination_info")  # noqa: S106 - a parameter name, not a password
def list_pages(
    request,
    filters: PageFilters = Query(...),
    ordering: PageOrdering = Query(...),
    search: PageSearch = Query(...),
    **kwargs,
):
    _pk_as_id(request)
    refuse_unqueryable_field_filters(request, filters)
    try:
        return WAGTAIL_LIST(request, filters=filters, ordering=ordering, search=search, **kwargs)
    except PydanticValidationError as exc:
        raise _in_query(exc) from exc


def get_page(
    request,
    page_id: Id,
    version: Literal["live", "draft"] | None = Query("live"),
    rich_text_format: RichTextOutputFormat | None = Query(None),
):
    return wagtail_pages.get_page(request, page_id, version=version, rich_text_format=rich_text_format)


def wagtail_page_reads():
    """Wagtail's page list and detail, registered from these views; Wagtail's writes and actions are not mounted.

    Units file through ``/filing/``, which applies the product's rules on top of
    the same forms and actions, and editors use the admin. Under generated input
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
    )(list_pages)
    router.get(
        "/{page_id}/",
        response=wagtail_pages.PageDetailSchema,
        url_name="detail_page",
        summary="Page detail",
        operation_id="pages_detail",
        auth=auth,
    )(get_page)
    return router
