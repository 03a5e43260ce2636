"""The assessment's part of the demo: the 2022 coverage assessment and the 2023 award round.

Coverage records are made in bulk as verified records (live, points frozen
at their tier), except a few that go through the real service functions:
some waiting for the assessor, some rejected with a reason, and some
duplicates, which the service refuses. The award round runs entirely
through the services: nominations, assignments, scores, closing and
certificates. Everything is found before it is created, so running the demo
again adds nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from assessment import judging
from assessment.access import add_officer
from assessment.awards import nominate
from assessment.certificates import issue_certificates
from assessment.coverage import record_coverage, reject_record
from assessment.models import (
    AssessedBody,
    AssessmentPeriod,
    AwardCategory,
    AwardsPage,
    CoverageRecord,
    Nomination,
    OutletTier,
    PeriodQuota,
)
from assessment.roles import ASSESSORS, EXPERTS
from demo.accounts import PASSWORD, DemoAccount, ensure_user
from demo.content import assessment as content
from demo.sampling import seeded_random
from showcase.models import ActivityPage, ItemRating, Jurisdiction, Liaison, ShowcaseItemPage, Unit, VideoPage
from showcase.permissions.roles import NATIONAL_EDITORS

DEMO_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
BULK_BATCH = 1000


def ensure_period():
    """The 2022 period of the island city, with its counties and functional zones as units of Zhejiang."""
    facts = content.PERIOD
    period = AssessmentPeriod.objects.filter(name=facts["name"]).first()
    if period is None:
        period = AssessmentPeriod.objects.create(**facts)
    jurisdiction = Jurisdiction.objects.filter(code="zhejiang").first() or Jurisdiction.objects.first()
    for order, (name, kind, _weight) in enumerate(content.BODIES):
        unit, _created = Unit.objects.get_or_create(name=name, jurisdiction=jurisdiction)
        _ensure_liaison(unit, order)
        if not AssessedBody.objects.filter(period=period, unit=unit).exists():
            AssessedBody.objects.create(period=period, unit=unit, kind=kind, sort_order=order)
    for order, (kind, (wechat, bulletin)) in enumerate(content.QUOTAS.items()):
        PeriodQuota.objects.get_or_create(
            period=period,
            kind=kind,
            defaults={"wechat_minimum": wechat, "bulletin_minimum": bulletin, "sort_order": order},
        )
    return period


def _ensure_liaison(unit, number):
    """Every unit of the directory names a liaison; here it is the body's information officer (信息员)."""
    if Liaison.objects.filter(unit=unit).exists():
        return
    rng = seeded_random("officer", unit.name)
    mobile = f"{content.DEMO_MOBILE_BLOCK}{content.DEMO_MOBILE_START + number:04d}"
    Liaison.objects.get_or_create(
        mobile=mobile,
        defaults={
            "unit": unit,
            "name": rng.choice(content.OFFICER_NAMES),
            "title": "信息员",
            "email": f"officer-{mobile}@example.cn",
        },
    )


def ensure_assessment_accounts(period):
    assessor = ensure_user("assessor", "assessor@jieshui.example.cn")
    assessor.groups.add(ASSESSORS.group())
    first_body = period.bodies.select_related("unit").order_by("sort_order").first()
    officer = ensure_user("dinghai-officer", "dinghai-officer@jieshui.example.cn")
    add_officer(officer, first_body.unit)
    accounts = [
        DemoAccount(assessor.username, PASSWORD, "考核员 / assessor"),
        DemoAccount(officer.username, PASSWORD, f"{first_body.unit.name}信息员 / information officer"),
    ]
    return accounts, assessor, officer


def _headline(rng, unit, number):
    place = unit.name.replace("五水共治办", "").replace("管委会", "")
    return f"{place}{rng.choice(content.TOPICS)}{rng.choice(content.VERBS)}（{number}）"


def _plan_records(period, tiers, count):
    """``count`` records spread over the bodies by weight and over the tiers as a real year's mix."""
    bodies = list(period.bodies.select_related("unit").order_by("sort_order"))
    weights = {unit_name: weight for unit_name, _kind, weight in content.BODIES}
    tier_list = [tiers[order] for order in sorted(content.TIER_WEIGHTS) if order in tiers]
    tier_weights = [content.TIER_WEIGHTS[tier.sort_order] for tier in tier_list]
    days = (period.ends_on - period.starts_on).days
    rng = seeded_random("coverage", period.name, count)
    for number in range(1, count + 1):
        body = rng.choices(bodies, weights=[weights.get(b.unit.name, 1) for b in bodies])[0]
        tier = rng.choices(tier_list, weights=tier_weights)[0]
        yield {
            "unit": body.unit,
            "tier": tier,
            "outlet": rng.choice(content.OUTLETS[tier.sort_order]),
            "headline": _headline(rng, body.unit, number),
            "published_on": period.starts_on + datetime.timedelta(days=rng.randint(0, days)),
            "url": f"https://news.example.cn/zhoushan/2022/{number:05d}.html",
        }


