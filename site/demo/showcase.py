"""The showcase's part of the demo: the zone, jurisdiction pages, units, liaisons and accounts, then its items.

Everything is found before it is created. The items are made by
``demo.items``, and a share of them goes through the tiered review
(``demo.review``).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page

from demo.accounts import PASSWORD, DemoAccount, ensure_user
from demo.content import showcase as content
from demo.items import DEFAULT_ITEM_COUNT, build_items
from demo.review import build_review_demo, ensure_review_accounts
from demo.sampling import apportion, jurisdiction_weight, seeded_random
from showcase.directory.reference import load_reference_data
from showcase.models import (
    ActivityPage,
    Jurisdiction,
    JurisdictionPage,
    Liaison,
    RecommendedSlot,
    Sector,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    Unit,
    UnitMember,
    VideoPage,
)
from showcase.permissions.roles import NATIONAL_EDITORS

UNIT_COUNT = 300
MIN_UNITS_PER_JURISDICTION = 3
DEMO_MOBILE_BLOCK = "1990000"


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
    targets = apportion(UNIT_COUNT, {j.pk: jurisdiction_weight(j) for j in jurisdictions})
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
        rng = seeded_random("liaison", unit.name)
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


def ensure_accounts(units_by_jurisdiction):
    """The national editor, the Hebei moderator and a Hebei unit submitter; returns (accounts, submitter)."""
    editor = ensure_user("editor", "editor@jieshui.example.cn")
    editor.groups.add(NATIONAL_EDITORS.group())
    accounts = [DemoAccount(editor.username, PASSWORD, "国家级编辑 / national editor")]

    hebei = Jurisdiction.objects.filter(code="hebei").first()
    hebei_units = units_by_jurisdiction.get(hebei.pk, []) if hebei else []
    if not hebei_units:
        return accounts, None
    moderator = ensure_user("hebei-moderator", "hebei-moderator@jieshui.example.cn")
    moderator.groups.add(hebei.moderators)
    own_liaison = Liaison.objects.filter(unit__jurisdiction=hebei, unit__name=hebei.name, user__isnull=True).first()
    if own_liaison and not Liaison.objects.filter(user=moderator).exists():
        own_liaison.user = moderator
        own_liaison.save(update_fields=["user"])
    accounts.append(DemoAccount(moderator.username, PASSWORD, "河北审核员 / Hebei moderator"))

    submitter = ensure_user("hebei-submitter", "hebei-submitter@jieshui.example.cn")
    submitter.groups.add(hebei.submitters)
    if not UnitMember.objects.filter(user=submitter).exists():
        schools = [unit for unit in hebei_units if unit.sector and unit.sector.slug == "education"]
        others = [unit for unit in hebei_units if unit.name != hebei.name]
        UnitMember.objects.create(user=submitter, unit=(schools or others or hebei_units)[0])
    unit = UnitMember.objects.get(user=submitter).unit
    accounts.append(DemoAccount(submitter.username, PASSWORD, f"{unit.name}填报人 / Hebei unit submitter"))
    return accounts, submitter


def build_showcase_demo(campaign, stdout, progress_file=None, activities=DEFAULT_ITEM_COUNT):
    """Reference data, zone, jurisdiction pages, units, accounts, items and reviews; returns the accounts."""
    load_reference_data()
    with transaction.atomic():
        showcase = ensure_showcase(campaign)
        pages = ensure_jurisdiction_pages(showcase)
        jurisdictions = [page.jurisdiction for page in pages.values()]
        units = ensure_units(jurisdictions)
        accounts, submitter = ensure_accounts(units)
    added = build_items(campaign, showcase, pages, units, activities, owner=submitter, progress_file=progress_file)
    total = ShowcaseItemPage.objects.descendant_of(showcase).count()
    stdout.write(f"网络专区 / showcase: {added} items added, {total} in all, {len(pages)} jurisdiction pages")
    review_accounts, reviewers = ensure_review_accounts(units)
    editor = get_user_model().objects.filter(username="editor").first()
    reviewed = build_review_demo(showcase, reviewers, editor)
    stdout.write(f"分级审核 / tiered review: {reviewed} items put through the workflow")
    ensure_recommended(showcase)
    return accounts + review_accounts


RECOMMENDED_ITEMS = 4


def ensure_recommended(showcase):
    """Fill the zone's recommended slots, once: three of the earliest published activities and a video.

    The zone and its dashboard show them; an editor's own choice made later is kept.
    """
    if RecommendedSlot.objects.filter(showcase=showcase).exists():
        return
    published = Page.objects.live().public().descendant_of(showcase).order_by("first_published_at", "pk")
    picks = [
        *published.type(ActivityPage).values_list("pk", flat=True)[: RECOMMENDED_ITEMS - 1],
        *published.type(VideoPage).values_list("pk", flat=True)[:1],
    ]
    for position, item_id in enumerate(picks):
        RecommendedSlot.objects.create(showcase=showcase, item_id=item_id, sort_order=position)
