"""Stock admin views replaced by their scoped versions (``showcase.permissions.stock_views``), at Wagtail's own paths.

The host includes these before Wagtail's admin URLs, so a request reaches
the scoped view; ``reverse()`` of Wagtail's URL names still gives the same
paths. They are wrapped like every Wagtail admin view: admin access
required, Wagtail's 404 page, never cached.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.users.views.api_tokens import APITokenViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns

from showcase.permissions import stock_views


def _token_views():
    """Wagtail's token history and usage views with its own arguments, narrowed to the user's tokens."""
    tokens = APITokenViewSet("wagtailusers_api_tokens", url_prefix="api-tokens")

    def scoped(view_class):
        return type(f"Own{view_class.__name__}", (stock_views.OwnTokensOnly, view_class), {})

    history, usage = scoped(tokens.history_view_class), scoped(tokens.usage_view_class)
    return [
        path("api-tokens/history/<int:pk>/", tokens.construct_view(history, **tokens.get_history_view_kwargs())),
        path(
            "api-tokens/history-results/<int:pk>/",
            tokens.construct_view(history, **tokens.get_history_view_kwargs(), results_only=True),
        ),
        path("api-tokens/usage/<int:pk>/", tokens.construct_view(usage, **tokens.get_usage_view_kwargs())),
    ]


def _report(route, view_class):
    return [
        path(f"reports/{route}/", view_class.as_view()),
        path(f"reports/{route}/results/", view_class.as_view(results_only=True)),
    ]


urlpatterns = [
    path("choose-page/", stock_views.ScopedBrowseView.as_view()),
    path("choose-page/<int:parent_page_id>/", stock_views.ScopedBrowseView.as_view()),
    path("choose-page/chosen-multiple/", stock_views.ScopedChosenMultipleView.as_view()),
    *_report("site-history", stock_views.ScopedLogEntriesView),
    *_report("page-types-usage", stock_views.ScopedPageTypesUsageReportView),
    *_report("workflow", stock_views.ScopedWorkflowView),
    *_report("workflow_tasks", stock_views.ScopedWorkflowTasksView),
    *_report("locked", stock_views.ScopedLockedPagesView),
    *_token_views(),
]
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, display_custom_404)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