def build_coverage(period, assessor, officer, count):
    """Top the period up to ``count`` records; returns (added, waiting, rejected, duplicates refused)."""
    existing = CoverageRecord.objects.filter(period=period).count()
    if existing >= count:
        return 0, 0, 0, 0
    tiers = {tier.sort_order: tier for tier in OutletTier.objects.all()}
    plans = list(_plan_records(period, tiers, count))[existing:]
    workflow_share = max(1, round(len(plans) * (content.WAITING_SHARE + content.REJECTED_SHARE)))
    through_workflow, bulk = plans[:workflow_share], plans[workflow_share:]
    now = timezone.now()
    for start in range(0, len(bulk), BULK_BATCH):
        CoverageRecord.objects.bulk_create(
            [
                CoverageRecord(
                    period=period,
                    recorded_by=officer,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    points=plan["tier"].points,
                    verified_at=now,
                    verified_by=assessor,
                    **plan,
                )
                for plan in bulk[start : start + BULK_BATCH]
            ]
        )
    waiting = rejected = 0
    rejected_target = max(
        1, round(len(through_workflow) * content.REJECTED_SHARE / (content.WAITING_SHARE + content.REJECTED_SHARE))
    )
    with override_settings(EMAIL_BACKEND=DEMO_EMAIL_BACKEND):
        for number, plan in enumerate(through_workflow):
            record = record_coverage(assessor, period=period, **plan)
            if number < rejected_target:
                reject_record(record, assessor, content.REJECTION_REASONS[number % len(content.REJECTION_REASONS)])
                rejected += 1
            else:
                waiting += 1
    duplicates = 0
    for plan in plans[:: max(1, len(plans) // 5)][:5]:
        try:
            record_coverage(assessor, period=period, **{**plan, "headline": plan["headline"]})
        except ValidationError:
            duplicates += 1
    return len(plans), waiting, rejected, duplicates


def ensure_experts():
    accounts, experts = [], []

    group = EXPERTS.group()
    for username, surname, title in content.EXPERTS:
        expert = ensure_user(username, f"{username}@jieshui.example.cn", first_name=f"{surname}{title}")
        expert.groups.add(group)
        experts.append(expert)
        accounts.append(DemoAccount(username, PASSWORD, f"评审专家 / expert ({surname}{title})"))
    return accounts, experts


def ensure_awards_page(campaign):
    page = AwardsPage.objects.child_of(campaign).first()
    if page is None:
        page = AwardsPage(**content.AWARDS_PAGE, show_in_menus=True)
        campaign.add_child(instance=page)
        page.save_revision().publish()
    return page


def _best_items(campaign, page_model, count):
    rating_order = {"A+": 0, "A": 1, "B": 2}
    items = list(page_model.objects.live().descendant_of(campaign).select_related("unit").order_by("pk")[: count * 20])
    ratings = dict(ItemRating.objects.filter(item__in=items).values_list("item_id", "rating"))
    items.sort(key=lambda item: (rating_order.get(ratings.get(item.pk), 3), item.pk))
    return items[:count]


def _best_units(campaign, count):
    from django.db.models import Count

    return [
        Unit.objects.get(pk=row["unit"])
        for row in ShowcaseItemPage.objects.live()
        .descendant_of(campaign)
        .values("unit")
        .annotate(items=Count("pk"))
        .order_by("-items", "unit")[:count]
        if row["unit"]
    ]


@transaction.atomic
def build_award_round(campaign, editor, experts):
    """Categories, nominations, two or three experts per nomination, their scores, the results and certificates."""
    review_round = judging.ensure_round(campaign)
    if review_round.is_closed:
        return review_round, 0
    candidates = {}
    for order, (kind, name, places, nominees) in enumerate(content.CATEGORIES):
        category, _created = AwardCategory.objects.get_or_create(
            campaign=campaign, kind=kind, defaults={"name": name, "places": places, "sort_order": order}
        )
        if kind == "organizing_unit":
            candidates[category] = [{"unit": unit} for unit in _best_units(campaign, nominees)]
        else:
            model = ActivityPage if kind == "activity" else VideoPage
            candidates[category] = [{"item": item} for item in _best_items(campaign, model, nominees)]
    for category, entries in candidates.items():
        for entry in entries:
            if not Nomination.objects.filter(category=category, **entry).exists():
                nominate(editor, category, reason="推荐理由：活动组织规范、成效突出。", **entry)
    criteria = list(review_round.criteria.all())
    for nomination in Nomination.objects.filter(category__campaign=campaign).order_by("pk"):
        rng = seeded_random("scores", nomination.pk)
        strength = rng.uniform(0.55, 0.95)
        for expert in experts[: 2 + nomination.pk % 2]:
            assignment = judging.assign(editor, nomination, expert)
            values = {
                c.code: round(min(c.max_score, max(0, c.max_score * rng.gauss(strength, 0.08))), 1) for c in criteria
            }
            judging.score(expert, assignment.pk, values, rng.choice(content.EXPERT_COMMENTS))
    review_round = judging.close_round(editor, review_round)
    issued = issue_certificates(editor, review_round)
    return review_round, len(issued)


def build_assessment_demo(campaign, stdout, records=content.DEFAULT_RECORDS):
    """The 2022 coverage assessment and the 2023 award round; returns the accounts, the period and its assessor."""
    with transaction.atomic():
        period = ensure_period()
        accounts, assessor, officer = ensure_assessment_accounts(period)
    added, waiting, rejected, duplicates = build_coverage(period, assessor, officer, records)
    total = CoverageRecord.objects.filter(period=period).count()
    stdout.write(
        f"考核 / assessment: {added} coverage records added ({waiting} awaiting verification, {rejected} rejected, "
        f"{duplicates} duplicates refused), {total} in all"
    )
    editor = NATIONAL_EDITORS.holders().filter(is_superuser=False).order_by("pk").first()
    expert_accounts, experts = ensure_experts()
    ensure_awards_page(campaign)
    if editor is None:
        stdout.write("评选 / awards: no national editor, round skipped")
        return accounts + expert_accounts, period, assessor
    _review_round, issued = build_award_round(campaign, editor, experts)
    stdout.write(f"评选 / awards: round closed, {issued} certificates issued")
    return accounts + expert_accounts, period, assessor
