from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfigConfig(AppConfig):
    """The host project as an app: admin hooks (lockouts, failed tasks), task retries and cache purges load here."""

    name = "config"
    label = "config"
    verbose_name = _("Site configuration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from config import background, purge

        background.connect()
        purge.connect()
