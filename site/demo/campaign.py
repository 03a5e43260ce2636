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


def publish_child(parent, page):
    """Add ``page`` under ``parent`` and publish it, unless a child with its slug exists; return the page."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing:
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def paragraphs(texts, heading=None):
    blocks = [("heading", heading)] if heading else []
    return blocks + [("paragraph", f"<p>{text}</p>") for text in texts]


def standard_page(facts, **extra):
    """A guide or about page from its facts: a title, slug, introduction and (heading, text) sections."""
    body = []
    for heading, text in facts["sections"]:
        body += paragraphs([text], heading=heading)
    return StandardPage(
        title=facts["title"],
        slug=facts["slug"],
        introduction=facts["introduction"],
        body=body,
        show_in_menus=True,
        **extra,
    )


def _campaign_home(root, facts, theme_days):
    existing = CampaignHomePage.objects.child_of(root).filter(slug=facts["slug"]).first()
    if existing:
        return existing
    campaign = CampaignHomePage(
        title=facts["title"],
        slug=facts["slug"],
        theme=facts["theme"],
        year=facts["year"],
        introduction=facts["introduction"],
        hero_image=demo_image("节水中国 你我同行 主视觉", seed=facts["year"]),
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
        ThemeDay(name=name, starts_on=start, ends_on=end, description=text) for name, start, end, text in theme_days
    ]
    campaign.contacts = [
        CampaignContact(responsibility=role, name=name, phone=phone) for role, name, phone in content.CONTACTS
    ]
    return publish_child(root, campaign)


def make_default_site_root(page):
    """Serve ``page`` at ``/`` on every host no other site claims, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=page, is_default_site=True, site_name=page.title)
        return
    placeholder = site.root_page
    if site.root_page_id != page.pk:
        Site.objects.filter(root_page=page, is_default_site=False).delete()
        site.root_page = page
        site.site_name = page.title
        site.save()
    if placeholder.pk != page.pk and placeholder.specific_class is Page and not placeholder.get_children().exists():
        placeholder.delete()


def ensure_site(page, hostname, port, site_name):
    """The Wagtail site serving ``page`` at ``hostname:port``: found by its root page, else made."""
    site = Site.objects.filter(root_page=page).first()
    if site is not None:
        return site
    site, _created = Site.objects.update_or_create(
        hostname=hostname, port=port, defaults={"root_page": page, "site_name": site_name}
    )
    return site


def history_news_items():
    """The 2023 campaign's news, the plain items first and then the numbered bulletins."""
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


def history_plan():
    """The 2023 campaign, as it ran: the demo's history."""
    return content.CAMPAIGN, content.THEME_DAYS, list(history_news_items())


def current_plan(today):
    """This year's campaign, open for filing on ``today``."""
    facts, theme_days, news = content.current_campaign(today)
    return facts, theme_days, [{**item, "is_bulletin": False} for item in news]


def build_campaign(plan, progress=None):
    """Create (or find) a campaign with its news and guides from ``plan``; return the campaign page."""
    facts, theme_days, items = plan
    with transaction.atomic():
        campaign = _campaign_home(Page.get_first_root_node(), facts, theme_days)
        news_index = publish_child(
            campaign,
            NewsIndexPage(
                title="新闻动态",
                slug="news",
                introduction="联合行动的工作部署、活动进展和简报。",
                show_in_menus=True,
            ),
        )
        for position, page_facts in enumerate(content.STANDARD_PAGES):
            publish_child(
                campaign,
                standard_page(page_facts, listing_image=demo_image(page_facts["title"], seed=100 + position)),
            )
    for position, item in enumerate(items):
        with transaction.atomic():
            page = NewsPage(
                title=item["title"],
                slug=item["slug"],
                date=item["date"],
                summary=item["summary"],
                body=paragraphs(item["paragraphs"]),
                is_bulletin=item["is_bulletin"],
                bulletin_issue=item["bulletin"],
                listing_image=demo_image(item["title"], seed=300 + position),
            )
            page.tags.add(*item["tags"])
            publish_child(news_index, page)
        if progress:
            progress.update(1)
    return campaign


def demo_news_count(today):
    return len(history_plan()[2]) + len(current_plan(today)[2])
