from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Public search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings

        from search import events, sync

        events.connect()
        sync.connect()
        if settings.ELASTICSEARCH_URL:
            from search.elastic import sync as elastic_sync

            elastic_sync.connect()
