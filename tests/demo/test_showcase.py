"""The showcase demo: a zone full of believable items, made in bulk yet ordinary Wagtail pages."""

import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from demo.content import showcase as content
from showcase.directory import liaisons
from showcase.models import (
    ActivityPage,
    ActivityProgressUpdate,
    Jurisdiction,
    JurisdictionPage,
    Liaison,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    ShowcaseItemRegion,
    ShowcaseItemSector,
    Unit,
    UnitMember,
    VideoPage,
    VideoQuotaSlot,
)
from showcase.permissions.roles import NATIONAL_EDITORS
from showcase.zone.sharing import short_link_for

pytestmark = pytest.mark.django_db

ITEMS = 120
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
CJK = re.compile(r"[\u4e00-\u9fff]")


def run_demo(activities=ITEMS):
    out, err = io.StringIO(), io.StringIO()
    call_command("campaign_demo", activities=activities, stdout=out, stderr=err)
    return out.getvalue()


def _current():
    """The campaign open today, served at ``/``; the 2023 zone (history) holds a tenth as many items."""
    return Site.objects.get(is_default_site=True).root_page


def _items():
    return ShowcaseItemPage.objects.descendant_of(_current())


def _activities():
    return ActivityPage.objects.descendant_of(_current())


def _videos():
    return VideoPage.objects.descendant_of(_current())


def _showcase():
    return ShowcaseIndexPage.objects.child_of(_current()).get()


def _drafts():
    return _items().filter(live=False)


def _changed():
    return _items().filter(live=True, has_unpublished_changes=True)


def _counts():
    return {
        "pages": Page.objects.count(),
        "items": ShowcaseItemPage.objects.count(),
        "units": Unit.objects.count(),
        "liaisons": Liaison.objects.count(),
        "users": get_user_model().objects.count(),
        "members": UnitMember.objects.count(),
        "slots": VideoQuotaSlot.objects.count(),
        "sectors": ShowcaseItemSector.objects.count(),
        "regions": ShowcaseItemRegion.objects.count(),
        "updates": ActivityProgressUpdate.objects.count(),
        "revisions": Revision.objects.count(),
        "jurisdictions": Jurisdiction.objects.count(),
    }


def _check_zone(output):
    showcase = _showcase()
    assert (showcase.title, showcase.slug, showcase.live, showcase.show_in_menus) == ("网络专区", "zone", True, True)
    assert showcase.get_parent().specific.slug == f"jieshui-{timezone.localdate().year}"
    pages = JurisdictionPage.objects.child_of(showcase)
    assert pages.count() == Jurisdiction.objects.count() == 40
    assert all(page.live and page.slug == page.jurisdiction.code for page in pages)
    assert "网络专区 / showcase" in output


def _check_spread():
    assert _items().count() == ITEMS
    assert _activities().count() + _videos().count() == ITEMS
    assert _videos().exists() and _activities().count() > _videos().count()
    per_jurisdiction = Counter(_items().values_list("jurisdiction__code", flat=True))
    assert len(per_jurisdiction) >= 20
    assert per_jurisdiction["hebei"] > per_jurisdiction["qinghai"]
    assert len(set(ShowcaseItemSector.objects.values_list("tag__slug", flat=True))) >= 6
    assert _drafts().exists() and _changed().exists()
    assert _items().filter(live=True, has_unpublished_changes=False).count() > ITEMS // 2


def _check_items_match_the_tree():
    for item in _items().select_related("unit", "jurisdiction"):
        parent = item.get_parent().specific
        assert isinstance(parent, JurisdictionPage)
        assert item.jurisdiction_id == parent.jurisdiction_id
        assert item.unit.jurisdiction_id == item.jurisdiction_id
        assert item.url_path == f"{parent.url_path}{item.slug}/"
        assert item.locale_id == parent.locale_id
        assert item.draft_title
        assert item.sectors.exists() and item.regions.exists()
        assert CJK.search(item.title) and CJK.search(item.summary)
        assert "lorem" not in (item.title + item.summary).lower()
        if item.live:
            assert item.first_published_at and item.last_published_at >= item.first_published_at
        else:
            assert item.first_published_at is None
    assert set(Counter(type(item) for item in _items().specific())) == {ActivityPage, VideoPage}
    for parent in JurisdictionPage.objects.child_of(_showcase()):
        slugs = list(parent.get_children().values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))


def _check_regions_and_dates():
    hebei_items = _items().filter(jurisdiction__code="hebei")
    assert hebei_items.exists()
    for item in hebei_items:
        assert item.regions.get().province().slug == "hebei"
    campaign = _showcase().get_parent().specific
    for activity in _activities().all():
        assert campaign.filing_opens_on <= activity.starts_on <= campaign.filing_closes_on
        assert activity.starts_on <= activity.ends_on
        assert activity.ends_on.year == campaign.year


def _check_tree():
    assert Page.find_problems() == ([], [], [], [], [])
    out = io.StringIO()
    call_command("fixtree", interactive=False, stdout=out)
    assert "No problems found" in out.getvalue()
    assert "Remaining problems" not in out.getvalue()


def test_demo_fills_the_zone_with_complete_items_spread_over_the_country():
    output = run_demo()
    _check_zone(output)
    _check_spread()
    _check_items_match_the_tree()
    _check_regions_and_dates()
    _check_tree()
    quota = _showcase().video_quota
    numbers = {}
    for slot in VideoQuotaSlot.objects.filter(showcase=_showcase()):
        numbers.setdefault(slot.jurisdiction_id, []).append(slot.number)
    assert numbers
    for taken in numbers.values():
        assert sorted(taken) == list(range(1, len(taken) + 1))
        assert len(taken) <= quota


