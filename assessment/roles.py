"""The assessment's role groups, created by code like the showcase's.

Assessors (考核) verify coverage records and publish the points table.
Information officers (信息员) have one group per assessed body, so an officer
records coverage for exactly the bodies whose group they belong to.
"""

from django.contrib.auth.models import Group

from showcase.roles import in_group

ASSESSORS = "考核员 Assessors"


def assessors_group():
    group, _created = Group.objects.get_or_create(name=ASSESSORS)
    return group


def officers_group_name(unit):
    return f"信息员 Information officers ({unit.pk})"


def is_assessor(user):
    return in_group(user, ASSESSORS)


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
