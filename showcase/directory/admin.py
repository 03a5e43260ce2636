"""The unit directory in the Wagtail admin: jurisdictions, units, liaisons and the liaison import.

Every wagtail-modeladmin class of the project lives in this one module, so that
moving to Wagtail's ``ModelViewSet`` later is a one-file change.

Access follows the model permissions the roles are granted (``showcase.permissions.roles``)
within the user's scope (``showcase.permissions.scope``): national editors (and
superusers) see the whole directory; a jurisdiction's moderators see and
manage only their own jurisdiction's units and liaisons; nobody else sees it at
all. Liaisons' mobile numbers and emails are private, and this admin is the
only place they are shown. Objects outside a user's jurisdiction answer 404,
so their existence is not revealed either.
"""

import base64

from django import forms
from django.contrib.admin import RelatedOnlyFieldListFilter, display
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import AdminURLHelper, ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import (
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    InspectView,
    InstanceSpecificView,
    WMABaseView,
)

from campaign.exports import QueuedSpreadsheetExportMixin
from showcase.directory import invitations, liaisons
from showcase.models import Jurisdiction, Liaison, Unit
from showcase.permissions.roles import IMPORT_LIAISONS
from showcase.permissions.scope import tenant_scope

IMPORT_SESSION_KEY = "showcase_liaison_import"
IMPORT_MAX_BYTES = 2 * 1024 * 1024


def visible_jurisdictions(user):
    scope = tenant_scope(user)
    if scope.national:
        return Jurisdiction.objects.all()
    return Jurisdiction.objects.filter(pk__in=scope.jurisdiction_ids)


def may_import(user):
    return user.has_perm(IMPORT_LIAISONS)


class DirectoryPermissionHelper(PermissionHelper):
    """The model permissions say what a role may do; the user's scope says in which jurisdictions."""

    def jurisdiction_id_of(self, obj):
        raise NotImplementedError

    def _may(self, user, action):
        return user.has_perm(f"{self.opts.app_label}.{action}_{self.opts.model_name}")

    def _has_scope(self, user):
        scope = tenant_scope(user)
        return scope.national or bool(scope.jurisdiction_ids)

    def _in_scope(self, user, obj):
        scope = tenant_scope(user)
        return scope.national or self.jurisdiction_id_of(obj) in scope.jurisdiction_ids

    def user_can_list(self, user):
        return self._may(user, "view") and self._has_scope(user)

    def user_can_create(self, user):
        return self._may(user, "add") and self._has_scope(user)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self._may(user, "view") and self._in_scope(user, obj)

    def user_can_edit_obj(self, user, obj):
        return self._may(user, "change") and self._in_scope(user, obj)

    def user_can_delete_obj(self, user, obj):
        return self._may(user, "delete") and self._in_scope(user, obj)


class JurisdictionPermissionHelper(DirectoryPermissionHelper):
    def jurisdiction_id_of(self, obj):
        return obj.pk


class UnitPermissionHelper(DirectoryPermissionHelper):
    def jurisdiction_id_of(self, obj):
        return obj.jurisdiction_id


class LiaisonPermissionHelper(DirectoryPermissionHelper):
    def jurisdiction_id_of(self, obj):
        return obj.unit.jurisdiction_id


class VisibleChoicesFilter(RelatedOnlyFieldListFilter):
    """Offers only the jurisdictions or sectors present in the user's own listing.

    Ordering comes from the related model, because Django's version asks the
    Django admin site, which this project does not install.
    """

    def field_admin_ordering(self, field, request, model_admin):
        return field.related_model._meta.ordering or ()


class InScopeMixin:
    """Answer 404 for objects outside the user's jurisdictions, before any permission check reveals them."""

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.get_queryset(request).filter(pk=self.instance.pk).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedInspectView(InScopeMixin, InspectView):
    pass


class ScopedEditView(InScopeMixin, EditView):
    pass


class ScopedDeleteView(InScopeMixin, DeleteView):
    pass


