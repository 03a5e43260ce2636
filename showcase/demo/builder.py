"""Builds the showcase part of the demo: the zone, jurisdiction pages, units, accounts and items.

Everything is found before it is created. Items follow one rule, so that the
demo can be run again or asked for more: ``--activities N`` is the number of
activities and videos the zone should hold in all; the step adds only the
missing ones (none if the zone already holds N or more) and never deletes.
Items are made in bulk (``showcase.demo.bulk``) so that 100,000 take minutes.
"""

import argparse
import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import reset_queries, transaction
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from tqdm import tqdm
from wagtail.models import Page, Revision

from campaign.demo.builder import DemoAccount
from showcase.directory.reference import load_reference_data
from showcase.models import (
    ActivityPage,
    ActivityProgressUpdate,
    Jurisdiction,
    JurisdictionPage,
    Liaison,
    Region,
    Sector,
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

from . import content
from .bulk import bulk_add_children
from .review import build_review_demo, ensure_review_accounts

DEFAULT_ITEM_COUNT = 2000
UNIT_COUNT = 300
MIN_UNITS_PER_JURISDICTION = 3
VIDEO_SHARE = 0.12
DRAFT_SHARE = 0.10
CHANGED_SHARE = 0.05
CITY_SHARE = 0.45
CHUNK_SIZE = 1000
DEMO_PASSWORD = "jieshui-demo-2023"  # noqa: S105 - the demo's documented, printed password
DEMO_MOBILE_BLOCK = "1990000"


def _rng(*seed):
    """A reproducible generator seeded by names and counts, not keys: the same request gives the same demo."""
    return random.Random("-".join(str(part) for part in seed))  # noqa: S311 - demo data, not security


def apportion(total, weights):
    """Split ``total`` over the keys of ``weights`` in proportion, exactly (largest remainder)."""
    whole = sum(weights.values())
    if total <= 0 or whole <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: total * weight / whole for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    remainder = total - sum(shares.values())
    for key in sorted(exact, key=lambda key: shares[key] - exact[key])[:remainder]:
        shares[key] += 1
    return shares


def _weight(jurisdiction):
    return content.WEIGHTS.get(jurisdiction.code, content.DEFAULT_WEIGHT)


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_showcase(campaign):
    existing = ShowcaseIndexPage.objects.child_of(campaign).first()
    if existing:
        return existing
    facts = content.SHOWCASE
    return _publish_child(
        campaign,
        ShowcaseIndexPage(
            title=facts["title"], slug=facts["slug"], introduction=facts["introduction"], show_in_menus=True
        ),
    )


def ensure_jurisdiction_pages(showcase):
    """One published page per jurisdiction, in the jurisdictions' order; returns {jurisdiction pk: page}."""
    pages = {page.jurisdiction_id: page for page in JurisdictionPage.objects.child_of(showcase)}
    taken_slugs = set(Page.objects.child_of(showcase).values_list("slug", flat=True))
    for jurisdiction in Jurisdiction.objects.order_by("sort_order", "name"):
        if jurisdiction.pk in pages:
            continue
        slug, suffix = jurisdiction.code, 1
        while slug in taken_slugs:
            suffix += 1
            slug = f"{jurisdiction.code}-{suffix}"
        page = JurisdictionPage(
            title=jurisdiction.name,
            slug=slug,
            jurisdiction=jurisdiction,
            introduction=content.JURISDICTION_INTRODUCTION.format(name=jurisdiction.name),
        )
        pages[jurisdiction.pk] = _publish_child(showcase, page)
        taken_slugs.add(slug)
    return pages


# Units


@dataclass
class UnitPlan:
    name: str
    sector: str
    parent: str | None = None


def _places(jurisdiction):
    """Cities (or districts of a municipality) to name a province's units after."""
    if jurisdiction.code in content.DISTRICTS:
        prefix = jurisdiction.region.name if jurisdiction.region else ""
        return [f"{prefix}{district}" for district in content.DISTRICTS[jurisdiction.code]]
    if jurisdiction.region is not None:
        cities = [city.name for city in jurisdiction.region.cities.order_by("sort_order", "name")]
        if cities:
            return cities
        return [jurisdiction.region.name]
    return [jurisdiction.short_name]


def unit_plans(jurisdiction):
    """Every unit the demo may give ``jurisdiction``, most important first (parents before children)."""
    kind = Jurisdiction.Kind
    root = jurisdiction.name
    if jurisdiction.kind == kind.MINISTRY:
        return [UnitPlan(name, sector, parent) for sector, name, parent in content.MINISTRY_UNITS]
    plans = [UnitPlan(root, "water-conservancy")]
    if jurisdiction.kind == kind.BASIN:
        plans += [
            UnitPlan(template.format(name=root), sector, root) for sector, template, _parent in content.BASIN_UNITS
        ]
        return plans
    if jurisdiction.kind == kind.XPCC:
        for sector, name, parent in content.XPCC_UNITS:
            plans.append(UnitPlan(name, sector, root if parent == "root" else parent))
        return plans
    return _province_unit_plans(jurisdiction, plans)


def _province_unit_plans(jurisdiction, plans):
    """A province's units, sectors interleaved so that even a small province gets several sectors."""
    root = jurisdiction.name
    province = jurisdiction.region.name if jurisdiction.region else jurisdiction.short_name
    places = _places(jurisdiction)
    municipal = jurisdiction.code in content.DISTRICTS
    bureau_sector, bureau_template, _parent = (
        content.MUNICIPAL_WATER_BUREAU if municipal else content.PLACE_WATER_BUREAU
    )
    names = {plan.name for plan in plans}

    def add(plan):
        if plan.name not in names:
            plans.append(plan)
            names.add(plan.name)

    def bureau(place):
        return UnitPlan(bureau_template.format(place=place), bureau_sector, root)

    def place_unit(sector, template, parent, place):
        if parent == "place":
            add(bureau(place))
        return UnitPlan(template.format(place=place), sector, bureau(place).name if parent == "place" else None)

    province_level = [
        UnitPlan(template.format(province=province), sector, root)
        for sector, template, _parent in content.PROVINCE_LEVEL_UNITS
    ]
    add(bureau(places[0]))
    for index, (sector, template, parent) in enumerate(content.PLACE_UNITS):
        add(place_unit(sector, template, parent, places[index % len(places)]))
        if index % 3 == 2 and province_level:
            add(province_level.pop(0))
    for plan in province_level:
        add(plan)
    for place in places:
        add(bureau(place))
    for sector, template, parent in content.PLACE_UNITS:
        for place in places:
            add(place_unit(sector, template, parent, place))
    return plans


def ensure_units(jurisdictions):
    """About UNIT_COUNT units over the jurisdictions, each with a liaison; returns {jurisdiction pk: [units]}."""
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    targets = apportion(UNIT_COUNT, {j.pk: _weight(j) for j in jurisdictions})
    result = {}
    for jurisdiction in jurisdictions:
        existing = {unit.name: unit for unit in Unit.objects.filter(jurisdiction=jurisdiction)}
        plans = unit_plans(jurisdiction)[: max(MIN_UNITS_PER_JURISDICTION, targets[jurisdiction.pk])]
        for plan in plans:
            if plan.name in existing:
                continue
            parent = existing.get(plan.parent) if plan.parent else None
            existing[plan.name] = Unit.objects.create(
                name=plan.name,
                jurisdiction=jurisdiction,
                sector=sectors.get(plan.sector),
                parent=parent,
                address=_address(jurisdiction, plan.name),
            )
        result[jurisdiction.pk] = sorted(existing.values(), key=lambda unit: unit.pk)
        office = existing.get(jurisdiction.name)
        if office is not None and jurisdiction.administering_office_id != office.pk:
            # The jurisdiction's own department runs the campaign there: its liaisons are the moderators.
            Jurisdiction.objects.filter(pk=jurisdiction.pk).update(administering_office=office)
    _ensure_liaisons([unit for units in result.values() for unit in units])
    return result


def _address(jurisdiction, unit_name):
    region = jurisdiction.region.name if jurisdiction.region else ""
    return unit_name if unit_name.startswith(region) else f"{region}{unit_name}"


def _demo_mobiles():
    """Well-formed numbers of one block (1990000xxxx), in order, skipping any already on file."""
    taken = set(Liaison.objects.filter(mobile__startswith=DEMO_MOBILE_BLOCK).values_list("mobile", flat=True))
    for number in range(10 ** (11 - len(DEMO_MOBILE_BLOCK))):
        mobile = f"{DEMO_MOBILE_BLOCK}{number:04d}"
        if mobile not in taken:
            yield mobile


def _ensure_liaisons(units):
    with_liaison = set(Liaison.objects.filter(unit__in=units).values_list("unit_id", flat=True))
    mobiles = _demo_mobiles()
    new = []
    for unit in units:
        if unit.pk in with_liaison:
            continue
        rng = _rng("liaison", unit.name)
        sector = unit.sector.slug if unit.sector else "water-conservancy"
        mobile = next(mobiles)
        new.append(
            Liaison(
                name=rng.choice(content.SURNAMES) + rng.choice(content.GIVEN_NAMES),
                unit=unit,
                title=rng.choice(content.LIAISON_TITLES.get(sector, ["联络员"])),
                mobile=mobile,
                email=f"liaison-{mobile}@example.cn",
            )
        )
    Liaison.objects.bulk_create(new)


# Accounts


def _demo_user(username, email):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(username, email=email, password=DEMO_PASSWORD)
    return user


def ensure_accounts(units_by_jurisdiction):
    """The national editor, the Hebei moderator and a Hebei unit submitter; returns (accounts, submitter)."""
    editor = _demo_user("editor", "editor@jieshui.example.cn")
    editor.groups.add(NATIONAL_EDITORS.group())
    accounts = [DemoAccount(editor.username, DEMO_PASSWORD, "国家级编辑 / national editor")]

    hebei = Jurisdiction.objects.filter(code="hebei").first()
    hebei_units = units_by_jurisdiction.get(hebei.pk, []) if hebei else []
    if not hebei_units:
        return accounts, None
    moderator = _demo_user("hebei-moderator", "hebei-moderator@jieshui.example.cn")
    moderator.groups.add(hebei.moderators)
    own_liaison = Liaison.objects.filter(unit__jurisdiction=hebei, unit__name=hebei.name, user__isnull=True).first()
    if own_liaison and not Liaison.objects.filter(user=moderator).exists():
        own_liaison.user = moderator
        own_liaison.save(update_fields=["user"])
    accounts.append(DemoAccount(moderator.username, DEMO_PASSWORD, "河北审核员 / Hebei moderator"))

    submitter = _demo_user("hebei-submitter", "hebei-submitter@jieshui.example.cn")
    submitter.groups.add(hebei.submitters)
    if not UnitMember.objects.filter(user=submitter).exists():
        schools = [unit for unit in hebei_units if unit.sector and unit.sector.slug == "education"]
        others = [unit for unit in hebei_units if unit.name != hebei.name]
        UnitMember.objects.create(user=submitter, unit=(schools or others or hebei_units)[0])
    unit = UnitMember.objects.get(user=submitter).unit
    accounts.append(DemoAccount(submitter.username, DEMO_PASSWORD, f"{unit.name}填报人 / Hebei unit submitter"))
    return accounts, submitter


# Items


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
    allocation = apportion(missing, {page.pk: _weight(page.jurisdiction) for page in jurisdiction_pages})
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
            rng = _rng("items", page.jurisdiction.code, existing, count)
            for start in range(0, count, CHUNK_SIZE):
                size = min(CHUNK_SIZE, count - start)
                _save_chunk(context, [_plan_item(rng, context) for _number in range(size)])
                added += size
                bar.update(size)
                # With DEBUG on, Django keeps the last 9,000 statements; these are large inserts.
                reset_queries()
    return added


def add_arguments(parser):
    parser.add_argument(
        "--activities",
        type=_non_negative,
        default=DEFAULT_ITEM_COUNT,
        metavar="N",
        help=(
            "How many activities and videos the demo zone should hold in all (default %(default)s). "
            "Only the missing ones are added, so running again with the same N adds nothing."
        ),
    )


def _non_negative(value):
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of items, zero or more, not {value!r}")
    return number


def build_showcase_demo(campaign, stdout, stderr=None, activities=DEFAULT_ITEM_COUNT, **options):
    """The showcase demo step: reference data, zone, jurisdiction pages, units, accounts, items, reviews."""
    load_reference_data()
    with transaction.atomic():
        showcase = ensure_showcase(campaign)
        pages = ensure_jurisdiction_pages(showcase)
        jurisdictions = [page.jurisdiction for page in pages.values()]
        units = ensure_units(jurisdictions)
        accounts, submitter = ensure_accounts(units)
    progress_file = getattr(stderr, "_out", stderr)
    added = build_items(campaign, showcase, pages, units, activities, owner=submitter, progress_file=progress_file)
    total = ShowcaseItemPage.objects.descendant_of(showcase).count()
    stdout.write(f"网络专区 / showcase: {added} items added, {total} in all, {len(pages)} jurisdiction pages")
    review_accounts, reviewers = ensure_review_accounts(units, _demo_user, DEMO_PASSWORD)
    editor = get_user_model().objects.filter(username="editor").first()
    reviewed = build_review_demo(showcase, reviewers, editor)
    stdout.write(f"分级审核 / tiered review: {reviewed} items put through the workflow")
    return accounts + review_accounts
