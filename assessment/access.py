"""Groups, permissions and the private evidence collections of the assessment, all created by code."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from assessment.roles import assessors_group, officers_group_name

COVERAGE_EVIDENCE_ROOT = "考核佐证 Coverage evidence"
OFFICER_MODEL_PERMISSIONS = ("add_coveragerecord", "change_coveragerecord")


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _evidence_root():
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=COVERAGE_EVIDENCE_ROOT).first() or root.add_child(
        name=COVERAGE_EVIDENCE_ROOT
    )


def evidence_collection_for_body(unit):
    """The private collection of one body's coverage evidence: its officers and the assessors only.

    Wagtail's document view refuses everyone else, and ``CampaignDocument``
    keeps documents of restricted collections out of the search index.
    """
    from assessment.models import BodyOfficers

    parent = _evidence_root()
    name = f"{unit.name} ({unit.pk})"
    collection = parent.get_children().filter(name=name).first() or parent.add_child(name=name)
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    groups = [assessors_group()]
    officers = BodyOfficers.objects.filter(unit=unit).select_related("group").first()
    if officers:
        groups.append(officers.group)
    restriction.groups.add(*groups)
    return collection


@transaction.atomic
def ensure_body_officers(unit):
    """The officers group of an assessed body, with its permissions and evidence collection."""
    from assessment.models import BodyOfficers

    officers = BodyOfficers.objects.filter(unit=unit).select_related("group").first()
    if officers is None:
        group, _created = Group.objects.get_or_create(name=officers_group_name(unit))
        officers = BodyOfficers.objects.create(unit=unit, group=group)
    group = officers.group
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    for codename in OFFICER_MODEL_PERMISSIONS:
        group.permissions.add(_permission("assessment", codename))
    collection = evidence_collection_for_body(unit)
    for codename in ("add_document", "choose_document"):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission("wagtaildocs", codename)
        )
    return group


def assessor_collection_access(collection):
    group = assessors_group()
    for codename in ("add_document", "change_document", "choose_document"):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission("wagtaildocs", codename)
        )


def add_officer(user, unit):
    """Make ``user`` an information officer of ``unit``."""
    user.groups.add(ensure_body_officers(unit))
    user.__dict__.pop("_assessment_officer_units", None)