class ScopedHistoryView(InScopeMixin, HistoryView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


class DirectoryIndexView(QueuedSpreadsheetExportMixin, IndexView):
    """A filter the listing does not offer shows the whole list with a note, as Django's admin does.

    A long list's spreadsheet (the units or liaisons of a national campaign) is
    built by the worker and handed to the requester (``campaign.exports``).

    wagtail-modeladmin validates the query string by raising
    ``IncorrectLookupParameters`` (an unknown parameter such as ``?page=2``, a
    jurisdiction that is not a number) but, unlike Django's admin, never
    answers it, so every such link was a server error.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(
                request, _("The list cannot be filtered that way, so all of it is shown. Use the filters beside it.")
            )
            return redirect(self.index_url)


class ScopedAdminForm(WagtailAdminModelForm):
    """Offers only the jurisdictions and units the editing user may manage."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "administering_office" in self.fields:
            # A jurisdiction's office is one of its own units (none yet while the jurisdiction is new).
            self.fields["administering_office"].queryset = Unit.objects.filter(jurisdiction_id=self.instance.pk)
        user = self.for_user
        if user is None or tenant_scope(user).national:
            return
        allowed = visible_jurisdictions(user)
        if "jurisdiction" in self.fields:
            self.fields["jurisdiction"].queryset = allowed
        for name in ("unit", "parent"):
            if name in self.fields:
                self.fields[name].queryset = Unit.objects.filter(jurisdiction__in=allowed)


class JurisdictionAdminForm(ScopedAdminForm):
    def save(self, commit=True):
        jurisdiction = super().save(commit=commit)
        if commit and "administering_office" in self.changed_data:
            liaisons.sync_liaison_roles(jurisdiction)
        return jurisdiction


class LiaisonAdminForm(ScopedAdminForm):
    def save(self, commit=True):
        liaison = super().save(commit=commit)
        if commit and liaison.user_id and "email" in self.changed_data:
            # The account's address is where Wagtail's own password reset writes to.
            type(liaison.user).objects.filter(pk=liaison.user_id).update(email=liaison.email)
        return liaison


class DirectoryModelAdmin(ModelAdmin):
    """Shared behaviour: the queryset is limited to what the user may see, wherever it is used."""

    jurisdiction_lookup = "jurisdiction"
    index_view_class = DirectoryIndexView
    inspect_view_enabled = True
    inspect_view_class = ScopedInspectView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    menu_icon = "list-ul"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = tenant_scope(request.user)
        if scope.national:
            return queryset
        return queryset.filter(**{f"{self.jurisdiction_lookup}__in": scope.jurisdiction_ids})


class JurisdictionAdmin(DirectoryModelAdmin):
    model = Jurisdiction
    permission_helper_class = JurisdictionPermissionHelper
    jurisdiction_lookup = "pk"
    menu_icon = "site"
    list_display = ("name", "short_name", "code", "kind", "unit_count", "liaison_count")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "code")
    list_export = ("name", "short_name", "code", "kind_label", "region", "unit_count", "liaison_count")
    export_filename = "jurisdictions"
    inspect_view_fields = (
        "name",
        "short_name",
        "code",
        "kind",
        "region",
        "administering_office",
        "sort_order",
        "moderators",
        "submitters",
    )
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("short_name"),
            FieldPanel("code"),
            FieldPanel("kind"),
            FieldPanel("region"),
            FieldPanel("administering_office"),
            FieldPanel("sort_order"),
        ],
        base_form_class=JurisdictionAdminForm,
    )

    @display(description=gettext_lazy("kind"))
    def kind_label(self, obj):
        return obj.get_kind_display()

    @display(description=gettext_lazy("units"))
    def unit_count(self, obj):
        return obj.units.count()

    @display(description=gettext_lazy("liaisons"))
    def liaison_count(self, obj):
        return Liaison.objects.filter(unit__jurisdiction=obj).count()


class UnitAdmin(DirectoryModelAdmin):
    model = Unit
    permission_helper_class = UnitPermissionHelper
    menu_icon = "group"
    list_display = ("name", "jurisdiction", "sector", "parent")
    list_filter = (("jurisdiction", VisibleChoicesFilter), ("sector", VisibleChoicesFilter))
    list_select_related = ("jurisdiction", "sector", "parent")
    search_fields = ("name", "address")
    list_export = ("name", "jurisdiction", "sector", "parent", "address")
    export_filename = "units"
    inspect_view_fields = ("name", "jurisdiction", "sector", "parent", "address", "created_at")
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("jurisdiction"),
            FieldPanel("sector"),
            FieldPanel("parent"),
            FieldPanel("address"),
            FieldPanel("other_names"),
        ],
        base_form_class=ScopedAdminForm,
    )


