"""Officers' groups and the private evidence collections of the assessment, all created by code."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission

from assessment.models import BodyOfficers
from assessment.roles import ASSESSORS, EXPERTS, RUN_AWARDS, is_assessor, officer_unit_ids, officers_group_name
from showcase.permissions.grants import private_collection
from showcase.permissions.roles import ACCESS_ADMIN, grant, new_group, permission
from showcase.permissions.scope import EVERYTHING, NOTHING, forget_scope

COVERAGE_EVIDENCE_ROOT = "考核佐证 Coverage evidence"
OFFICER_MODEL_PERMISSIONS = ("assessment.add_coveragerecord", "assessment.change_coveragerecord")


def evidence_collection_for_body(unit):
    """The private collection of one body's coverage evidence, linked from the body's officers."""
    officers = ensure_body_officers(unit)
    return officers.evidence_collection


class BodyEvidence:
    """Coverage evidence is read by its body's officers and the assessors only."""

    def collections(self):
        return Collection.objects.filter(evidence_of_body__isnull=False)

    def readable_q(self, user):
        if is_assessor(user):
            return EVERYTHING
        return Q(collection__evidence_of_body__unit_id__in=officer_unit_ids(user))


@transaction.atomic
def ensure_body_officers(unit):
    """The officers of an assessed body: their group, its permissions and their evidence collection."""
    officers = BodyOfficers.objects.filter(unit=unit).select_related("group", "evidence_collection").first()
    if officers is None:
        officers = BodyOfficers.objects.create(unit=unit, group=new_group(officers_group_name(unit)))
    grant(officers.group, (ACCESS_ADMIN, *OFFICER_MODEL_PERMISSIONS))
    if officers.evidence_collection_id is None:
        officers.evidence_collection = private_collection(COVERAGE_EVIDENCE_ROOT, f"{unit.name} ({unit.pk})")
        officers.save(update_fields=["evidence_collection"])
    for codename in ("add_document", "choose_document"):
        GroupCollectionPermission.objects.get_or_create(
            group=officers.group,
            collection=officers.evidence_collection,
            permission=permission(f"wagtaildocs.{codename}"),
        )
    # Assessors check every body's evidence: they find it in the admin's documents as well as on the records.
    for codename in ("choose_document", "change_document"):
        GroupCollectionPermission.objects.get_or_create(
            group=ASSESSORS.group(),
            collection=officers.evidence_collection.get_parent(),
            permission=permission(f"wagtaildocs.{codename}"),
        )
    return officers


def add_officer(user, unit):
    """Make ``user`` an information officer of ``unit``."""
    user.groups.add(ensure_body_officers(unit).group)
    user.__dict__.pop("_assessment_officer_units", None)
    forget_scope(user)


def people_of(user):
    """The people the user works with in the assessment, whose names and uploads they may see."""
    if not user.is_authenticated:
        return None
    people = NOTHING
    if is_assessor(user):
        people |= Q(groups__officers_of__isnull=False) | Q(pk__in=ASSESSORS.holders().values("pk"))
    elif units := officer_unit_ids(user):
        people |= Q(groups__officers_of__unit_id__in=units) | Q(pk__in=ASSESSORS.holders().values("pk"))
    if user.has_perm(RUN_AWARDS):
        people |= Q(pk__in=EXPERTS.holders().values("pk"))
    return get_user_model().objects.filter(people)
