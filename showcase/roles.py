"""Names of the role groups the showcase creates, and checks on them.

Groups are created by code (migrations and services), never by hand, so that
every deployment has the same roles.
"""

from django.contrib.auth.models import Group

NATIONAL_EDITORS = "国家级编辑 National editors"
EXPERTS = "评审专家 Experts"


def national_editors_group():
    group, _created = Group.objects.get_or_create(name=NATIONAL_EDITORS)
    return group


def in_group(user, group_name):
    """Whether ``user`` is a superuser or in the named role group; kept on the user object, which lives for one request.

    Admin listings ask once per row, so the answer is looked up once.
    """
    if not user.is_authenticated:
        return False
    memberships = user.__dict__.setdefault("_role_memberships", {})
    if group_name not in memberships:
        memberships[group_name] = user.is_superuser or user.groups.filter(name=group_name).exists()
    return memberships[group_name]


def is_national_editor(user):
    """National editors (and superusers) are exempt from the filing window and see every jurisdiction."""
    return in_group(user, NATIONAL_EDITORS)


def moderators_group_name(jurisdiction):
    return f"{jurisdiction.short_name} 审核员 Moderators ({jurisdiction.code})"


def submitters_group_name(jurisdiction):
    return f"{jurisdiction.short_name} 填报单位 Submitters ({jurisdiction.code})"
