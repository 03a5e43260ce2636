"""Every admin URL that takes an id, asked by each restricted role for an object that is not theirs: never the object.

The URLs are read from the URL configuration, not listed by hand, so a view
added later (a snippet action, a modeladmin view, a page action) is tried
too. Each role is given the ids of the objects it must not reach: another
jurisdiction's pages, evidence, units and liaisons; another body's coverage
records and evidence; another expert's assignment; and the national editors'
and assessors' own objects (periods, nominations, award categories, the points
table, the review round).
"""

import datetime
import re

import pytest
import wagtail_factories
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.documents import get_document_model
from wagtail.models import Page

from assessment import expert_review
from assessment.access import evidence_collection_for_body
from assessment.awards import nominate
from assessment.models import AssessedBody, AssessmentPeriod, AwardCategory, ExpertAssignment
from campaign.models import CampaignHomePage
from showcase.access import evidence_collection_for
from showcase.models import Jurisdiction, Liaison, Unit
from showcase.roles import EXPERTS
from tests.factories import ActivityPageFactory, LiaisonFactory, UnitFactory, UnitMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

# One id in the route (named pk, instance_pk, page_id, document_id, period_id, ...): the object's own views.
SINGLE_ID = re.compile(r"^[^<(]*(<(?:int|str):(\w+)>|\(\?P<(\w+)>[^)]*\))[^<(]*$")
POST_ONLY = {"lock", "unlock", "reorder", "set_position", "delete_upload", "convert_alias"}


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _model_of(route):
    """Which model the id in a route names, or None for routes whose id is not an object of ours or Wagtail's."""
    route = route.replace("^", "").replace("$", "")
    if match := re.match(r"admin/snippets/(?:choose/)?(\w+)/(\w+)/", route):
        return apps.get_model(match[1], match[2])
    if match := re.match(r"admin/(showcase)/(\w+)/\w+/\(\?P<instance_pk>", route):
        return apps.get_model(match[1], match[2])
    if re.match(r"admin/pages/(<int:page_id>|<int:page_to_move_id>|workflow/confirm_cancellation/)", route):
        return Page
    if re.match(r"admin/documents/(edit|delete|usage|chooser/chosen|multiple/<int:doc_id>)", route):
        return get_document_model()
    return {
        "admin/assessment/points/<int:period_id>/": AssessmentPeriod,
        "admin/assessment/review/<int:campaign_id>/": CampaignHomePage,
        "admin/assessment/my-reviews/<int:assignment_id>/": ExpertAssignment,
    }.get(route)


def id_routes():
    """(route with a {} for the id, model) for every admin route that takes exactly one object id."""
    found = []
    for route in _routes():
        if not route.startswith("admin/") or route.startswith("admin/api/"):
            continue
        match = SINGLE_ID.match(route)
        model = _model_of(route) if match else None
        if model is None or any(f"/{word}/" in f"/{route}" for word in POST_ONLY):
            continue
        template = "/" + route.replace("^", "").replace("$", "").replace(match[1], "{}")
        found.append((template, model))
    return found


@pytest.fixture
def world(campaign, hebei, shanxi, period, bodies, officers, assessor, editor, experts, record):
    hebei_unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市节水办")
    shanxi_unit = UnitFactory(jurisdiction=shanxi.jurisdiction, name="太原市水务局")
    moderator = UserFactory(groups=[hebei.jurisdiction.moderators])
    submitter = UserFactory(groups=[hebei.jurisdiction.submitters])
    UnitMemberFactory(user=submitter, unit=hebei_unit)
    hebei_draft = ActivityPageFactory(parent=hebei, live=False, unit=hebei_unit)
    hebei_draft.save_revision()
    shanxi_draft = ActivityPageFactory(parent=shanxi, live=False, unit=shanxi_unit)
    shanxi_draft.save_revision()
    live_item = ActivityPageFactory(parent=hebei, unit=hebei_unit)

    def evidence(collection):
        return wagtail_factories.DocumentFactory(title="佐证", collection=collection)

    other_period = AssessmentPeriod.objects.create(
        name="2023年宣传考核",
        year=2023,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
        bonus_cap=10,
    )
    AssessedBody.objects.create(period=other_period, unit=bodies["putuo"], kind="county")
    category = AwardCategory.objects.create(campaign=campaign, kind="activity", name="优秀活动", places=1)
    nomination = nominate(editor, category, item=live_item)
    assignments = [expert_review.assign(editor, nomination, expert) for expert in experts[:2]]
    objects = {
        "hebei_draft": hebei_draft,
        "shanxi_draft": shanxi_draft,
        "hebei_evidence": evidence(evidence_collection_for(hebei.jurisdiction)),
        "shanxi_evidence": evidence(evidence_collection_for(shanxi.jurisdiction)),
        "hebei_unit": hebei_unit,
        "shanxi_unit": shanxi_unit,
        "hebei_liaison": LiaisonFactory(unit=hebei_unit),
        "shanxi_liaison": LiaisonFactory(unit=shanxi_unit),
        "shanxi": shanxi.jurisdiction,
        "dinghai_record": record(bodies["dinghai"], 1, verify=False),
        "putuo_record": record(bodies["putuo"], 1, verify=False),
        "dinghai_evidence": evidence(evidence_collection_for_body(bodies["dinghai"])),
        "putuo_evidence": evidence(evidence_collection_for_body(bodies["putuo"])),
        "period": period,
        "other_period": other_period,
        "category": category,
        "nomination": nomination,
        "expert1_assignment": assignments[0],
        "expert2_assignment": assignments[1],
        "campaign": campaign,
    }
    users = {
        "moderator": moderator,
        "submitter": submitter,
        "officer": officers["dinghai"],
        "assessor": assessor,
        "expert": experts[0],
        "editor": editor,
    }
    return users, objects


