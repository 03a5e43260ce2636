"""Shapes several apps' endpoints share: images with their renditions, links to pages, pagination."""

from ninja import Field, Schema
from wagtail.rich_text import expand_db_html

from campaign.api.inputs import whole_number

# The sizes front-ends ask for: list cards, detail heroes and a zoomable original.
RENDITIONS = {
    "thumbnail": "fill-480x270|format-webp",
    "card": "fill-800x450|format-webp",
    "large": "max-1600x1600|format-webp",
}
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class RenditionOut(Schema):
    url: str
    width: int
    height: int


class ImageOut(Schema):
    id: int
    title: str
    alt: str
    width: int
    height: int
    renditions: dict[str, RenditionOut]


def image_out(image, request):
    """An image with its renditions in every size of ``RENDITIONS``, or None; uses prefetched renditions."""
    if image is None:
        return None
    renditions = image.get_renditions(*RENDITIONS.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": getattr(image, "description", "") or image.title,
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": request.build_absolute_uri(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in RENDITIONS.items()
        },
    }


def rendition_prefetch(lookup):
    """A prefetch of ``lookup``'s images with the renditions ``image_out`` needs, in two queries per list."""
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    return Prefetch(lookup, queryset=get_image_model().objects.prefetch_renditions(*RENDITIONS.values()))


def rich_text_html(value):
    """Stored rich text as front-end HTML: internal links and embeds expanded to real URLs and markup."""
    return expand_db_html(value or "")


class Pagination(Schema):
    limit: whole_number(1, MAX_LIMIT) = Field(20, description="Items per page (1–100).")
    offset: whole_number(0, MAX_OFFSET) = Field(0, description="Items to skip.")


def paginate(queryset, pagination, count=None):
    """{count, limit, offset, items} for one window of an ordered queryset.

    The count is one query unless the caller already knows it (from an index):
    over a hundred thousand rows it costs more than the window itself.
    """
    window = list(queryset[pagination.offset : pagination.offset + pagination.limit])
    return page_out(window, queryset.count() if count is None else count, pagination)


def page_out(items, count, pagination):
    """The paginated shape for a window of ``items`` out of ``count``, however they were found."""
    return {"count": count, "limit": pagination.limit, "offset": pagination.offset, "items": items}


def page_urls(page, request):
    """The public URL of a live page, absolute, or None for one that is not routable."""
    url = page.get_url(request=request)
    return request.build_absolute_uri(url) if url else None
