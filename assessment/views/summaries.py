"""Summary materials (推优材料): each jurisdiction uploads its own before the campaign's deadline."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from assessment.awards import moderated_jurisdictions, summary_deadline_refusal, upload_summary
from assessment.models import SummaryMaterial
from campaign.models import CampaignHomePage


class SummaryUploadForm(forms.Form):
    campaign = forms.ModelChoiceField(CampaignHomePage.objects.none(), label=gettext_lazy("campaign"))
    jurisdiction = forms.ModelChoiceField(None, label=gettext_lazy("jurisdiction"))
    title = forms.CharField(label=gettext_lazy("title"), max_length=200)
    file = forms.FileField(label=gettext_lazy("file"))

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = CampaignHomePage.objects.order_by("-year")
        self.fields["jurisdiction"].queryset = jurisdictions


class SummaryMaterialsView(TemplateView):
    template_name = "assessment/admin/summaries.html"

    def dispatch(self, request, *args, **kwargs):
        self.jurisdictions = moderated_jurisdictions(request.user)
        if not request.user.is_authenticated or not self.jurisdictions.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = SummaryUploadForm(request.POST, request.FILES, jurisdictions=self.jurisdictions)
        if form.is_valid():
            data = form.cleaned_data
            try:
                upload_summary(request.user, data["campaign"], data["jurisdiction"], data["title"], data["file"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Your summary materials were uploaded."))
                return redirect("assessment_summaries")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, form=None, **kwargs):
        campaigns = CampaignHomePage.objects.order_by("-year")
        return {
            **super().get_context_data(**kwargs),
            "form": form or SummaryUploadForm(jurisdictions=self.jurisdictions),
            "materials": SummaryMaterial.objects.filter(jurisdiction__in=self.jurisdictions).select_related(
                "campaign", "jurisdiction", "document"
            ),
            "deadlines": [(campaign, summary_deadline_refusal(campaign)) for campaign in campaigns],
            "page_title": _("Summary materials"),
        }