DIRECTORY = ["shanxi_unit", "shanxi_liaison", "shanxi"]
AWARDS = ["category", "nomination", "expert1_assignment", "expert2_assignment", "campaign"]
ASSESSMENT = ["dinghai_record", "putuo_record", "dinghai_evidence", "putuo_evidence", "period", "other_period"]
SHOWCASE = ["hebei_draft", "shanxi_draft", "hebei_evidence", "shanxi_evidence", "hebei_unit", "hebei_liaison"]
# What each role must never reach, whatever the URL.
FORBIDDEN = {
    "moderator": ["shanxi_draft", "shanxi_evidence", *DIRECTORY, *AWARDS, *ASSESSMENT],
    "submitter": ["shanxi_draft", "shanxi_evidence", "hebei_liaison", *DIRECTORY, *AWARDS, *ASSESSMENT],
    # An officer chooses the periods that assess their body when filing, so only another period is out of reach.
    "officer": ["putuo_record", "putuo_evidence", "other_period", *SHOWCASE, *DIRECTORY, *AWARDS],
    "assessor": [*SHOWCASE, *DIRECTORY, *AWARDS],
    "expert": ["expert2_assignment", "category", "nomination", "campaign", *SHOWCASE, *DIRECTORY, *ASSESSMENT],
}


# Wagtail answers these for any id without a permission check, but with nothing of the object: the
# workflow's and task's names, or "no confirmation needed". They must not show the object's title.
ANSWERS_WITHOUT_THE_OBJECT = {"/admin/pages/workflow/confirm_cancellation/{}/"}


def _refused(client, response):
    """403, 404 or 405; Wagtail's redirect to the dashboard or the login; or a redirect to a refusing URL."""
    if response.status_code in {403, 404, 405}:
        return True
    if response.status_code != 302:
        return False
    location = response["Location"].split("?")[0]
    return location in {"/admin/", "/admin/login/"} or _refused(client, client.get(response["Location"]))


def test_the_routes_under_test_cover_every_kind_of_object():
    models = {model for _route, model in id_routes()}
    assert {Page, get_document_model(), Unit, Liaison, Jurisdiction, ExpertAssignment, AssessmentPeriod} <= models
    assert apps.get_model("assessment", "CoverageRecord") in models
    assert apps.get_model("assessment", "Nomination") in models
    assert len(id_routes()) > 80


@pytest.mark.parametrize("role", list(FORBIDDEN))
def test_no_admin_url_with_an_id_gives_a_role_an_object_that_is_not_theirs(client, world, role):
    users, objects = world
    client.force_login(users[role])
    leaks = []
    for key in FORBIDDEN[role]:
        target = objects[key]
        for template, model in id_routes():
            if not isinstance(target, model):
                continue
            url = template.format(target.pk)
            response = client.get(url)
            if template in ANSWERS_WITHOUT_THE_OBJECT:
                if str(target) in response.content.decode():
                    leaks.append((key, url, "shows the object"))
            elif not _refused(client, response):
                leaks.append((key, url, response.status_code))
        if isinstance(target, get_document_model()) and client.get(target.url).status_code == 200:
            leaks.append((key, target.url, 200))
    assert leaks == [], "\n".join(map(str, leaks))


@pytest.mark.parametrize(
    "role, key, url",
    [
        ("officer", "dinghai_record", "/admin/snippets/assessment/coveragerecord/edit/{}/"),
        ("assessor", "putuo_record", "/admin/snippets/assessment/coveragerecord/edit/{}/"),
        ("assessor", "period", "/admin/assessment/points/{}/"),
        ("expert", "expert1_assignment", "/admin/assessment/my-reviews/{}/"),
        ("editor", "campaign", "/admin/assessment/review/{}/"),
        ("moderator", "hebei_draft", "/admin/pages/{}/edit/"),
        ("moderator", "hebei_liaison", "/admin/showcase/liaison/inspect/{}/"),
    ],
)
def test_each_role_does_reach_its_own_objects(client, world, role, key, url):
    """The other half of the matrix: the refusals above are not just every door being shut."""
    users, objects = world
    client.force_login(users[role])

    assert client.get(url.format(objects[key].pk)).status_code == 200


def test_evidence_of_a_body_downloads_for_its_officer_and_the_assessors_only(client, world):
    users, objects = world
    allowed = set()
    for role, user in users.items():
        client.force_login(user)
        if client.get(objects["dinghai_evidence"].url).status_code == 200:
            allowed.add(role)
    assert allowed == {"officer", "assessor"}


def test_experts_group_gives_no_admin_object_beyond_the_assignments(world):
    group = Group.objects.get(name=EXPERTS)
    assert {p.codename for p in group.permissions.all()} <= {"access_admin"}
