"""The demo campaign's pages: its home, news, bulletins and guides; every function finds before it creates."""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from campaign.models import (
    CampaignContact,
    CampaignHomePage,
    CampaignOrganizer,
    LiveStreamChannel,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    ThemeDay,
)
from demo.content import campaign as content
from demo.images import demo_image


def _publish(parent, page):
    """Add ``page`` under ``parent`` unless a child with its slug exists; publish it."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing:
        return existing.specific, False
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _paragraphs(paragraphs, heading=None):
    blocks = [("heading", heading)] if heading else []
    return blocks + [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def _campaign_home(root):
    facts = content.CAMPAIGN
    existing = CampaignHomePage.objects.child_of(root).filter(slug=facts["slug"]).first()
    if existing:
        return existing, False
    campaign = CampaignHomePage(
        title=facts["title"],
        slug=facts["slug"],
        theme=facts["theme"],
        year=facts["year"],
        introduction=facts["introduction"],
        hero_image=demo_image("节水中国 你我同行 主视觉", seed=2023),
        launch_starts_at=timezone.make_aware(facts["launch_starts_at"]),
        launch_venue=facts["launch_venue"],
        launch_description=facts["launch_description"],
        liaison_deadline=facts["liaison_deadline"],
        filing_opens_on=facts["filing_opens_on"],
        filing_closes_on=facts["filing_closes_on"],
        summary_deadline=facts["summary_deadline"],
        contact_mailbox=facts["contact_mailbox"],
        search_description=facts["theme"],
    )
    campaign.organizers = [CampaignOrganizer(role=role, name=name) for role, name in content.ORGANIZERS]
    campaign.live_streams = [LiveStreamChannel(name=name, url=url) for name, url in content.LIVE_STREAMS]
    campaign.theme_days = [
        ThemeDay(name=name, starts_on=start, ends_on=end, description=text)
        for name, start, end, text in content.THEME_DAYS
    ]
    campaign.contacts = [
        CampaignContact(responsibility=role, name=name, phone=phone) for role, name, phone in content.CONTACTS
    ]
    return _publish(root, campaign)


def _make_default_site_root(campaign):
    """Serve the campaign at ``/``, replacing Wagtail's placeholder welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=campaign, is_default_site=True, site_name=campaign.title
        )
        return
    placeholder = site.root_page
    if site.root_page_id != campaign.pk:
        site.root_page = campaign
        site.site_name = content.CAMPAIGN["title"]
        site.save()
    if placeholder.pk != campaign.pk and placeholder.specific_class is Page and not placeholder.get_children().exists():
        placeholder.delete()


def news_items():
    """The demo's news, the plain items first and then the numbered bulletins."""
    for item in content.NEWS:
        yield {**item, "is_bulletin": False}
    template = content.BULLETIN_TEMPLATE
    for number, day, period, focus in content.BULLETINS:
        yield {
            "slug": f"bulletin-{number}",
            "title": template["title"].format(number=number),
            "date": day,
            "summary": template["summary"].format(period=period),
            "paragraphs": [text.format(period=period, focus=focus) for text in template["paragraphs"]],
            "tags": ["简报"],
            "is_bulletin": True,
            "bulletin": number,
        }


def build_campaign(progress=None):
    """Create (or find) the demo campaign with its news and guides; return the campaign page."""
    with transaction.atomic():
        root = Page.get_first_root_node()
        campaign, _created = _campaign_home(root)
        _make_default_site_root(campaign)
        news_index, _created = _publish(
            campaign,
            NewsIndexPage(
                title="新闻动态",
                slug="news",
                introduction="联合行动的工作部署、活动进展和简报。",
                show_in_menus=True,
            ),
        )
        for position, page_facts in enumerate(content.STANDARD_PAGES):
            body = []
            for heading, text in page_facts["sections"]:
                body += _paragraphs([text], heading=heading)
            _publish(
                campaign,
                StandardPage(
                    title=page_facts["title"],
                    slug=page_facts["slug"],
                    introduction=page_facts["introduction"],
                    body=body,
                    show_in_menus=True,
                    listing_image=demo_image(page_facts["title"], seed=100 + position),
                ),
            )
    items = list(news_items())
    for position, item in enumerate(items):
        with transaction.atomic():
            page = NewsPage(
                title=item["title"],
                slug=item["slug"],
                date=item["date"],
                summary=item["summary"],
                body=_paragraphs(item["paragraphs"]),
                is_bulletin=item["is_bulletin"],
                bulletin_issue=item["bulletin"],
                listing_image=demo_image(item["title"], seed=300 + position),
            )
            page.tags.add(*item["tags"])
            _publish(news_index, page)
        if progress:
            progress.update(1)
    return campaign


def demo_news_count():
    return len(content.NEWS) + len(content.BULLETINS)
