from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api
from config.middleware import api_not_found
from showcase.permissions import admin_urls as scoped_admin_urls

urlpatterns = [
    path("api/v3/", api.urls),
    # Anything else under /api/ answers JSON, never the site's HTML 404 page.
    re_path(r"^api/", api_not_found),
    # Scoped versions of some of Wagtail's stock admin views, at the same paths (showcase/permissions/admin_urls.py).
    path("admin/", include(scoped_admin_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    # Short links, invitations and the view-count beacon: one address whatever the language.
    path("", include("showcase.urls")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    urlpatterns += [
        # Documents are never served from here: they go through Wagtail's document
        # view, which enforces the private evidence collections' restrictions.
        re_path(r"^media/(?P<path>(?!documents/).*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# The public site in each language: Chinese unprefixed, English under /en/ (config.middleware picks the language
# from the address, so no cookie is needed and shared caches can keep the pages).
urlpatterns += i18n_patterns(
    path("", include("assessment.urls")),
    path("", include("campaign.search_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# Database outages answer 503 and anything under /api/ answers a problem document (config/errors.py).
handler500 = "config.errors.server_error"
