"""The showcase's roles: permissions that code grants to role groups.

What a user may do is what their permissions allow, and which jurisdiction
they act for is what the directory says (the jurisdiction's moderators and
submitters groups are named by foreign keys on ``Jurisdiction``). No code
reads a group's name: renaming a role group in the admin changes nobody's
rights, and a new group that takes an old name gains none.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

VIEW_EVERY_JURISDICTION = "showcase.view_every_jurisdiction"
FILE_OUTSIDE_WINDOW = "showcase.file_outside_window"
IMPORT_LIAISONS = "showcase.import_liaisons"
VIEW_REVIEW_REPORT = "showcase.view_review_report"
# Declared by the host (config.models), which runs the task queue: the national editors watch its failures.
FAILED_TASKS = ("config.view_failed_tasks", "config.retry_failed_tasks")

ACCESS_ADMIN = "wagtailadmin.access_admin"
# Units and moderators file and review through the API with tokens they issue and revoke themselves.
API_TOKENS = ("wagtailcore.add_apitoken", "wagtailcore.change_apitoken", "wagtailcore.delete_apitoken")
DIRECTORY_MODERATION = (
    "showcase.view_jurisdiction",
    "showcase.view_unit",
    "showcase.add_unit",
    "showcase.change_unit",
    "showcase.view_liaison",
    "showcase.add_liaison",
    "showcase.change_liaison",
)


def permission(name):
    """The Permission object of an ``"app_label.codename"`` name."""
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(group, names):
    group.permissions.add(*(permission(name) for name in names))


def new_group(name):
    """A new group under ``name``, or ``name (2)``…: an existing group of that name is never taken over."""
    candidate, number = name, 1
    while Group.objects.filter(name=candidate).exists():
        number += 1
        candidate = f"{name} ({number})"
    return Group.objects.create(name=candidate)


@dataclass(frozen=True)
class Role:
    """A role held by one group, which is found by the permission that marks the role, never by its name."""

    default_name: str
    key_permission: str
    permissions: tuple[str, ...] = ()
    page_permissions: tuple[str, ...] = ()
    collection_permissions: tuple[str, ...] = field(default=())

    @transaction.atomic
    def group(self):
        """The role's group; if an administrator deleted it, a new one under a free name with the role's rights."""
        key = permission(self.key_permission)
        group = Group.objects.filter(permissions=key).order_by("pk").first()
        if group is None:
            group = new_group(self.default_name)
            self.grant_to(group)
        return group

    def holders(self):
        """The users who hold the role, through a group or their own permissions."""
        app_label, codename = self.key_permission.split(".")
        held = Q(codename=codename, content_type__app_label=app_label)
        key = Permission.objects.filter(held)
        return get_user_model().objects.filter(Q(groups__permissions__in=key) | Q(user_permissions__in=key))

    def grant_to(self, group):
        grant(group, (self.key_permission, *self.permissions))
        root_page = Page.get_first_root_node()
        for name in self.page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission(name))
        root_collection = Collection.get_first_root_node()
        for name in self.collection_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(name)
            )


NATIONAL_EDITORS = Role(
    default_name="国家级编辑 National editors",
    key_permission=VIEW_EVERY_JURISDICTION,
    permissions=(
        ACCESS_ADMIN,
        FILE_OUTSIDE_WINDOW,
        IMPORT_LIAISONS,
        VIEW_REVIEW_REPORT,
        *FAILED_TASKS,
        *API_TOKENS,
        *DIRECTORY_MODERATION,
        "showcase.add_jurisdiction",
        "showcase.change_jurisdiction",
        "showcase.delete_unit",
        "showcase.delete_liaison",
        *(
            f"showcase.{action}_{model}"
            for model in ("sector", "region", "recommendedslot")
            for action in ("add", "change", "delete")
        ),
    ),
    page_permissions=(
        "wagtailcore.add_page",
        "wagtailcore.change_page",
        "wagtailcore.publish_page",
        "wagtailcore.lock_page",
        "wagtailcore.unlock_page",
    ),
    collection_permissions=(
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
)


def has_national_scope(user):
    """National editors (and superusers) see and review every jurisdiction."""
    return user.is_authenticated and user.has_perm(VIEW_EVERY_JURISDICTION)


def files_for_units_of(user, jurisdiction):
    """National editors, and the jurisdiction's own moderators (even when members of its administering
    office), file on behalf of any unit of the jurisdiction, by hand or from a sheet."""
    if has_national_scope(user):
        return True
    return bool(
        jurisdiction is not None
        and jurisdiction.moderators_id
        and user.groups.filter(pk=jurisdiction.moderators_id).exists()
    )


def moderators_group_name(jurisdiction):
    return f"{jurisdiction.short_name} 审核员 Moderators ({jurisdiction.code})"


def submitters_group_name(jurisdiction):
    return f"{jurisdiction.short_name} 填报单位 Submitters ({jurisdiction.code})"
