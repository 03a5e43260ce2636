"""Groups, page permissions and private evidence collections for each jurisdiction, all created by code.

Everything here is created when a jurisdiction or its page is created, so
access never depends on someone clicking through the group settings.
Submitters may add pages under their jurisdiction's page (and so edit their
own drafts); moderators may also edit every page in that subtree and manage
the jurisdiction's units and liaisons. Publishing stays with the national
editors.
"""

from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission, GroupPagePermission

from showcase.models import Jurisdiction
from showcase.permissions.roles import (
    ACCESS_ADMIN,
    API_TOKENS,
    DIRECTORY_MODERATION,
    grant,
    moderators_group_name,
    new_group,
    permission,
    submitters_group_name,
)
from showcase.permissions.scope import EVERYTHING, tenant_scope

EVIDENCE_ROOT_NAME = "佐证材料 Evidence"


def private_collection(parent_name, name):
    """A collection under a top-level ``parent_name`` that only signed-in users pass Wagtail's own check for.

    Who among them may read a document there is the permission policy's
    rule (``showcase.permissions.policies``); the restriction also keeps its documents
    out of every search index (``campaign.CampaignDocument``).
    """
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=parent_name).first() or root.add_child(name=parent_name)
    collection = parent.get_children().filter(name=name).first() or parent.add_child(name=name)
    CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def evidence_collection_for(jurisdiction):
    """The private collection of one jurisdiction's evidence, linked from the jurisdiction."""
    if jurisdiction.evidence_collection_id:
        return jurisdiction.evidence_collection
    collection = private_collection(EVIDENCE_ROOT_NAME, f"{jurisdiction.short_name} ({jurisdiction.code})")
    Jurisdiction.objects.filter(pk=jurisdiction.pk).update(evidence_collection=collection)
    jurisdiction.evidence_collection = collection
    return collection


class JurisdictionEvidence:
    """Evidence is read by its uploader's unit, the jurisdiction's moderators and national editors, nobody else."""

    def collections(self):
        return Collection.objects.filter(evidence_of_jurisdiction__isnull=False)

    def readable_q(self, user):
        scope = tenant_scope(user)
        if scope.national:
            return EVERYTHING
        return Q(collection__evidence_of_jurisdiction__in=scope.jurisdiction_ids) | Q(
            uploaded_by_user__unit_membership__unit_id__in=scope.unit_ids
        )


@transaction.atomic
def set_up_jurisdiction(jurisdiction):
    """Create the jurisdiction's two groups and its evidence collection, with their permissions."""
    changed = False
    if jurisdiction.moderators is None:
        jurisdiction.moderators = new_group(moderators_group_name(jurisdiction))
        changed = True
    if jurisdiction.submitters is None:
        jurisdiction.submitters = new_group(submitters_group_name(jurisdiction))
        changed = True
    if changed:
        type(jurisdiction).objects.filter(pk=jurisdiction.pk).update(
            moderators=jurisdiction.moderators, submitters=jurisdiction.submitters
        )
    grant(jurisdiction.moderators, (ACCESS_ADMIN, *API_TOKENS, *DIRECTORY_MODERATION))
    grant(jurisdiction.submitters, (ACCESS_ADMIN, *API_TOKENS))

    collection = evidence_collection_for(jurisdiction)
    document_permissions = {
        jurisdiction.submitters: ["add_document", "choose_document"],
        jurisdiction.moderators: ["add_document", "change_document", "choose_document"],
    }
    for group, codenames in document_permissions.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission(f"wagtaildocs.{codename}")
            )
    for group in (jurisdiction.moderators, jurisdiction.submitters):
        for codename in ("add_image", "choose_image"):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=Collection.get_first_root_node(),
                permission=permission(f"wagtailimages.{codename}"),
            )
    return jurisdiction


@transaction.atomic
def grant_jurisdiction_page(page):
    """Give the jurisdiction's groups their rights on its page's subtree."""
    jurisdiction = page.jurisdiction
    if jurisdiction.moderators_id is None or jurisdiction.submitters_id is None:
        jurisdiction = set_up_jurisdiction(jurisdiction)
    grants = {
        jurisdiction.submitters: ["add_page"],
        jurisdiction.moderators: ["add_page", "change_page"],
    }
    for group, codenames in grants.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission(f"wagtailcore.{codename}")
            )
