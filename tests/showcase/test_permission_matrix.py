"""Every role against every review action, on its own items and on other jurisdictions' and units' items.

Each cell is checked where the user meets it: the admin URL for viewing,
editing, deleting, unpublishing and evidence downloads, Wagtail's permission
tester for submitting and publishing (the same check the editor's action menu
uses), and the review task's offered actions for approving and rating. The
assessment's roles (assessors, information officers, experts) appear as rows
with no right on any item; their own objects are in
``tests/assessment/test_object_access.py``. The API joins this matrix when it
gains its write endpoints.
"""

import pytest
import wagtail_factories
from django.contrib.auth.models import AnonymousUser, Group

from assessment.access import add_officer
from assessment.roles import ASSESSORS, EXPERTS
from showcase.permissions.grants import evidence_collection_for
from showcase.permissions.roles import NATIONAL_EDITORS
from showcase.review.workflow import tiered_review_workflow
from tests.factories import ActivityPageFactory, UnitFactory, UnitMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "author",
    "unit_colleague",
    "other_unit",
    "moderator",
    "other_moderator",
    "editor",
    "expert",
    "assessor",
    "officer",
    "anonymous",
]


@pytest.fixture
def world(hebei, shanxi):
    unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市节水办")
    other_unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="保定市水务局")
    users = {
        "author": UserFactory(groups=[hebei.jurisdiction.submitters]),
        "unit_colleague": UserFactory(groups=[hebei.jurisdiction.submitters]),
        "other_unit": UserFactory(groups=[hebei.jurisdiction.submitters]),
        "moderator": UserFactory(groups=[hebei.jurisdiction.moderators]),
        "other_moderator": UserFactory(groups=[shanxi.jurisdiction.moderators]),
        "editor": UserFactory(groups=[NATIONAL_EDITORS.group()]),
        "expert": UserFactory(groups=[EXPERTS.group()]),
        "assessor": UserFactory(groups=[ASSESSORS.group()]),
        "officer": UserFactory(),
        "anonymous": AnonymousUser(),
    }
    # The information officer of the author's own unit: recording its coverage gives no right on its items.
    add_officer(users["officer"], unit)
    UnitMemberFactory(user=users["author"], unit=unit)
    UnitMemberFactory(user=users["unit_colleague"], unit=unit)
    UnitMemberFactory(user=users["other_unit"], unit=other_unit)

    def draft(parent, owner=None):
        extra = {"unit": unit} if parent == hebei else {}
        page = ActivityPageFactory(parent=parent, live=False, owner=owner, **extra)
        page.save_revision(user=owner)
        return page

    items = {
        "own_draft": draft(hebei, users["author"]),
        "foreign_draft": draft(shanxi),
        "own_live": ActivityPageFactory(parent=hebei, owner=users["author"], unit=unit),
        "foreign_live": ActivityPageFactory(parent=shanxi),
    }
    for key in ("own_review", "own_final"):
        items[key] = draft(hebei, users["author"])
        tiered_review_workflow().start(items[key], user=users["author"])
    state = items["own_final"].current_workflow_task_state.specific
    state.task.specific.on_action(
        state,
        users["moderator"],
        "approve",
        authenticity_checked=True,
        accuracy_checked=True,
        completeness_checked=True,
        comment="",
    )
    documents = {}
    for key, jurisdiction_page in (("own", hebei), ("foreign", shanxi)):
        documents[key] = wagtail_factories.DocumentFactory(
            title="佐证", collection=evidence_collection_for(jurisdiction_page.jurisdiction)
        )
    # Evidence the author uploaded: their unit reads it, the other unit of the jurisdiction does not.
    documents["own_unit"] = wagtail_factories.DocumentFactory(
        title="签到表", collection=evidence_collection_for(hebei.jurisdiction), uploaded_by_user=users["author"]
    )
    return users, items, documents


def _http_allowed(client, user, url):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(url)
    return response.status_code == 200


def _action_allowed(user, page, action):
    page.refresh_from_db()
    state = page.current_workflow_task_state
    if state is None or not user.is_authenticated:
        return False
    return action in {name for name, _label, _modal in state.task.specific.get_actions(page, user)}


