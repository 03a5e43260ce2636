"""The showcase in the API: jurisdictions, taxonomies, showcases with their recommended slots and listings,
activities and videos for anonymous readers; filing for unit submitters and review for moderators with a token.

Reads show exactly what the public pages show (live, public pages; ratings only
where the campaign shows them). Evidence, liaisons' contact details, reviewer
comments and drafts never appear here.
"""

import datetime
from typing import Literal

from django.db.models import F
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema
from wagtail.models import Page

from campaign.api.http import public_router
from campaign.api.inputs import Id, IsoDate, Key, keys, whole_number
from campaign.api.schemas import (
    ImageOut,
    Pagination,
    image_out,
    page_out,
    page_urls,
    paginate,
    rendition_prefetch,
    rich_text_html,
)
from campaign.api.search import SearchOut, search_out
from search import service
from search.types import FEATURED, MAX_PAGE, SearchFilters
from showcase.models import (
    ActivityPage,
    Jurisdiction,
    RecommendedSlot,
    Region,
    Sector,
    ShowcaseIndexPage,
    VideoPage,
)
from showcase.models.taxonomy import prefetch_tags
from showcase.searchable import rated_paths
from showcase.zone.browse import browse_request
from showcase.zone.dashboard import campaign_dashboard
from showcase.zone.sharing import share_links

router = public_router("showcase")
# The search service's type key of each item model.
ITEM_TYPE_KEYS = {ActivityPage: "activity", VideoPage: "video"}


class SectorOut(Schema):
    slug: str
    name: str


class RegionOut(Schema):
    slug: str
    name: str
    province: str | None = Field(description="The province's slug, for a city; null for a province.")


class JurisdictionOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str


class UnitOut(Schema):
    id: int
    name: str


class ShareOut(Schema):
    url: str
    short_url: str
    qr_url: str = Field(description="An SVG QR code of the page's URL.")
    poster_url: str = Field(
        description="A PNG share poster (750×1334): title, unit, dates, picture, campaign and the short link's QR code."
    )


class ItemSummaryOut(Schema):
    id: int
    type: Literal["activity", "video"]
    title: str
    summary: str
    unit: UnitOut | None
    jurisdiction: JurisdictionOut | None
    sectors: list[SectorOut]
    regions: list[RegionOut]
    image: ImageOut | None
    rating: Literal["A+", "A", "B"] | None = Field(description="Only where the campaign shows ratings publicly.")
    featured: bool = Field(description="In one of the showcase's current recommended slots.")
    first_published_at: datetime.datetime | None
    view_count: int
    html_url: str | None


class ActivitySummaryOut(ItemSummaryOut):
    starts_on: datetime.date
    ends_on: datetime.date
    venue: str


class ProgressUpdateOut(Schema):
    date: datetime.date
    text: str


class ActivityOut(ActivitySummaryOut):
    campaign: int | None
    participant_count: int | None
    theme_mark_used: bool
    body: list[dict] = Field(description="The body as structured blocks: {type, value, id}.")
    body_html: str
    progress_updates: list[ProgressUpdateOut] = Field(description="Newest first.")
    outcomes_html: str
    keywords: list[str]
    share: ShareOut | None


class VideoSummaryOut(ItemSummaryOut):
    external_url: str
    video_url: str | None = Field(description="The uploaded video file, when there is one.")


class VideoOut(VideoSummaryOut):
    campaign: int | None
    republished_url: str
    keywords: list[str]
    share: ShareOut | None


class ActivityPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ActivitySummaryOut]


class VideoPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[VideoSummaryOut]


class ShowcaseSummaryOut(Schema):
    id: int
    title: str
    campaign: int | None
    introduction: str
    video_quota: int
    show_rating_badges: bool
    html_url: str | None


class ShowcaseOut(ShowcaseSummaryOut):
    recommended: list[ItemSummaryOut] = Field(description="The current recommended slots, in their order.")


