"""The assessment's roles, as permissions that code grants to role groups, like the showcase's.

Assessors (考核) hold ``view_every_body`` and verify coverage records;
information officers (信息员) have one group per assessed body, named by
``BodyOfficers``, so an officer records coverage for exactly the bodies whose
group they belong to. National editors run the awards (``run_awards``) and
experts score what is assigned to them (``score_nominations``).
"""

from showcase.permissions.roles import ACCESS_ADMIN, Role

VIEW_EVERY_BODY = "assessment.view_every_body"
PUBLISH_POINTS_TABLE = "assessment.publish_points_table"
RUN_AWARDS = "assessment.run_awards"
SCORE_NOMINATIONS = "assessment.score_nominations"

ASSESSORS = Role(
    default_name="考核员 Assessors",
    key_permission=VIEW_EVERY_BODY,
    permissions=(
        ACCESS_ADMIN,
        PUBLISH_POINTS_TABLE,
        "assessment.view_coveragerecord",
        # Assessors may also record coverage on a body's behalf, e.g. a report sent on paper.
        "assessment.add_coveragerecord",
        "assessment.change_coveragerecord",
        "assessment.publish_coveragerecord",
        "assessment.add_assessmentperiod",
        "assessment.change_assessmentperiod",
        "assessment.view_assessmentperiod",
        "assessment.add_outlettier",
        "assessment.change_outlettier",
        "assessment.view_outlettier",
    ),
)
EXPERTS = Role(default_name="评审专家 Experts", key_permission=SCORE_NOMINATIONS, permissions=(ACCESS_ADMIN,))


def officers_group_name(unit):
    return f"信息员 Information officers ({unit.pk})"


def is_assessor(user):
    return user.is_authenticated and user.has_perm(VIEW_EVERY_BODY)


def runs_awards(user):
    return user.is_authenticated and user.has_perm(RUN_AWARDS)


def is_expert(user):
    return user.is_authenticated and user.has_perm(SCORE_NOMINATIONS)


def officer_unit_ids(user):
    """The bodies whose information officer the user is (one group per body)."""
    from assessment.models import BodyOfficers

    if not user.is_authenticated:
        return set()
    cached = user.__dict__.get("_assessment_officer_units")
    if cached is None:
        cached = set(BodyOfficers.objects.filter(group__user=user).values_list("unit_id", flat=True))
        user.__dict__["_assessment_officer_units"] = cached
    return cached
