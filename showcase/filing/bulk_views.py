"""Bulk filing in the admin: the template, the upload with its dry run, the confirmation, the export.

The dry run keeps the uploaded sheet in the session with the plan's
fingerprint; the confirmation reads the same bytes again and files only if the
new plan is exactly the one the moderator saw.
"""

import base64

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from showcase.filing import bulk
from showcase.models import JurisdictionPage

SESSION_KEY = "showcase_bulk_filing"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _place_or_404(request, page_id):
    page = get_object_or_404(JurisdictionPage.objects.select_related("jurisdiction"), pk=page_id)
    place = bulk.filing_place(request.user, page.jurisdiction)
    if place is None or place.pk != page.pk:
        raise Http404
    return place


class BulkFilingForm(forms.Form):
    place = forms.TypedChoiceField(label=gettext_lazy("Jurisdiction"), coerce=int)
    file = forms.FileField(
        label=gettext_lazy("Filled-in sheet (.xlsx)"),
        help_text=gettext_lazy("The bulk filing template with one activity per row."),
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {place.pk: place for place in places}
        self.fields["place"].choices = [(place.pk, place.title) for place in places]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; split the sheet into smaller ones.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_place(self):
        return self.places[self.cleaned_data["place"]]


def _render(request, places, **context):
    return TemplateResponse(
        request,
        "showcase/filing/bulk_filing.html",
        {"places": places, "form_url": reverse("showcase_bulk_filing"), **context},
    )


def bulk_filing(request):
    places = bulk.filing_places(request.user)
    if not places:
        return TemplateResponse(
            request,
            "showcase/directory/forbidden.html",
            {"message": _("Only a jurisdiction's moderators and national editors can file activities in bulk.")},
            status=403,
        )
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request, places)
    if request.method == "POST":
        return _dry_run(request, places)
    return _render(request, places, form=BulkFilingForm(places=places))


def _dry_run(request, places):
    form = BulkFilingForm(request.POST, request.FILES, places=places)
    if not form.is_valid():
        return _render(request, places, form=form)
    place, data = form.cleaned_data["place"], form.cleaned_data["file"].read()
    try:
        plan = bulk.plan_import(data, place, request.user)
    except bulk.BulkFilingError as error:
        form.add_error("file", str(error))
        return _render(request, places, form=form)
    request.session[SESSION_KEY] = {
        "data": base64.b64encode(data).decode("ascii"),
        "place": place.pk,
        "filename": form.cleaned_data["file"].name,
        "fingerprint": plan.fingerprint(),
    }
    return _render(request, places, plan=plan, filename=form.cleaned_data["file"].name, fingerprint=plan.fingerprint())


def _confirm(request, places):
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("fingerprint") != request.POST.get("fingerprint"):
        messages.error(request, _("That dry run is no longer available. Upload the sheet again."))
        return redirect("showcase_bulk_filing")
    place = next((page for page in places if page.pk == stored["place"]), None)
    if place is None:
        raise Http404
    try:
        plan = bulk.plan_import(base64.b64decode(stored["data"]), place, request.user)
    except bulk.BulkFilingError as error:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, str(error))
        return redirect("showcase_bulk_filing")
    if plan.fingerprint() != stored["fingerprint"]:
        stored["fingerprint"] = plan.fingerprint()
        request.session[SESSION_KEY] = stored
        changed = _(
            "The directory or the zone changed since your dry run, so the report below is new. Nothing was filed."
        )
        return _render(
            request, places, plan=plan, filename=stored["filename"], fingerprint=plan.fingerprint(), changed=changed
        )
    submit = request.POST.get("submit") == "on"
    try:
        created = bulk.apply_import(plan, request.user, submit=submit)
    except bulk.BulkFilingError as error:
        return _render(
            request, places, plan=plan, filename=stored["filename"], fingerprint=plan.fingerprint(), changed=str(error)
        )
    request.session.pop(SESSION_KEY, None)
    if submit:
        message = ngettext(
            "%(count)s activity filed and submitted to the tiered review.",
            "%(count)s activities filed and submitted to the tiered review.",
            len(created),
        )
    else:
        message = ngettext(
            "%(count)s activity filed as a draft.", "%(count)s activities filed as drafts.", len(created)
        )
    messages.success(request, message % {"count": len(created)})
    return redirect("wagtailadmin_explore", place.pk)


def _workbook_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def bulk_template(request, page_id):
    place = _place_or_404(request, page_id)
    return _workbook_response(bulk.template_workbook(place), f"bulk-filing-{place.jurisdiction.code}.xlsx")


@require_GET
def bulk_export(request, page_id):
    place = _place_or_404(request, page_id)
    return _workbook_response(bulk.export_workbook(place), f"activities-{place.jurisdiction.code}.xlsx")
