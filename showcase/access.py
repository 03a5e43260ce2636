"""Groups, page permissions and private evidence collections for each jurisdiction.

Everything here is created by code when a jurisdiction or its page is created,
so access never depends on someone clicking through the group settings.
Submitters may add pages under their jurisdiction's page (and so edit their
own drafts); moderators may also edit every page in that subtree. Publishing
stays with the national editors.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission, GroupPagePermission

from showcase.roles import moderators_group_name, national_editors_group, submitters_group_name

EVIDENCE_ROOT_NAME = "佐证材料 Evidence"


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _admin_access():
    return _permission("wagtailadmin", "access_admin")


# Units and moderators file and review through the API with tokens they issue and revoke themselves in the admin.
API_TOKEN_CODENAMES = ("add_apitoken", "change_apitoken", "delete_apitoken")


def grant_api_tokens(group):
    group.permissions.add(*(_permission("wagtailcore", codename) for codename in API_TOKEN_CODENAMES))


def _evidence_root():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=EVIDENCE_ROOT_NAME).first()
    return existing or root.add_child(name=EVIDENCE_ROOT_NAME)


def evidence_collection_for(jurisdiction):
    """The private collection holding one jurisdiction's evidence documents.

    Its view restriction admits only the national editors and the
    jurisdiction's own moderators (the reviewers), so Wagtail's document view
    refuses everyone else: anonymous visitors, other jurisdictions, and the
    other units of the same jurisdiction, whose submitters upload here but must
    not read each other's evidence.
    """
    parent = _evidence_root()
    name = f"{jurisdiction.short_name} ({jurisdiction.code})"
    collection = parent.get_children().filter(name=name).first() or parent.add_child(name=name)
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    groups = [national_editors_group()] + [g for g in (jurisdiction.moderators,) if g]
    restriction.groups.add(*groups)
    return collection


@transaction.atomic
def set_up_jurisdiction(jurisdiction):
    """Create the jurisdiction's two groups and its evidence collection, with their permissions."""
    changed = False
    if jurisdiction.moderators is None:
        jurisdiction.moderators, _created = Group.objects.get_or_create(name=moderators_group_name(jurisdiction))
        changed = True
    if jurisdiction.submitters is None:
        jurisdiction.submitters, _created = Group.objects.get_or_create(name=submitters_group_name(jurisdiction))
        changed = True
    if changed:
        type(jurisdiction).objects.filter(pk=jurisdiction.pk).update(
            moderators=jurisdiction.moderators, submitters=jurisdiction.submitters
        )
    access_admin = _admin_access()
    for group in (jurisdiction.moderators, jurisdiction.submitters):
        group.permissions.add(access_admin)
        grant_api_tokens(group)

    collection = evidence_collection_for(jurisdiction)
    document_permissions = {
        jurisdiction.submitters: ["add_document", "choose_document"],
        jurisdiction.moderators: ["add_document", "change_document", "choose_document"],
    }
    for group, codenames in document_permissions.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission("wagtaildocs", codename)
            )
    for group in (jurisdiction.moderators, jurisdiction.submitters):
        for codename in ("add_image", "choose_image"):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=Collection.get_first_root_node(),
                permission=_permission("wagtailimages", codename),
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
                group=group, page=page, permission=_permission("wagtailcore", codename)
            )
