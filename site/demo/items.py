"""The showcase's items: activities and videos made from the templates of ``demo.content.showcase``.

Items follow one rule, so that the demo can be run again or asked for more:
``--activities N`` is the number of activities and videos the zone should
hold in all; only the missing ones are added (none if the zone already holds
N or more) and none is ever deleted. They are written in bulk
(``demo.bulk``) so that 100,000 take minutes.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import reset_queries, transaction
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from tqdm import tqdm
from wagtail.models import Page, Revision

from demo.bulk import bulk_add_children
from demo.content import showcase as content
from demo.sampling import apportion, jurisdiction_weight, seeded_random
from showcase.models import (
    ActivityPage,
    ActivityProgressUpdate,
    JurisdictionPage,
    Region,
    Sector,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    ShowcaseItemRegion,
    ShowcaseItemSector,
    UnitMember,
    VideoPage,
    VideoQuotaSlot,
)

DEFAULT_ITEM_COUNT = 2000
VIDEO_SHARE = 0.12
DRAFT_SHARE = 0.10
CHANGED_SHARE = 0.05
CITY_SHARE = 0.45
CHUNK_SIZE = 1000


@dataclass
class ItemContext:
    """What generating items under one jurisdiction page needs, loaded once."""

    campaign: object
    showcase: ShowcaseIndexPage
    page: JurisdictionPage
    units: list
    sectors: dict
    provinces: dict
    cities: dict
    cities_of: dict
    owner: object = None
    owner_unit_id: int | None = None
    slugs: set = field(default_factory=set)
    free_video_numbers: list = field(default_factory=list)
    counters: dict = field(default_factory=lambda: {"activity": 0, "video": 0})
    unit_cities: dict = field(default_factory=dict)


def _at(rng, day):
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(8, 20), rng.randint(0, 59)))
    return min(timezone.make_aware(moment), timezone.now())


def _activity_day(rng, opens, closes):
    """Many activities fall in China Water Week (22-28 March) or on Environment Day (5 June)."""
    draw = rng.random()
    year = opens.year
    if draw < 0.35:
        day = datetime.date(year, 3, 22) + datetime.timedelta(days=rng.randint(0, 6))
    elif draw < 0.45:
        day = datetime.date(year, 6, 5)
    else:
        day = opens + datetime.timedelta(days=rng.randint(0, max(0, (closes - opens).days)))
    return min(max(day, opens), closes)


def _region(rng, context, unit):
    """Where an item happens: the unit's city, or the jurisdiction's province (a basin's: one along it)."""
    jurisdiction = context.page.jurisdiction
    city = context.unit_cities.get(unit.pk)
    if city is not None:
        return city
    if jurisdiction.region_id:
        province = context.provinces[jurisdiction.region.slug]
    else:
        slugs = content.BASIN_PROVINCES.get(jurisdiction.code) or list(context.provinces)
        province = context.provinces.get(rng.choice(slugs)) or next(iter(context.provinces.values()))
    cities = context.cities_of.get(province.pk)
    if cities and rng.random() < CITY_SHARE:
        return rng.choice(cities)
    return province


def _site(rng, context, region):
    """A city or district to name a venue after: an activity tagged with a province still happens in a town."""
    if region.parent_id:
        return region.name
    districts = content.DISTRICTS.get(region.slug)
    if districts:
        return f"{region.name}{rng.choice(districts)}"
    cities = context.cities_of.get(region.pk)
    return rng.choice(cities).name if cities else region.name


def _next_slug(context, kind):
    while True:
        context.counters[kind] += 1
        slug = f"{kind}-{context.counters[kind]}"
        if slug not in context.slugs:
            context.slugs.add(slug)
            return slug


def _state(rng, page, first_day):
    """Most items are published, some are drafts never published, some have unpublished changes."""
    draw = rng.random()
    created = _at(rng, first_day)
    if draw < DRAFT_SHARE:
        page.live = False
        page.has_unpublished_changes = True
        page.latest_revision_created_at = created
        return "draft"
    first = _at(rng, first_day + datetime.timedelta(days=rng.randint(1, 10)))
    last = first + datetime.timedelta(days=rng.choice([0, 0, 0, 2, 7]))
    page.live = True
    page.first_published_at = first
    page.last_published_at = min(last, timezone.now())
    page.latest_revision_created_at = page.last_published_at
    if draw < DRAFT_SHARE + CHANGED_SHARE:
        page.has_unpublished_changes = True
        return "changed"
    page.has_unpublished_changes = False
    return "published"


def _fill(template, values):
    return template.format(**values)


def _activity(rng, context, unit, sector_slug, place, site):
    campaign = context.campaign
    day = _activity_day(rng, campaign.filing_opens_on, campaign.filing_closes_on)
    ends = min(day + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2, 6, 13])), datetime.date(day.year, 12, 31))
    form_a, form_b = rng.sample(content.FORMS, 2)
    values = {
        "unit": unit.name,
        "place": place,
        "site": site,
        "scene": rng.choice(content.SCENES),
        "when": f"{day.month}月{day.day}日",
        "form_a": form_a,
        "form_b": form_b,
        "audience": content.AUDIENCES.get(sector_slug, "社会公众"),
        "count": rng.choice([50, 80, 100, 120, 200, 300, 500, 800, 1000, 2000]),
        "materials": rng.choice([200, 300, 500, 800, 1000, 1500, 3000]),
        "signatures": rng.choice([60, 120, 260, 400, 650]),
        "outlet": rng.choice(content.OUTLETS),
    }
    values["venue"] = _fill(rng.choice(content.VENUES.get(sector_slug, []) + content.VENUES["any"]), values)
    title = _fill(rng.choice(content.ACTIVITY_TITLES.get(sector_slug, []) + content.ACTIVITY_TITLES["any"]), values)
    paragraphs = [_fill(text, values) for text in rng.sample(content.ACTIVITY_PARAGRAPHS, 2)]
    page = ActivityPage(
        title=title[:255],
        slug=_next_slug(context, "activity"),
        summary=_fill(rng.choice(content.ACTIVITY_SUMMARIES), values),
        starts_on=day,
        ends_on=ends,
        venue=values["venue"][:200],
        participant_count=values["count"],
        theme_mark_used=rng.random() < 0.7,
        body=[{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs],
    )
    state = _state(rng, page, day)
    if state != "draft" and rng.random() < 0.4:
        page.outcomes = _fill(content.OUTCOMES, values)
    updates = []
    if rng.random() < 0.3:
        for offset, note in enumerate(content.PROGRESS_NOTES[: rng.randint(1, len(content.PROGRESS_NOTES))]):
            updates.append((min(day + datetime.timedelta(days=offset * 3), ends), _fill(note, values)))
    return page, state, updates


def _video(rng, context, unit, sector_slug, place, site):
    campaign = context.campaign
    day = campaign.filing_opens_on + datetime.timedelta(
        days=rng.randint(0, max(0, (campaign.filing_closes_on - campaign.filing_opens_on).days))
    )
    values = {
        "unit": unit.name,
        "place": place,
        "site": site,
        "theme": rng.choice(content.VIDEO_THEMES),
        "persona": rng.choice(content.VIDEO_PERSONAS),
        "story": rng.choice(content.VIDEO_STORIES),
        "audience": content.AUDIENCES.get(sector_slug, "社会公众"),
        "minutes": rng.choice([1, 2, 3, 5]),
    }
    slug = _next_slug(context, "video")
    code = context.page.jurisdiction.code
    page = VideoPage(
        title=_fill(rng.choice(content.VIDEO_TITLES), values)[:255],
        slug=slug,
        summary=_fill(content.VIDEO_SUMMARY, values),
        external_url=f"https://video.example.cn/jieshui/{code}/{slug}",
    )
    state = _state(rng, page, day)
    if state != "draft" and rng.random() < 0.3:
        page.republished_url = f"https://douyin.example.cn/jieshuizhongguo/{code}-{slug}"
    return page, state, []


@dataclass
class Planned:
    page: object
    state: str
    sectors: list
    region: object
    updates: list
    video_number: int | None = None


def _plan_item(rng, context):
    make_video = bool(context.free_video_numbers) and rng.random() < VIDEO_SHARE
    unit = rng.choice(context.units)
    sector_slug = unit.sector.slug if unit.sector else rng.choice(list(context.sectors))
    region = _region(rng, context, unit)
    make = _video if make_video else _activity
    page, state, updates = make(rng, context, unit, sector_slug, region.name, _site(rng, context, region))
    page.unit = unit
    page.jurisdiction_id = context.page.jurisdiction_id
    page.owner = context.owner if context.owner_unit_id == unit.pk else None
    sectors = [context.sectors[sector_slug]]
    if rng.random() < 0.25:
        extra = context.sectors[rng.choice(list(context.sectors))]
        if extra not in sectors:
            sectors.append(extra)
    video_number = context.free_video_numbers.pop(0) if make_video else None
    return Planned(page, state, sectors, region, updates, video_number)


def _save_chunk(context, planned):
    """Insert one chunk of items with their tags, progress notes, video places and draft revisions."""
    with transaction.atomic():
        pages = bulk_add_children(context.page, [item.page for item in planned])
        children = {}
        for item in planned:
            pk = item.page.pk
            children[pk] = {
                "sector_items": [ShowcaseItemSector(content_object_id=pk, tag=sector) for sector in item.sectors],
                "region_items": [ShowcaseItemRegion(content_object_id=pk, tag=item.region)],
                "progress_updates": [
                    ActivityProgressUpdate(page_id=pk, date=date, text=text, sort_order=order)
                    for order, (date, text) in enumerate(item.updates)
                ],
            }
        for relation, model in (
            ("sector_items", ShowcaseItemSector),
            ("region_items", ShowcaseItemRegion),
            ("progress_updates", ActivityProgressUpdate),
        ):
            model.objects.bulk_create([row for rows in children.values() for row in rows[relation]])
        VideoQuotaSlot.objects.bulk_create(
            [
                VideoQuotaSlot(
                    showcase=context.showcase,
                    jurisdiction_id=context.page.jurisdiction_id,
                    number=item.video_number,
                    video_id=item.page.pk,
                )
                for item in planned
                if item.video_number is not None
            ]
        )
        _add_draft_revisions([item.page for item in planned if item.state == "changed"], children)
    return pages


def _add_draft_revisions(pages, children):
    """Give each published page with unpublished changes the draft that holds those changes.

    The page's child rows were just inserted; handing them to modelcluster in
    memory lets ``serializable_data()`` build the revision without reading
    every relation back from the database.
    """
    if not pages:
        return
    base_type = ContentType.objects.get_for_model(Page)
    revisions = []
    for page in pages:
        related = {relation.get_accessor_name(): [] for relation in get_all_child_relations(page)}
        related.update({name: rows for name, rows in children[page.pk].items() if name in related})
        page._cluster_related_objects = related
        data = page.serializable_data()
        data["summary"] = f"{page.summary}{content.DRAFT_CHANGE}"
        revisions.append(
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=base_type,
                object_id=str(page.pk),
                created_at=min(page.latest_revision_created_at + datetime.timedelta(days=1), timezone.now()),
                user=page.owner,
                object_str=page.title,
                content=data,
            )
        )
    Revision.objects.bulk_create(revisions)
    Page.objects.bulk_update(
        [
            Page(pk=page.pk, latest_revision_id=revision.pk, latest_revision_created_at=revision.created_at)
            for page, revision in zip(pages, revisions, strict=True)
        ],
        ["latest_revision", "latest_revision_created_at"],
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.latest_revision_created_at = revision.created_at


def _item_context(campaign, showcase, page, units, owner, vocabularies):
    taken = set(
        VideoQuotaSlot.objects.filter(showcase=showcase, jurisdiction_id=page.jurisdiction_id).values_list(
            "number", flat=True
        )
    )
    context = ItemContext(
        campaign=campaign,
        showcase=showcase,
        page=page,
        units=units,
        owner=owner,
        slugs=set(Page.objects.child_of(page).values_list("slug", flat=True)),
        free_video_numbers=[number for number in range(1, showcase.video_quota + 1) if number not in taken],
        **vocabularies,
    )
    context.counters = {
        "activity": ActivityPage.objects.child_of(page).count(),
        "video": VideoPage.objects.child_of(page).count(),
    }
    membership = UnitMember.objects.filter(user=owner).first() if owner else None
    context.owner_unit_id = membership.unit_id if membership else None
    own_cities = [city for city in context.cities.values() if city.parent_id == page.jurisdiction.region_id]
    for unit in units:
        context.unit_cities[unit.pk] = next((city for city in own_cities if unit.name.startswith(city.name)), None)
    return context


def build_items(campaign, showcase, pages, units_by_jurisdiction, target, owner=None, progress_file=None):
    """Top the zone up to ``target`` items; returns how many were added."""
    existing = ShowcaseItemPage.objects.descendant_of(showcase).count()
    missing = max(0, target - existing)
    if not missing:
        return 0
    jurisdiction_pages = [page for page in pages.values() if units_by_jurisdiction.get(page.jurisdiction_id)]
    allocation = apportion(missing, {page.pk: jurisdiction_weight(page.jurisdiction) for page in jurisdiction_pages})
    regions = list(Region.objects.all())
    vocabularies = {
        "sectors": {sector.slug: sector for sector in Sector.objects.all()},
        "provinces": {region.slug: region for region in regions if region.parent_id is None},
        "cities": {region.slug: region for region in regions if region.parent_id is not None},
        "cities_of": {},
    }
    for city in vocabularies["cities"].values():
        vocabularies["cities_of"].setdefault(city.parent_id, []).append(city)
    added = 0
    with tqdm(total=missing, desc="网络专区 / showcase items", unit="item", file=progress_file) as bar:
        for page in sorted(jurisdiction_pages, key=lambda page: (page.jurisdiction.sort_order, page.pk)):
            count = allocation[page.pk]
            if not count:
                continue
            context = _item_context(
                campaign, showcase, page, units_by_jurisdiction[page.jurisdiction_id], owner, vocabularies
            )
            rng = seeded_random("items", page.jurisdiction.code, existing, count)
            for start in range(0, count, CHUNK_SIZE):
                size = min(CHUNK_SIZE, count - start)
                _save_chunk(context, [_plan_item(rng, context) for _number in range(size)])
                added += size
                bar.update(size)
                # With DEBUG on, Django keeps the last 9,000 statements; these are large inserts.
                reset_queries()
    return added