class DashboardTotalsOut(Schema):
    activities: int = Field(description="Published activities.")
    videos: int = Field(description="Published videos.")
    units: int = Field(description="Units with at least one published activity or video.")
    jurisdictions: int = Field(description="Jurisdictions with at least one published activity or video.")
    participants: int = Field(description="Participants, summed over the activities that recorded them.")
    activities_with_participants: int = Field(description="How many activities recorded their participants.")
    views: int = Field(description="Page views of the published items (counted in batches, so a little behind).")
    short_link_opens: int = Field(
        description="Times the items' short links were opened: typed, tapped or scanned from a poster (in batches)."
    )


class ProvinceCountOut(Schema):
    code: str = Field(description="The jurisdiction's code (a province's slug, or xpcc).")
    name: str
    activities: int
    row: int = Field(description="The tile's row in the 8×8 tile-grid map, north first.")
    column: int = Field(description="The tile's column, west first.")


class SectorCountOut(Schema):
    slug: str
    name: str
    count: int = Field(description="Published activities and videos in the sector.")


class WeekCountOut(Schema):
    starts_on: datetime.date = Field(description="The Monday the week starts on.")
    activities: int = Field(description="Published activities starting that week.")
    key_dates: list[str] = Field(description="The campaign's key dates that fall in the week.")


class KeyDateOut(Schema):
    label: str
    date: datetime.date


class RecommendedOut(Schema):
    id: int
    type: Literal["activity", "video"]
    title: str
    html_url: str | None


class DashboardOut(Schema):
    showcase: int
    campaign: str
    html_url: str | None = Field(description="The dashboard's public page.")
    totals: DashboardTotalsOut
    provinces: list[ProvinceCountOut] = Field(description="The 31 province-level regions and the XPCC.")
    sectors: list[SectorCountOut] = Field(description="Sectors with published items, most items first.")
    weeks: list[WeekCountOut] = Field(description="From the week before the first key date to the week after the last.")
    key_dates: list[KeyDateOut]
    recommended: list[RecommendedOut] = Field(description="Items in the zone's current recommended slots.")


class ItemFilters(Schema):
    """Filters take stable keys (see /sectors/, /regions/, /jurisdictions/); repeat a filter for OR."""

    campaign: list[Key] = keys("Campaign slugs.")
    jurisdiction: list[Key] = keys("Jurisdiction codes.")
    sector: list[Key] = keys("Sector slugs.")
    region: list[Key] = keys("Region slugs; a province also matches its cities.")
    rating: list[Literal["A+", "A", "B"]] = Field(default_factory=list, description="Only where ratings are shown.")
    featured: bool | None = Field(None, description="true: only recommended items; false: none of them.")
    date_from: IsoDate | None = Field(
        None, description="Activities: ending on or after; videos: published on or after (YYYY-MM-DD)."
    )
    date_to: IsoDate | None = Field(
        None, description="Activities: starting on or before; videos: published on or before (YYYY-MM-DD)."
    )
    order: Literal["newest", "oldest", "starts_on", "-starts_on", "most_viewed"] = Field(
        "newest",
        description=(
            "newest/oldest by first publication; starts_on for activities; most_viewed by views (counts up to a "
            "minute old), the newest first among equals; other ties by id."
        ),
    )


# Pages never published sort as the oldest, as in the facet index, whichever database orders them.
ORDERINGS = {
    "newest": (F("first_published_at").desc(nulls_last=True), "-pk"),
    "oldest": (F("first_published_at").asc(nulls_first=True), "pk"),
    "starts_on": ("starts_on", "pk"),
    "-starts_on": ("-starts_on", "-pk"),
    "most_viewed": ("-view_count", F("first_published_at").desc(nulls_last=True), "-pk"),
}


class ListContext:
    """What every item of a list needs and is looked up once per request: rated showcases and current picks."""

    def __init__(self, request):
        self.request = request
        self.rated_paths = rated_paths()
        self.featured_ids = set(RecommendedSlot.objects.current().values_list("item_id", flat=True))

    def rating(self, item):
        rating = getattr(item, "rating", None)
        if rating is None or not any(item.path.startswith(path) for path in self.rated_paths):
            return None
        return rating.rating


