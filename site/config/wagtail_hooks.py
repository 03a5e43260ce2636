from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from config.lockout_views import LockoutsView


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [path("lockouts/", LockoutsView.as_view(), name="config_lockouts")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return SuperuserMenuItem(_("Locked-out logins"), reverse("config_lockouts"), icon_name="lock", order=900)
