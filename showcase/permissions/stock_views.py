"""Wagtail's stock admin views, scoped to each user.

Most stock views ask Wagtail's permission policies, which ``showcase.permissions.policies``
scopes. What remains is scoped here, with Wagtail's own extension points
where it has them and otherwise by replacing the view:

- the page views come from a ``PageViewSet`` registered for ``Page`` (Wagtail
  8's way to customise the explorer, the page search and the per-type listing);
- the page chooser's browse and "chosen" views, the page types usage, site
  history, workflow and locked pages reports, and the API token history and
  usage views are subclasses mounted over Wagtail's URLs by ``admin_urls``;
- hooks: moving a page (Wagtail's confirmation view checks no permission), the
  admin API's document and image endpoints, the dashboard's page count.

What each replacement changes is said on its class. The user filters of
every listing offer only the people whose names the user may see.
"""

from contextlib import suppress
from functools import wraps

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views import chooser
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.views.pages.usage import ContentTypeUseView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page, PageLogEntry, Site
from wagtail.permissions import policy_registry
from wagtail.users.utils import get_manageable_token_owners

from campaign.page_creation import PageCreateView
from showcase.permissions.scope import log_scopes, visible_users
from showcase.review.admin_views import ConfirmingEditView, ConfirmingWorkflowActionView


def page_policy():
    return policy_registry.get_by_type(Page)


class UsersInScopeMixin:
    """Every filter offering users (owner, edited by, requested by, locked by…) offers only those the user may see."""

    @cached_property
    def filters(self):
        filters = super().filters
        if filters is not None:
            restrict_user_choices(filters, self.request)
        return filters


def restrict_user_choices(filterset, request):
    """Narrow the filter and its form field: Wagtail may have built the form already."""
    allowed = visible_users(request.user).values("pk")
    for name, choice in filterset.filters.items():
        if not isinstance(choice, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
            continue
        # Wagtail's history filters set their users as the field's argument, not the filter's queryset.
        queryset = choice.get_queryset(request) if choice.queryset is not None else choice.extra.get("queryset")
        if queryset is None or not issubclass(queryset.model, get_user_model()):
            continue
        choice.queryset = choice.extra["queryset"] = queryset.filter(pk__in=allowed)
        if name in filterset.form.fields:
            filterset.form.fields[name].queryset = choice.queryset


class ScopedExplorableIndexView(UsersInScopeMixin, ExplorableIndexView):
    """The explorer shows the explored page's status (who edited it last) at the top.

    Outside the user's working scope only sections can be explored, to list
    their published pages; another unit's published item cannot.
    """

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            page = get_object_or_404(Page, pk=parent_page_id)
            if not (page.numchild or page.is_root() or page_policy().in_unpublished_scope(request.user, page)):
                raise Http404
        return super().get(request, parent_page_id)


class ScopedSearchView(UsersInScopeMixin, SearchView):
    pass


class ScopedContentTypeUseView(UsersInScopeMixin, ContentTypeUseView):
    pass


# The URL arguments of the page views that name a page whose title or state the view shows.
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")


def pages_in_sight_only(view):
    """Answer 404 for a page the user may not see, before the view shows anything of it.

    Some of Wagtail's page views check their permission only after they have
    put the page's title in a message (the workflow views, for a page not in
    review) or check none on GET (the move confirmation).
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_superuser:
            for name in PAGE_ARGUMENTS:
                if name in kwargs:
                    page = get_object_or_404(Page, pk=kwargs[name])
                    if not page_policy().is_visible(request.user, page):
                        raise Http404
        return view(request, *args, **kwargs)

    return guarded


class ScopedPageViewSet(PageViewSet):
    """The page viewset for every page type: each view sees only pages in sight, listings offer users in scope."""

    index_view_class = ScopedExplorableIndexView
    search_view_class = ScopedSearchView
    content_type_use_view_class = ScopedContentTypeUseView
    add_view_class = PageCreateView
    edit_view_class = ConfirmingEditView
    workflow_action_view_class = ConfirmingWorkflowActionView

    def get_view_by_name(self, name):
        return pages_in_sight_only(super().get_view_by_name(name))


class ScopedBrowseView(chooser.BrowseView):
    """The page chooser shows the page being browsed at the top: only a page the user may see can be browsed."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            page = get_object_or_404(Page, pk=parent_page_id)
            if not page_policy().is_visible(request.user, page):
                raise Http404
        return super().get(request, parent_page_id)


class ScopedChosenMultipleView(chooser.ChosenMultipleView):
    """Answers only for the pages the user may see among the ids asked for."""

    def get(self, request):
        if not request.user.is_superuser:
            wanted = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
            visible = page_policy().visible_instances(request.user).filter(pk__in=wanted)
            request.GET = request.GET.copy()
            request.GET.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)])
        return super().get(request)


