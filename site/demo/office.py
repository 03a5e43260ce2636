"""The city's 五水共治 publicity office as its own Wagtail site: home, bulletins, guide and points table.

The office shares the platform with the national campaign but is not part
of it, so its pages hang from their own root and its site has its own
host name (``wushui.localhost`` beside a demo served on 127.0.0.1).
"""

from django.db import transaction
from wagtail.models import Page

from assessment.models import PointsTablePage
from assessment.views.points import set_points_published
from campaign.models import ColourScheme, NewsIndexPage, NewsPage, OfficeHomePage
from demo.campaign import ensure_site, paragraphs, publish_child, standard_page
from demo.content import office as content
from demo.images import demo_image

OFFICE_SITE_LABEL = "wushui"


def _office_home():
    root = Page.get_first_root_node()
    existing = OfficeHomePage.objects.child_of(root).filter(slug=content.OFFICE["slug"]).first()
    if existing:
        return existing
    home = OfficeHomePage(
        **content.OFFICE,
        colour_scheme=ColourScheme.RIVER,
        hero_image=demo_image("舟山市五水共治宣传 主视觉", seed=2022),
    )
    return publish_child(root, home)


def _bulletins(home):
    index = publish_child(home, NewsIndexPage(**content.NEWS_INDEX, show_in_menus=True))
    for number, day, focus, text in content.BULLETINS:
        page = NewsPage(
            title=content.BULLETIN_TITLE.format(number=number),
            slug=f"bulletin-2022-{number}",
            date=day,
            summary=content.BULLETIN_SUMMARY.format(focus=focus),
            body=paragraphs([text]),
            is_bulletin=True,
            bulletin_issue=number,
            listing_image=demo_image(focus, seed=2200 + number),
        )
        page.tags.add("简报")
        publish_child(index, page)


def build_office_site(period, assessor, hostname, port):
    """The office's site with its bulletins, officers' guide and the period's published points table."""
    with transaction.atomic():
        home = _office_home()
        _bulletins(home)
        publish_child(home, standard_page(content.GUIDE))
        if not period.points_published:
            set_points_published(assessor, period, True)
        publish_child(home, PointsTablePage(**content.POINTS_PAGE, period=period, show_in_menus=True))
        site = ensure_site(home, hostname, port, site_name=home.title)
    return home, site