def test_videos_respect_the_quota_each_with_its_place():
    run_demo(activities=0)
    showcase = _showcase()
    showcase.video_quota = 1
    showcase.save_revision().publish()

    run_demo(activities=400)

    per_jurisdiction = Counter(_videos().values_list("jurisdiction_id", flat=True))
    assert per_jurisdiction and max(per_jurisdiction.values()) == 1
    for video in _videos().all():
        slot = video.quota_slot
        assert (slot.showcase_id, slot.jurisdiction_id, slot.number) == (showcase.pk, video.jurisdiction_id, 1)
    assert VideoQuotaSlot.objects.filter(showcase=_showcase()).count() == _videos().count()


def test_the_public_sees_published_items_only_and_no_liaison_numbers(client):
    run_demo()
    published = _items().filter(live=True, has_unpublished_changes=False)
    samples = [
        *_activities().filter(pk__in=published.values("pk"))[:4],
        *_videos().filter(pk__in=published.values("pk"))[:2],
    ]
    assert len(samples) == 6
    for item in samples:
        response = client.get(item.url)
        assert response.status_code == 200, item.url
        html = response.content.decode()
        assert item.title in html and item.summary in html and item.unit.name in html

    for draft in _drafts()[:3]:
        assert client.get(draft.url).status_code == 404
    changed = _changed().first().specific
    assert changed.get_latest_revision_as_object().summary == f"{changed.summary}{content.DRAFT_CHANGE}"
    html = client.get(changed.url).content.decode()
    assert changed.summary in html and content.DRAFT_CHANGE not in html

    mobiles = set(Liaison.objects.values_list("mobile", flat=True))
    dashboard = _showcase().url + _showcase().reverse_subpage("dashboard")
    addresses = [page.url for page in (_showcase(), *JurisdictionPage.objects.child_of(_showcase())[:8], *samples)]
    for address in [*addresses, dashboard]:
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert not MOBILE.search(html), address
        assert not any(mobile in html for mobile in mobiles)
    dashboard_html = client.get(dashboard).content.decode()
    assert dashboard_html.count('class="tile tile--') == 32
    assert 'class="dashboard__recommended"' in dashboard_html, "the demo fills the recommended slots"
    poster = client.get(f"/s/{short_link_for(samples[0]).code}/poster.png")
    assert poster.status_code == 200 and poster["Content-Type"] == "image/png"


def test_bulk_created_items_are_edited_and_published_like_any_page(client):
    run_demo()
    client.force_login(get_user_model().objects.get(username="admin"))
    published = _activities().filter(live=True, has_unpublished_changes=False).first()
    assert published.latest_revision is None
    for item in [published, _videos().first(), _drafts().first(), _changed().first()]:
        response = client.get(reverse("wagtailadmin_pages:edit", args=[item.pk]))
        assert response.status_code == 200, item
        assert item.title in response.content.decode()
    changed = _changed().first()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[changed.pk]))
    assert content.DRAFT_CHANGE in response.content.decode()
    assert client.get(reverse("wagtailadmin_explore", args=[published.get_parent().pk])).status_code == 200

    draft = _drafts().first().specific
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.live and draft.first_published_at and not draft.has_unpublished_changes
    assert client.get(draft.url).status_code == 200
    assert Page.find_problems() == ([], [], [], [], [])


def test_demo_accounts_units_and_liaisons(django_capture_on_commit_callbacks):
    output = run_demo(activities=0)
    users = get_user_model().objects
    assert users.get(username="editor").groups.filter(pk=NATIONAL_EDITORS.group().pk).exists()
    hebei = Jurisdiction.objects.get(code="hebei")
    assert users.get(username="hebei-moderator").groups.filter(pk=hebei.moderators_id).exists()
    submitter = users.get(username="hebei-submitter")
    assert submitter.groups.filter(pk=hebei.submitters_id).exists()
    assert submitter.unit_membership.unit.jurisdiction == hebei
    assert submitter.check_password("jieshui-demo-2023")
    for username in ("editor", "hebei-moderator", "hebei-submitter"):
        assert username in output

    assert 250 <= Unit.objects.count() <= 350
    assert Unit.objects.filter(parent__isnull=False).exists()
    assert not Unit.objects.filter(liaisons__isnull=True).exists()
    for liaison in Liaison.objects.all():
        liaison.full_clean()
        assert liaison.mobile.startswith("1990000") and liaison.email.endswith("@example.cn")

    # The directory names each jurisdiction's office; a school without a parent unit is not one.
    assert hebei.administering_office.name == "河北省水利厅"
    top_level_units = Unit.objects.filter(jurisdiction=hebei, parent__isnull=True).exclude(
        pk=hebei.administering_office_id
    )
    assert top_level_units.exists()

    with django_capture_on_commit_callbacks(execute=True):
        for liaison in Liaison.objects.filter(unit__in=[hebei.administering_office, *top_level_units[:3]]):
            if liaison.user_id is None:
                liaisons.invite(liaison)

    for liaison in Liaison.objects.filter(unit__in=top_level_units[:3]).select_related("user"):
        assert list(liaison.user.groups.values_list("pk", flat=True)) == [hebei.submitters_id]
    office_liaison = Liaison.objects.filter(unit=hebei.administering_office).select_related("user").first()
    assert office_liaison.user.groups.filter(pk=hebei.moderators_id).exists()


def test_running_again_duplicates_nothing_and_asking_for_more_adds_only_the_missing():
    run_demo()
    before = _counts()
    assert "0 items added" in run_demo()
    assert _counts() == before

    run_demo(activities=ITEMS + 30)
    assert _items().count() == ITEMS + 30
    assert Page.find_problems() == ([], [], [], [], [])
    run_demo(activities=10)
    assert _items().count() == ITEMS + 30
