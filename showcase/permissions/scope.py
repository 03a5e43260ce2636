"""Whose work a user may see: the jurisdictions they moderate and the unit they file for.

This is the one answer to "is this in the user's scope" that the permission
policies, the admin's scoped stock views, our own views and the API all ask.
National editors (the ``view_every_jurisdiction`` permission) and superusers
see every jurisdiction; a jurisdiction's moderators see its items, evidence,
directory and people; a unit's members see their unit's. What is published
is public and needs no scope.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from showcase.models import Jurisdiction, UnitMember
from showcase.permissions.roles import NATIONAL_EDITORS, has_national_scope

CACHE_ATTRIBUTE = "_showcase_tenant_scope"
# Conditions that combine safely with | and &: an empty Q() vanishes from an OR instead of matching all.
EVERYTHING = ~Q(pk__in=[])
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class TenantScope:
    national: bool = False
    jurisdiction_ids: frozenset = frozenset()
    unit_ids: frozenset = frozenset()

    @property
    def is_tenant(self):
        """Whether the user files or moderates at all (experts, officers and assessors do not)."""
        return bool(self.national or self.jurisdiction_ids or self.unit_ids)

    def covers(self, *, jurisdiction_id=None, unit_id=None):
        return self.national or jurisdiction_id in self.jurisdiction_ids or unit_id in self.unit_ids

    def items_q(self, prefix=""):
        """Showcase items (or rows pointing at one through ``prefix``) in this scope."""
        if self.national:
            return EVERYTHING
        return Q(**{f"{prefix}jurisdiction_id__in": self.jurisdiction_ids}) | Q(
            **{f"{prefix}unit_id__in": self.unit_ids}
        )


NO_SCOPE = TenantScope()


def tenant_scope(user):
    """The user's scope, computed once per user object (one request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    scope = user.__dict__.get(CACHE_ATTRIBUTE)
    if scope is None:
        scope = TenantScope(
            national=has_national_scope(user),
            jurisdiction_ids=frozenset(Jurisdiction.objects.filter(moderators__user=user).values_list("pk", flat=True)),
            unit_ids=frozenset(UnitMember.objects.filter(user=user).values_list("unit_id", flat=True)),
        )
        user.__dict__[CACHE_ATTRIBUTE] = scope
    return scope


def forget_scope(user):
    """Drop the cached scope (and Django's cached permissions) after the user's roles changed."""
    for attribute in (CACHE_ATTRIBUTE, "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attribute, None)


def tenant_users():
    """Everybody who files or moderates for some jurisdiction: unit members and members of jurisdiction groups."""
    return get_user_model().objects.filter(
        Q(unit_membership__isnull=False)
        | Q(groups__moderated_jurisdiction__isnull=False)
        | Q(groups__submitting_jurisdiction__isnull=False)
    )


def users_in_scope(scope):
    """The people whose work the scope covers: its units' members and its jurisdictions' members and groups."""
    users = get_user_model().objects
    if scope.national:
        return tenant_users()
    return users.filter(
        Q(unit_membership__unit_id__in=scope.unit_ids)
        | Q(unit_membership__unit__jurisdiction_id__in=scope.jurisdiction_ids)
        | Q(groups__moderated_jurisdiction__in=scope.jurisdiction_ids)
        | Q(groups__submitting_jurisdiction__in=scope.jurisdiction_ids)
    )


def uploads_in_scope_q(scope, field="uploaded_by_user"):
    """Uploads (images, documents) the scope may see: those of its people, and those no tenant made."""
    if scope.national:
        return EVERYTHING
    own = users_in_scope(scope).values("pk")
    tenants = tenant_users().values("pk")
    return Q(**{f"{field}__in": own}) | ~Q(**{f"{field}__in": tenants}) | Q(**{f"{field}__isnull": True})


def national_staff():
    """The national editors and the superusers: their names appear on every item they review, for everyone."""
    return get_user_model().objects.filter(Q(is_superuser=True) | Q(pk__in=NATIONAL_EDITORS.holders().values("pk")))


# Other apps add the people their roles work with (the assessment: officers and assessors, experts and editors).
_people_providers = []


def register_people_scope(provider):
    """``provider(user)`` returns a user queryset (or None) of people ``user`` works with in that app."""
    _people_providers.append(provider)
    return provider


def visible_users(user):
    """Whose names the user may see in listings, filters and history: themselves, the national staff, and
    the people of their scope in every app."""
    users = get_user_model().objects
    if user.is_superuser:
        return users.all()
    condition = Q(pk=user.pk) | Q(pk__in=national_staff().values("pk"))
    scope = tenant_scope(user)
    if scope.is_tenant:
        condition |= Q(pk__in=users_in_scope(scope).values("pk"))
    for provider in _people_providers:
        people = provider(user)
        if people is not None:
            condition |= Q(pk__in=people.values("pk"))
    return users.filter(condition)


# The site history shows a model's entries only for the objects this returns for the user (None: no limit).
_log_scopes = {}


def register_log_scope(model, scope):
    """``scope(user)`` returns a queryset of the ``model`` objects whose history the user may read, or None."""
    _log_scopes[model] = scope
    return scope


def log_scopes():
    return dict(_log_scopes)