class LiaisonURLHelper(AdminURLHelper):
    """The import is an action on the listing, like ``create``: its URL takes no object."""

    def get_action_url_pattern(self, action):
        if action == "import":
            return self._get_action_url_pattern(action)
        return super().get_action_url_pattern(action)

    def get_action_url(self, action, *args, **kwargs):
        if action == "import":
            return reverse(self.get_action_url_name(action))
        return super().get_action_url(action, *args, **kwargs)


class LiaisonButtonHelper(ButtonHelper):
    def invite_button(self, liaison, classnames_add=None):
        label = _("Resend invitation") if liaison.invited_at else _("Send invitation")
        return {
            "url": self.url_helper.get_action_url("invite", liaison.pk),
            "label": label,
            "classname": self.finalise_classname(["button-secondary", *(classnames_add or [])]),
            "title": _("Email %(liaison)s a link to set their password") % {"liaison": liaison},
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if (
            "invite" not in (exclude or [])
            and not invitations.is_activated(obj)
            and self.permission_helper.user_can_edit_obj(self.request.user, obj)
        ):
            buttons.append(self.invite_button(obj, classnames_add))
        return buttons


class LiaisonIndexView(DirectoryIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if may_import(self.request.user):
            context["import_url"] = self.url_helper.get_action_url("import")
        return context


class LiaisonInviteView(InScopeMixin, InstanceSpecificView):
    """Confirm, then (re)send the invitation through the same service as the import."""

    page_title = gettext_lazy("Send invitation")

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_edit_obj(user, self.instance)

    def get_template_names(self):
        return ["showcase/directory/liaison_invite.html"]

    def post(self, request, *args, **kwargs):
        try:
            liaisons.invite(self.instance)
        except invitations.InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The invitation to %(liaison)s is on its way.") % {"liaison": self.instance})
        return redirect(self.url_helper.get_action_url("inspect", self.instance.pk))


class LiaisonImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Liaison form (.xlsx)"),
        help_text=gettext_lazy(
            "The filled-in liaison form (活动联络员信息表) "
            "with the columns 序号, 姓名, 单位名称, 职务/职称, 手机号, 邮箱."
        ),
    )
    jurisdiction = forms.ModelChoiceField(
        label=gettext_lazy("Jurisdiction"),
        queryset=Jurisdiction.objects.all(),
        required=False,
        empty_label=gettext_lazy("Any jurisdiction"),
        help_text=gettext_lazy("Match units of this jurisdiction only. Leave empty for a sheet from the organizers."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(size)s MB; a liaison form is far smaller. "
                    "Check that it is the right file."
                )
                % {"size": IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class LiaisonImportView(WMABaseView):
    """Upload, dry run, confirm.

    The dry run keeps the uploaded bytes in the session with the plan's
    fingerprint; the confirmation re-plans the same bytes and imports only if
    the new plan is exactly the one the user saw.
    """

    page_title = gettext_lazy("Import liaisons")
    template_name = "showcase/directory/liaison_import.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            return TemplateResponse(
                request,
                "showcase/directory/forbidden.html",
                {"message": _("Only national editors can import liaisons.")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    @property
    def header_icon(self):
        return "upload"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", LiaisonImportForm())
        kwargs["action_url"] = self.url_helper.get_action_url("import")
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "confirm":
            return self.confirm(request)
        return self.preview(request)

    def preview(self, request):
        form = LiaisonImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data["file"].read()
        jurisdiction = form.cleaned_data["jurisdiction"]
        try:
            plan = liaisons.plan_import(data, jurisdiction=jurisdiction)
        except liaisons.LiaisonImportError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        request.session[IMPORT_SESSION_KEY] = {
            "data": base64.b64encode(data).decode("ascii"),
            "jurisdiction": jurisdiction.pk if jurisdiction else None,
            "filename": form.cleaned_data["file"].name,
            "fingerprint": plan.fingerprint(),
        }
        return self.render_report(plan, form.cleaned_data["file"].name)

    def render_report(self, plan, filename, **extra):
        return self.render_to_response(
            self.get_context_data(plan=plan, filename=filename, fingerprint=plan.fingerprint(), **extra)
        )

    def confirm(self, request):
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored or stored.get("fingerprint") != request.POST.get("fingerprint"):
            messages.error(request, _("That dry run is no longer available. Upload the sheet again."))
            return redirect(self.url_helper.get_action_url("import"))
        jurisdiction = (
            Jurisdiction.objects.filter(pk=stored["jurisdiction"]).first() if stored["jurisdiction"] else None
        )
        try:
            plan = liaisons.plan_import(base64.b64decode(stored["data"]), jurisdiction=jurisdiction)
        except liaisons.LiaisonImportError as error:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.error(request, str(error))
            return redirect(self.url_helper.get_action_url("import"))
        if plan.fingerprint() != stored["fingerprint"]:
            stored["fingerprint"] = plan.fingerprint()
            request.session[IMPORT_SESSION_KEY] = stored
            return self.render_report(
                plan,
                stored["filename"],
                changed=_(
                    "The directory changed since your dry run, so the report below is new. "
                    "Review it and confirm again; nothing was imported."
                ),
            )
        try:
            created = liaisons.apply_import(plan, invited_by=request.user)
        except liaisons.LiaisonImportError as error:
            return self.render_report(plan, stored["filename"], changed=str(error))
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(
            request,
            _("Liaisons imported: %(count)s. Each will receive an invitation email to set a password.")
            % {"count": len(created)},
        )
        return redirect(self.index_url)


class LiaisonAdmin(DirectoryModelAdmin):
    model = Liaison
    permission_helper_class = LiaisonPermissionHelper
    button_helper_class = LiaisonButtonHelper
    url_helper_class = LiaisonURLHelper
    index_view_class = LiaisonIndexView
    index_template_name = "showcase/directory/liaison_index.html"
    jurisdiction_lookup = "unit__jurisdiction"
    menu_icon = "user"
    list_display = ("name", "unit", "jurisdiction", "title", "mobile", "email", "account_status")
    list_filter = (
        ("unit__jurisdiction", VisibleChoicesFilter),
        ("unit__sector", VisibleChoicesFilter),
    )
    list_select_related = ("unit", "unit__jurisdiction", "user")
    search_fields = ("name", "unit__name", "title", "mobile", "email")
    list_export = ("name", "unit", "jurisdiction", "title", "mobile", "email", "account_status", "invited_at")
    export_filename = "liaisons"
    inspect_view_fields = ("name", "unit", "title", "mobile", "email", "user", "invited_at", "created_at")
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("unit"), FieldPanel("title"), FieldPanel("mobile"), FieldPanel("email")],
        base_form_class=LiaisonAdminForm,
    )

    @display(description=gettext_lazy("jurisdiction"), ordering="unit__jurisdiction__sort_order")
    def jurisdiction(self, obj):
        return obj.unit.jurisdiction

    @display(description=gettext_lazy("account"))
    def account_status(self, obj):
        if obj.user_id is None:
            return _("No account")
        if obj.user.has_usable_password():
            return _("Active")
        if obj.invited_at:
            return _("Invited, password not set yet")
        return _("Not invited yet")

    def import_view(self, request):
        return LiaisonImportView.as_view(model_admin=self)(request)

    def invite_view(self, request, instance_pk):
        return LiaisonInviteView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("import"),
                self.import_view,
                name=self.url_helper.get_action_url_name("import"),
            ),
            re_path(
                self.url_helper.get_action_url_pattern("invite"),
                self.invite_view,
                name=self.url_helper.get_action_url_name("invite"),
            ),
        )


class DirectoryGroup(ModelAdminGroup):
    menu_label = gettext_lazy("Directory")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (JurisdictionAdmin, UnitAdmin, LiaisonAdmin)


modeladmin_register(DirectoryGroup)
