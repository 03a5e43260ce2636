"""Each role reaches its own objects, and the assessment's evidence downloads for its officers and assessors only.

That no admin URL gives a role anything outside its scope is the scope crawl's
(``tests/security/test_scope_crawl.py``), which walks every URL of the URL
configuration with every id.
"""

import pytest
import wagtail_factories

from assessment import judging
from assessment.access import evidence_collection_for_body
from assessment.awards import nominate
from assessment.roles import EXPERTS
from showcase.permissions.grants import evidence_collection_for
from tests.factories import (
    ActivityPageFactory,
    AssessmentPeriodFactory,
    AwardCategoryFactory,
    LiaisonFactory,
    UnitFactory,
    UnitMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


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

    other_period = AssessmentPeriodFactory(name="2023年宣传考核", year=2023, bodies={bodies["putuo"]: "county"})
    category = AwardCategoryFactory(campaign=campaign, kind="activity", name="优秀活动", places=1)
    nomination = nominate(editor, category, item=live_item)
    assignments = [judging.assign(editor, nomination, expert) for expert in experts[:2]]
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


@pytest.mark.parametrize(
    "role, key, url",
    [
        ("officer", "dinghai_record", "/admin/snippets/assessment/coveragerecord/edit/{}/"),
        ("assessor", "putuo_record", "/admin/snippets/assessment/coveragerecord/edit/{}/"),
        ("assessor", "period", "/admin/assessment/points/{}/"),
        ("expert", "expert1_assignment", "/admin/assessment/my-assignments/{}/"),
        ("editor", "campaign", "/admin/assessment/judging/{}/"),
        ("moderator", "hebei_draft", "/admin/pages/{}/edit/"),
        ("moderator", "hebei_liaison", "/admin/showcase/liaison/inspect/{}/"),
    ],
)
def test_each_role_does_reach_its_own_objects(client, world, role, key, url):
    """The other half of the scope crawl: its refusals are not just every door being shut."""
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
    group = EXPERTS.group()
    assert {p.codename for p in group.permissions.all()} <= {"access_admin", "score_nominations"}