def _item_queryset(model):
    image_field = "lead_image" if model is ActivityPage else "cover_image"
    files = () if model is ActivityPage else ("video_file",)
    return (
        model.objects.live()
        .public()
        .select_related("unit", "jurisdiction", "rating", image_field, "lead_image", *files)
        .prefetch_related(rendition_prefetch(image_field))
    )


def _with_tags(items):
    """``items`` (a list) with their sectors and regions fetched in one query each, for ``_item_summary``."""
    prefetch_tags(items, ("sectors", "regions"))
    return items


def _search_filters(filters):
    return SearchFilters(
        campaign=tuple(filters.campaign),
        jurisdiction=tuple(filters.jurisdiction),
        sector=tuple(filters.sector),
        region=tuple(filters.region),
        rating=tuple(filters.rating),
        featured=(FEATURED,) if filters.featured else (),
    )


def _ordering(model, order):
    """The key of ``ORDERINGS`` a list is sorted by: videos have no start date and come newest first instead."""
    if order in ("starts_on", "-starts_on") and model is not ActivityPage:
        return "newest"
    return order


def _filtered(model, filters):
    items = _item_queryset(model)
    search_filters = _search_filters(filters)
    if not search_filters.is_empty():
        items = items.filter(pk__in=service.filter_pages(Page.objects.all(), search_filters).values("pk"))
    if filters.featured is False:
        items = items.exclude(pk__in=RecommendedSlot.objects.current().order_by().values("item_id"))
    if model is ActivityPage:
        if filters.date_from:
            items = items.filter(ends_on__gte=filters.date_from)
        if filters.date_to:
            items = items.filter(starts_on__lte=filters.date_to)
    else:
        if filters.date_from:
            items = items.filter(first_published_at__date__gte=filters.date_from)
        if filters.date_to:
            items = items.filter(first_published_at__date__lte=filters.date_to)
    return items.order_by(*ORDERINGS[_ordering(model, filters.order)])


def _list_items(request, model, filters, pagination):
    """One window of the live items of ``model`` passing ``filters``, with the count of all of them.

    Over a hundred thousand items, counting and skipping rows in the database
    cost most of a request. Unless dates are asked for, the facet index counts
    in microseconds, and for a list in publication order or by views it also
    names the window's ids (its bits are in publication order, and it keeps
    the view counts), so only those rows are read. ``search.service.listing``
    brings the index up to date first: it answers what the database would,
    with view counts at most a minute old.
    """
    context = ListContext(request)
    if filters.date_from or filters.date_to:
        result = paginate(_filtered(model, filters), pagination)
    else:
        order = _ordering(model, filters.order)
        window = order in ("newest", "oldest", "most_viewed")
        ids, total = service.listing(
            (ITEM_TYPE_KEYS[model],),
            _search_filters(filters),
            order=order,
            start=pagination.offset,
            stop=pagination.offset + pagination.limit if window else None,
            exclude_ids=context.featured_ids if filters.featured is False else (),
        )
        if window:
            rows = _item_queryset(model).in_bulk(ids)
            result = page_out([rows[pk] for pk in ids if pk in rows], total, pagination)
        else:
            result = paginate(_filtered(model, filters), pagination, count=total)
    result["items"] = [_item_summary(item, context) for item in _with_tags(list(result["items"]))]
    return result


def _jurisdiction(jurisdiction):
    if jurisdiction is None:
        return None
    return {
        "code": jurisdiction.code,
        "name": jurisdiction.name,
        "short_name": jurisdiction.short_name,
        "kind": jurisdiction.kind,
        "kind_label": jurisdiction.get_kind_display(),
    }


def _region(region):
    return {"slug": region.slug, "name": region.name, "province": region.parent.slug if region.parent_id else None}