def refuse_moves_the_user_may_not_make(request, page, destination):
    """Wagtail's move confirmation shows the page's title to anyone; only who may move it may see it."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Each type's last edited page is the last one the user may see, not the latest draft anywhere."""

    def decorate_paginated_queryset(self, page_types):
        visible = page_policy().visible_instances(self.request.user)
        for item in page_types:
            item.last_edited_page = (
                visible.filter(content_type=item)
                .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
                .specific()
                .first()
            )
        return page_types


class ScopedLogEntriesView(UsersInScopeMixin, LogEntriesView):
    """Site history: the actions on objects of the user's scope, and token events of their own tokens.

    Wagtail shows a page's entries to anyone who may explore the page (every
    published page of a submitter's jurisdiction) and a model's entries to
    anyone with any permission on the model (every token to anyone who may
    issue one). Here a page's entries need the page in the user's working
    scope, and a model's entries what that model's registered scope allows.
    """

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if user.is_superuser:
            return queryset
        if queryset.model is PageLogEntry:
            return queryset.filter(page__in=page_policy().instances_in_unpublished_scope(user).values("pk"))
        for model, scope in log_scopes().items():
            allowed = scope(user)
            if allowed is None:
                continue
            ids = allowed.annotate(id_text=Cast("pk", CharField())).values("id_text")
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            queryset = queryset.exclude(Q(content_type=content_type) & ~Q(object_id__in=ids))
        return queryset


class ScopedWorkflowView(UsersInScopeMixin, WorkflowView):
    pass


class ScopedWorkflowTasksView(UsersInScopeMixin, WorkflowTasksView):
    pass


class ScopedLockedPagesView(UsersInScopeMixin, LockedPagesView):
    pass


class OwnTokensOnly:
    """API token history and usage, like Wagtail's token listing, only for the tokens the user may manage."""

    def get_base_object_queryset(self):
        owners = get_manageable_token_owners(self.request.user)
        return super().get_base_object_queryset().filter(user__in=owners)


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents: those the user may choose (Wagtail's lists every public-collection document)."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        choosable = policy.instances_user_has_any_permission_for(self.request.user, ["choose"])
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images: those the user may choose."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        choosable = policy.instances_user_has_any_permission_for(self.request.user, ["choose"])
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


class ScopedPagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count: the pages of the user's explorable tree they may see, not every page in it.

    Wagtail counts every descendant of the user's explorable root, which for a
    unit filing in several campaigns is the tree's root: the count then told a
    unit how many drafts every other unit had.
    """

    def get_context_data(self, parent_context):
        site_details = get_site_for_user(self.request.user)
        root = site_details["root_page"]
        total = 0
        if root is not None:
            visible = page_policy().explorable_instances(self.request.user).descendant_of(root, inclusive=True)
            total = visible.exclude(depth=1).count()
            if root.is_root():
                # As Wagtail does: with one site, link to its home page rather than the tree's root.
                with suppress(Site.DoesNotExist, Site.MultipleObjectsReturned):
                    root = Site.objects.select_related("root_page").get().root_page
        return {"root_page": root, "total_pages": total, "site_name": site_details["site_name"]}


def scope_homepage_summary(request, summary_items):
    """``construct_homepage_summary_items``: the page count of ``ScopedPagesSummaryItem``."""
    summary_items[:] = [
        ScopedPagesSummaryItem(request) if type(item) is PagesSummaryItem else item for item in summary_items
    ]
