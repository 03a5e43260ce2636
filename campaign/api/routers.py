"""Campaigns (with key dates, theme days and the launch ceremony's live streams) and news, for anonymous readers."""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema

from campaign.api.http import public_router
from campaign.api.inputs import Id, IsoDate
from campaign.api.schemas import (
    ImageOut,
    Pagination,
    image_out,
    page_urls,
    paginate,
    rendition_prefetch,
    rich_text_html,
)
from campaign.models import CampaignHomePage, NewsPage

router = public_router("campaigns")


class KeyDateOut(Schema):
    label: str
    date: datetime.date


class ThemeDayOut(Schema):
    name: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    description: str


class LiveStreamOut(Schema):
    name: str
    url: str


class OrganizerOut(Schema):
    role: str
    role_label: str
    name: str


class LaunchOut(Schema):
    starts_at: datetime.datetime | None
    venue: str
    description: str
    live_streams: list[LiveStreamOut]


class CampaignSummaryOut(Schema):
    id: int
    title: str
    slug: str
    year: int
    theme: str
    html_url: str | None
    filing_status: str = Field(description="not_yet_open, open or closed, today in the campaign's time zone.")
    filing_opens_on: datetime.date
    filing_closes_on: datetime.date


class CampaignOut(CampaignSummaryOut):
    introduction_html: str
    hero_image: ImageOut | None
    key_dates: list[KeyDateOut]
    theme_days: list[ThemeDayOut]
    launch: LaunchOut
    organizers: list[OrganizerOut]
    contact_mailbox: str = Field(description="The organizers' shared public mailbox, if any.")


def _campaign_summary(campaign, request):
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "slug": campaign.slug,
        "year": campaign.year,
        "theme": campaign.theme,
        "html_url": page_urls(campaign, request),
        "filing_status": campaign.filing_status(),
        "filing_opens_on": campaign.filing_opens_on,
        "filing_closes_on": campaign.filing_closes_on,
    }


def _campaigns():
    return CampaignHomePage.objects.live().public().order_by("-year", "pk")


@router.get("/campaigns/", response=list[CampaignSummaryOut], operation_id="campaigns_list", summary="Campaigns")
def list_campaigns(request):
    """Every published campaign, newest year first."""
    return [_campaign_summary(campaign, request) for campaign in _campaigns()]


@router.get("/campaigns/{campaign_id}/", response=CampaignOut, operation_id="campaigns_detail", summary="Campaign")
def campaign_detail(request, campaign_id: Id):
    """A campaign with its key dates, theme days, launch ceremony and organizing bodies."""
    campaign = get_object_or_404(
        _campaigns()
        .select_related("hero_image")
        .prefetch_related(rendition_prefetch("hero_image"), "theme_days", "live_streams", "organizers"),
        pk=campaign_id,
    )
    return {
        **_campaign_summary(campaign, request),
        "introduction_html": rich_text_html(campaign.introduction),
        "hero_image": image_out(campaign.hero_image, request),
        "key_dates": [{"label": str(label), "date": day} for label, day in campaign.key_dates()],
        "theme_days": list(campaign.theme_days.all()),
        "launch": {
            "starts_at": campaign.launch_starts_at and timezone.localtime(campaign.launch_starts_at),
            "venue": campaign.launch_venue,
            "description": campaign.launch_description,
            "live_streams": list(campaign.live_streams.all()),
        },
        "organizers": [
            {"role": organizer.role, "role_label": organizer.get_role_display(), "name": organizer.name}
            for organizer in campaign.organizers.all()
        ],
        "contact_mailbox": campaign.contact_mailbox,
    }


class NewsFilters(Schema):
    campaign: Id | None = Field(None, description="Only news of this campaign (its id).")
    bulletin: bool | None = Field(None, description="true: only bulletin issues; false: only other news.")
    date_from: IsoDate | None = Field(None, description="Dated on or after this day (YYYY-MM-DD).")
    date_to: IsoDate | None = Field(None, description="Dated on or before this day (YYYY-MM-DD).")


class NewsSummaryOut(Schema):
    id: int
    title: str
    date: datetime.date
    summary: str
    is_bulletin: bool
    bulletin_issue: int | None
    tags: list[str]
    listing_image: ImageOut | None
    html_url: str | None


class NewsOut(NewsSummaryOut):
    campaign: int | None
    body: list[dict] = Field(description="The body as structured blocks: {type, value, id}.")
    body_html: str


class NewsPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[NewsSummaryOut]


def _news_summary(news, request):
    return {
        "id": news.pk,
        "title": news.title,
        "date": news.date,
        "summary": news.summary,
        "is_bulletin": news.is_bulletin,
        "bulletin_issue": news.bulletin_issue,
        "tags": [tag.name for tag in news.tags.all()],
        "listing_image": image_out(news.listing_image, request),
        "html_url": page_urls(news, request),
    }


def _news():
    return (
        NewsPage.objects.live()
        .public()
        .select_related("listing_image")
        .prefetch_related(rendition_prefetch("listing_image"), Prefetch("tags"))
    )


@router.get("/news/", response=NewsPageOut, operation_id="news_list", summary="News and bulletins")
def list_news(request, filters: Query[NewsFilters], pagination: Query[Pagination]):
    """Published news, newest first; bulletins are news items with an issue number."""
    news = _news()
    if filters.campaign is not None:
        campaign = CampaignHomePage.objects.filter(pk=filters.campaign).first()
        news = news.descendant_of(campaign) if campaign else news.none()
    if filters.bulletin is not None:
        news = news.filter(is_bulletin=filters.bulletin)
    if filters.date_from:
        news = news.filter(date__gte=filters.date_from)
    if filters.date_to:
        news = news.filter(date__lte=filters.date_to)
    result = paginate(news.order_by("-date", "-pk"), pagination)
    result["items"] = [_news_summary(item, request) for item in result["items"]]
    return result


@router.get("/news/{news_id}/", response=NewsOut, operation_id="news_detail", summary="News item")
def news_detail(request, news_id: Id):
    return news_out(get_object_or_404(_news(), pk=news_id), request)


def news_out(news, request):
    """A news item in full; also used for previews, where ``news`` is a draft revision's object."""
    campaign = news.campaign
    return {
        **_news_summary(news, request),
        "campaign": campaign.pk if campaign else None,
        "body": news.body.stream_block.get_api_representation(news.body, context={"request": request}),
        "body_html": str(news.body),
    }