def _item_summary(item, context):
    request = context.request
    image = item.lead_image if isinstance(item, ActivityPage) else (item.cover_image or item.lead_image)
    summary = {
        "id": item.pk,
        "type": item.item_type,
        "title": item.title,
        "summary": item.summary,
        "unit": {"id": item.unit.pk, "name": item.unit.name} if item.unit else None,
        "jurisdiction": _jurisdiction(item.jurisdiction),
        "sectors": [{"slug": sector.slug, "name": sector.name} for sector in item.sectors.all()],
        "regions": [_region(region) for region in item.regions.all()],
        "image": image_out(image, request),
        "rating": context.rating(item),
        "featured": item.pk in context.featured_ids,
        "first_published_at": item.first_published_at,
        "view_count": item.view_count,
        "html_url": page_urls(item, request),
    }
    if isinstance(item, ActivityPage):
        summary.update(starts_on=item.starts_on, ends_on=item.ends_on, venue=item.venue)
    else:
        summary.update(
            external_url=item.external_url,
            video_url=request.build_absolute_uri(item.video_file.url) if item.video_file else None,
        )
    return summary


def _share(item, request):
    links = share_links(item, request)
    return {key: links[key] for key in ("url", "short_url", "qr_url", "poster_url")} if links else None


@router.get("/sectors/", response=list[SectorOut], operation_id="sectors_list", summary="Sectors")
def list_sectors(request):
    return Sector.objects.order_by("sort_order", "name")


@router.get("/regions/", response=list[RegionOut], operation_id="regions_list", summary="Regions")
def list_regions(request):
    """Provinces and their cities; filter by a province's slug to include its cities."""
    return [_region(region) for region in Region.objects.select_related("parent").order_by("sort_order", "name")]


@router.get(
    "/jurisdictions/", response=list[JurisdictionOut], operation_id="jurisdictions_list", summary="Jurisdictions"
)
def list_jurisdictions(request):
    """The reviewing bodies: river-basin commissions, provinces, the XPCC and the ministry."""
    return [_jurisdiction(jurisdiction) for jurisdiction in Jurisdiction.objects.order_by("sort_order", "name")]


def _showcase_summary(showcase, request):
    campaign = showcase.campaign
    return {
        "id": showcase.pk,
        "title": showcase.title,
        "campaign": campaign.pk if campaign else None,
        "introduction": showcase.introduction,
        "video_quota": showcase.video_quota,
        "show_rating_badges": showcase.show_rating_badges,
        "html_url": page_urls(showcase, request),
    }


def _showcases():
    return ShowcaseIndexPage.objects.live().public().order_by("pk")


@router.get("/showcases/", response=list[ShowcaseSummaryOut], operation_id="showcases_list", summary="Showcases")
def list_showcases(request):
    """Each campaign's web zone."""
    return [_showcase_summary(showcase, request) for showcase in _showcases()]


@router.get("/showcases/{showcase_id}/", response=ShowcaseOut, operation_id="showcases_detail", summary="Showcase")
def showcase_detail(request, showcase_id: Id):
    """A web zone with its current recommended slots in their order."""
    showcase = get_object_or_404(_showcases(), pk=showcase_id)
    slots = RecommendedSlot.objects.filter(showcase=showcase).current().values_list("item_id", flat=True)
    order = {item_id: position for position, item_id in enumerate(slots)}
    context = ListContext(request)
    activities = _item_queryset(ActivityPage).filter(pk__in=order)
    videos = _item_queryset(VideoPage).filter(pk__in=order)
    items = _with_tags(sorted([*activities, *videos], key=lambda item: order[item.pk]))
    return {
        **_showcase_summary(showcase, request),
        "recommended": [_item_summary(item, context) for item in items],
    }


@router.get(
    "/showcases/{showcase_id}/dashboard/",
    response=DashboardOut,
    operation_id="showcases_dashboard",
    summary="The campaign in numbers",
)
def showcase_dashboard(request, showcase_id: Id):
    """The figures of the zone's public dashboard: totals, activities by province, sectors, weeks, recommended."""
    showcase = get_object_or_404(_showcases(), pk=showcase_id)
    figures = campaign_dashboard(showcase)
    page_url = showcase.get_url(request)
    return {
        "showcase": showcase.pk,
        "campaign": figures["campaign"],
        "html_url": request.build_absolute_uri(page_url + showcase.reverse_subpage("dashboard")) if page_url else None,
        "totals": figures["totals"],
        "provinces": [{**tile, "activities": tile["count"]} for tile in figures["tiles"]["tiles"]],
        "sectors": [
            {"slug": bar["slug"], "name": bar["label"], "count": bar["count"]} for bar in figures["sectors"]["bars"]
        ],
        "weeks": [
            {"starts_on": week["starts_on"], "activities": week["count"], "key_dates": week["key_dates"]}
            for week in figures["weeks"]["weeks"]
        ],
        "key_dates": figures["key_dates"],
        "recommended": [
            {**item, "html_url": request.build_absolute_uri(item["url"]) if item["url"] else None}
            for item in figures["recommended"]
        ],
    }


