from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    label = "showcase"
    verbose_name = _("Showcase")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notifications, signals  # noqa: F401

        notifications.connect()