EXPECTED = {
    # cell: roles allowed
    ("view_draft", "own_draft"): {"author", "moderator", "editor"},
    ("view_draft", "foreign_draft"): {"other_moderator", "editor"},
    ("edit", "own_draft"): {"author", "moderator", "editor"},
    ("edit", "foreign_draft"): {"other_moderator", "editor"},
    ("delete", "own_draft"): {"author", "moderator", "editor"},
    ("delete", "foreign_draft"): {"other_moderator", "editor"},
    ("submit", "own_draft"): {"author", "moderator", "editor"},
    ("submit", "foreign_draft"): {"other_moderator", "editor"},
    ("publish", "own_draft"): {"editor"},
    ("publish", "foreign_draft"): {"editor"},
    ("unpublish", "own_live"): {"editor"},
    ("unpublish", "foreign_live"): {"editor"},
    ("approve", "own_review"): {"moderator"},
    ("reject", "own_review"): {"moderator"},
    ("rate", "own_final"): {"editor"},
    ("reject", "own_final"): {"editor"},
    ("evidence", "own"): {"moderator", "editor"},
    ("evidence", "foreign"): {"other_moderator", "editor"},
    ("evidence", "own_unit"): {"author", "unit_colleague", "moderator", "editor"},
    ("choose_evidence", "own"): {"moderator", "editor"},
    ("choose_evidence", "own_unit"): {"author", "unit_colleague", "moderator", "editor"},
    ("choose_evidence", "foreign"): {"other_moderator", "editor"},
}


def allowed_roles(client, world, action, target):
    users, items, documents = world
    allowed = set()
    for role in ROLES:
        user = users[role]
        if action == "evidence":
            permitted = _http_allowed(client, user, documents[target].url)
        elif action == "choose_evidence":
            permitted = _http_allowed(client, user, f"/admin/documents/chooser/chosen/{documents[target].pk}/")
        elif action in ("view_draft", "edit", "delete", "unpublish"):
            path = {"view_draft": "view_draft", "edit": "edit", "delete": "delete", "unpublish": "unpublish"}[action]
            permitted = _http_allowed(client, user, f"/admin/pages/{items[target].pk}/{path}/")
        elif action == "submit":
            # The submit button lives in the editor, so submitting needs edit access too.
            tester = items[target].permissions_for_user(user)
            permitted = user.is_authenticated and tester.can_edit() and tester.can_submit_for_moderation()
        elif action == "publish":
            permitted = user.is_authenticated and items[target].permissions_for_user(user).can_publish()
        else:
            permitted = _action_allowed(user, items[target], "approve" if action == "rate" else action)
        if permitted:
            allowed.add(role)
    return allowed


@pytest.mark.parametrize(("action", "target"), list(EXPECTED), ids=lambda value: str(value))
def test_permission_matrix(client, world, action, target):
    assert allowed_roles(client, world, action, target) == EXPECTED[(action, target)]


# The role-wide screens: the review report, the directory and its import, the awards' and the assessment's.
ROLE_SCREENS = (
    "/admin/reports/tiered-review/",
    "/admin/showcase/unit/",
    "/admin/showcase/liaison/import/",
    "/admin/assessment/judging/",
    "/admin/assessment/my-assignments/",
    "/admin/snippets/assessment/coveragerecord/",
)


def rights(client, world):
    users = world[0]
    cells = {cell: allowed_roles(client, world, *cell) for cell in EXPECTED}
    screens = {url: {role for role in ROLES if _http_allowed(client, users[role], url)} for url in ROLE_SCREENS}
    return cells, screens


def test_renaming_every_role_group_changes_nobodys_rights(client, world):
    """Roles are permissions and foreign keys, never names: renamed groups keep their rights, and a new group
    that takes a role group's old name gains none."""
    users = world[0]
    before = rights(client, world)
    old_names = {}
    for group in Group.objects.all():
        old_names[group.pk] = group.name
        group.name = f"改名后的组 renamed {group.pk}"
        group.save()
    impostors = [Group.objects.create(name=name) for name in old_names.values()]
    users["other_unit"].groups.add(*impostors)

    after = rights(client, world)

    assert after == before
    assert before[0] == EXPECTED
    assert before[1]["/admin/showcase/liaison/import/"] == {"editor"}
    assert before[1]["/admin/assessment/my-assignments/"] == {"expert"}