class ShowcaseListingParams(Schema):
    type: list[Literal["activity", "video"]] = Field(default_factory=list)
    sector: list[Key] = keys("Sector slugs.")
    region: list[Key] = keys("Region slugs.")
    jurisdiction: list[Key] = keys("Jurisdiction codes.")
    rating: list[Literal["A+", "A", "B"]] = Field(default_factory=list, description="Where ratings are shown.")
    sort: Literal["newest", "most_viewed"] = "newest"
    page: whole_number(1, MAX_PAGE) = 1


def _listing_query(params):
    """The zone page's query string for these parameters: the listing reads what the document declares, nothing else."""
    query = QueryDict(mutable=True)
    for name in ("type", "sector", "region", "jurisdiction", "rating"):
        query.setlist(name, getattr(params, name))
    query["sort"] = params.sort
    query["page"] = str(params.page)
    return query


@router.get(
    "/showcases/{showcase_id}/items/",
    response=SearchOut,
    operation_id="showcases_items",
    summary="Showcase listing with filter counts",
)
def showcase_items(request, showcase_id: Id, params: Query[ShowcaseListingParams]):
    """The zone's listing exactly as its public page shows it: the items, the filters with counts, the pages."""
    showcase = get_object_or_404(_showcases(), pk=showcase_id)
    return search_out(service.search(browse_request(_listing_query(params), showcase)), request)


@router.get("/activities/", response=ActivityPageOut, operation_id="activities_list", summary="Activities")
def list_activities(request, filters: Query[ItemFilters], pagination: Query[Pagination]):
    """Published activities; the count is of all that match, the items one window of them."""
    return _list_items(request, ActivityPage, filters, pagination)


@router.get("/activities/{activity_id}/", response=ActivityOut, operation_id="activities_detail", summary="Activity")
def activity_detail(request, activity_id: Id):
    activity = get_object_or_404(
        _item_queryset(ActivityPage).prefetch_related("progress_updates", "keywords"), pk=activity_id
    )
    return activity_out(_with_tags([activity])[0], request)


def activity_out(activity, request):
    """An activity in full; also used for previews, where ``activity`` is a draft revision's object."""
    campaign = activity.campaign
    return {
        **_item_summary(activity, ListContext(request)),
        "campaign": campaign.pk if campaign else None,
        "participant_count": activity.participant_count,
        "theme_mark_used": activity.theme_mark_used,
        "body": activity.body.stream_block.get_api_representation(activity.body, context={"request": request}),
        "body_html": str(activity.body),
        "progress_updates": sorted(activity.progress_updates.all(), key=lambda update: update.date, reverse=True),
        "outcomes_html": rich_text_html(activity.outcomes),
        "keywords": [keyword.name for keyword in activity.keywords.all()],
        "share": _share(activity, request),
    }


@router.get("/videos/", response=VideoPageOut, operation_id="videos_list", summary="Videos")
def list_videos(request, filters: Query[ItemFilters], pagination: Query[Pagination]):
    return _list_items(request, VideoPage, filters, pagination)


@router.get("/videos/{video_id}/", response=VideoOut, operation_id="videos_detail", summary="Video")
def video_detail(request, video_id: Id):
    video = get_object_or_404(_item_queryset(VideoPage).prefetch_related("keywords"), pk=video_id)
    return video_out(_with_tags([video])[0], request)


def video_out(video, request):
    campaign = video.campaign
    return {
        **_item_summary(video, ListContext(request)),
        "campaign": campaign.pk if campaign else None,
        "republished_url": video.republished_url,
        "keywords": [keyword.name for keyword in video.keywords.all()],
        "share": _share(video, request),
    }
