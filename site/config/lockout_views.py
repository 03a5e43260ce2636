"""The superusers' page listing locked-out logins, with an unlock button for each."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from config.lockouts import current_lockouts, unlock

KIND_LABELS = {"username": gettext_lazy("Login name"), "ip_address": gettext_lazy("Address")}


class LockoutsView(TemplateView):
    template_name = "config/lockouts.html"
    page_title = gettext_lazy("Locked-out logins")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        lockouts = [(lockout, KIND_LABELS[lockout.kind]) for lockout in current_lockouts()]
        return super().get_context_data(page_title=self.page_title, lockouts=lockouts, **kwargs)

    def post(self, request):
        kind, value = request.POST.get("kind"), request.POST.get("value", "")
        if kind not in KIND_LABELS or not value:
            messages.error(request, _("Choose a locked-out login name or address to unlock."))
        elif unlock(kind, value):
            messages.success(request, _("%(value)s is unlocked and may sign in again.") % {"value": value})
        else:
            messages.warning(request, _("%(value)s was not locked out (any more).") % {"value": value})
        return redirect("config_lockouts")
