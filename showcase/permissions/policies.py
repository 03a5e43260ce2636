"""Wagtail permission policies narrowed to each user's scope, for pages, documents and images.

Wagtail's own policies answer from page and collection permissions alone: a
unit submitter, who may add pages under their jurisdiction's page, would see
every other unit's drafts there, and anyone who may choose images would see
every unit's uploads. These subclasses keep Wagtail's rules and add the
scope from ``showcase.permissions.scope``. Registering them in Wagtail's policy registry
(``ShowcaseConfig.ready``) scopes every stock view that asks the registry:
the explorer, the admin's page search, the admin API, the reports, the
dashboard panels, the document and image listings and choosers, and the
audit log's page entries.
"""

from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from showcase.permissions.scope import EVERYTHING, NOTHING, tenant_scope, visible_users


def _is_root(user):
    return user.is_active and user.is_superuser


class ScopedPagePermissionPolicy(PagePermissionPolicy):
    """Pages outside a user's scope exist for them only while published and unchanged, as for the public.

    "In scope" means the user may edit or publish the page under Wagtail's
    rules (their jurisdiction's subtree for moderators, their own pages for
    submitters), or it is an item of their unit. A published page with an
    unpublished draft is out of sight too: the admin shows a page's draft
    title, which is not public yet.
    """

    def unpublished_scope_q(self, user):
        """The pages whose drafts, history and review the user may see."""
        scope = tenant_scope(user)
        editable = super().instances_user_has_any_permission_for(user, {"change", "publish"})
        q = Q(pk__in=editable.values("pk"))
        if scope.unit_ids:
            q |= Q(showcaseitempage__unit_id__in=scope.unit_ids)
        return q

    def visible_q(self, user):
        """As ``pk__in`` a subquery, the one filter the search backends accept on any queryset they search."""
        visible = Q(live=True, has_unpublished_changes=False) | self.unpublished_scope_q(user)
        return Q(pk__in=Page.objects.filter(visible).values("pk"))

    def instances_in_unpublished_scope(self, user):
        if _is_root(user):
            return Page.objects.all()
        return Page.objects.filter(self.unpublished_scope_q(user))

    def visible_instances(self, user):
        if _is_root(user):
            return Page.objects.all()
        return Page.objects.filter(self.visible_q(user))

    def in_unpublished_scope(self, user, page):
        if _is_root(user):
            return True
        return Page.objects.filter(pk=page.pk).filter(self.unpublished_scope_q(user)).exists()

    def is_visible(self, user, page):
        if page.live and not page.has_unpublished_changes:
            return True
        return self.in_unpublished_scope(user, page)

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if _is_root(user):
            return pages
        return pages.filter(self.visible_q(user))

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        if _is_root(user):
            return pages
        return pages.filter(self.visible_q(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(user, actions, instance) and (
            _is_root(user) or self.is_visible(user, instance)
        )


# Documents in these collections are private to a scope (evidence); apps add theirs with a rule.
_private_collection_rules = []


def register_private_documents(rule):
    """``rule`` has ``collections()`` (a Collection queryset; their descendants are covered too) and
    ``readable_q(user)`` (a Q over documents of those collections that the user may read and choose)."""
    _private_collection_rules.append(rule)
    return rule


def private_collection_rule_of(document):
    for rule in _private_collection_rules:
        for collection in rule.collections():
            if document.collection_id == collection.pk or document.collection.is_descendant_of(collection):
                return rule
    return None


class ScopedUploadPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Uploads of a tenant's people stay within the scopes that work with them; national uploads are shared.

    An upload is visible to a user when Wagtail's collection permissions allow
    it and its uploader is someone whose name the user may see (themselves,
    the people of their scope, the national staff), or nobody known.
    """

    def scope_q(self, user):
        return Q(uploaded_by_user__isnull=True) | Q(uploaded_by_user__in=visible_users(user).values("pk"))

    def visible_q(self, user):
        """``scope_q`` as ``pk__in`` a subquery, which the search backends accept (the admin searches these)."""
        return Q(pk__in=self.model._default_manager.filter(self.scope_q(user)).values("pk"))

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if _is_root(user):
            return instances
        return instances.filter(self.visible_q(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        return _is_root(user) or self.may_read(user, instance)

    def may_read(self, user, instance):
        if _is_root(user):
            return True
        return self.model._default_manager.filter(pk=instance.pk).filter(self.scope_q(user)).exists()


class ScopedDocumentPermissionPolicy(ScopedUploadPermissionPolicy):
    """Documents: uploads as above, and in a private collection (evidence) only whom its rule admits."""

    def scope_q(self, user):
        public = super().scope_q(user)
        readable, private = EVERYTHING, NOTHING
        for rule in _private_collection_rules:
            in_rule = NOTHING
            for collection in rule.collections():
                in_rule |= Q(collection__path__startswith=collection.path)
            private |= in_rule
            readable &= ~in_rule | rule.readable_q(user)
        return readable & (private | public)
