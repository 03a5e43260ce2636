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


def is_national_editor(user):
    """National editors (and superusers) are exempt from the filing window and see every jurisdiction.

    The answer is kept on the user object, which lives for one request: admin
    listings ask it once per row.
    """
    if not user.is_authenticated:
        return False
    cached = user.__dict__.get("_showcase_is_national_editor")
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=NATIONAL_EDITORS).exists()
        user.__dict__["_showcase_is_national_editor"] = cached
    return cached


def moderators_group_name(jurisdiction):
    return f"{jurisdiction.short_name} 审核员 Moderators ({jurisdiction.code})"


def submitters_group_name(jurisdiction):
    return f"{jurisdiction.short_name} 填报单位 Submitters ({jurisdiction.code})"
