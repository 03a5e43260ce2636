"""Admin views of the expert review: the national editors' round page, the experts' list and scoring form."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from assessment import judging
from assessment.awards import categories_of, organizing_unit_figures
from assessment.certificates import issue_certificates
from assessment.indicators import organizer_indicators
from assessment.models import AwardKind, ExpertAssignment, Nomination
from assessment.roles import is_expert, runs_awards
from assessment.views.indicators import labelled_indicators
from campaign.models import CampaignHomePage


def _error_text(error):
    return " ".join(error.messages)


class JudgingRoundsView(TemplateView):
    template_name = "assessment/admin/judging_rounds.html"

    def dispatch(self, request, *args, **kwargs):
        if not runs_awards(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "campaigns": CampaignHomePage.objects.order_by("-year", "title"),
            "page_title": _("Expert review"),
        }


class JudgingRoundView(TemplateView):
    """One campaign's round: nominations with figures, assignments, closing, results and certificates."""

    template_name = "assessment/admin/judging_round.html"

    def dispatch(self, request, *args, **kwargs):
        if not runs_awards(request.user):
            raise PermissionDenied
        self.campaign = get_object_or_404(CampaignHomePage, pk=kwargs["campaign_id"])
        self.round = judging.ensure_round(self.campaign)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "assign":
                nomination = get_object_or_404(
                    Nomination, pk=request.POST.get("nomination"), category__campaign=self.campaign
                )
                expert = get_object_or_404(get_user_model(), pk=request.POST.get("expert"))
                judging.assign(request.user, nomination, expert)
                messages.success(request, _("Assigned to %(expert)s.") % {"expert": expert.get_username()})
            elif action == "close":
                judging.close_round(request.user, self.round)
                messages.success(request, _("The review round is closed and the results are published."))
            elif action == "certificates":
                issued = issue_certificates(request.user, self.round)
                messages.success(request, _("%(count)d certificates issued.") % {"count": len(issued)})
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("assessment_judging_round", campaign_id=self.campaign.pk)

    def get_context_data(self, **kwargs):
        categories = []
        indicators = None
        for category in categories_of(self.campaign):
            rows = []
            for nomination in category.nominations.select_related("item", "unit__jurisdiction").prefetch_related(
                "assignments__expert"
            ):
                figures = jurisdiction_figures = None
                if category.kind == AwardKind.ORGANIZING_UNIT and nomination.unit_id:
                    figures = organizing_unit_figures(nomination.unit, self.campaign)
                    if indicators is None:
                        indicators = {row.jurisdiction_id: row for row in organizer_indicators(self.campaign)}
                    if row := indicators.get(nomination.unit.jurisdiction_id):
                        jurisdiction_figures = labelled_indicators(row)
                assignments = list(nomination.assignments.all())
                rows.append(
                    {
                        "nomination": nomination,
                        "figures": figures,
                        "jurisdiction_figures": jurisdiction_figures,
                        "assignments": assignments,
                        "scored": sum(1 for a in assignments if a.submitted_at),
                    }
                )
            categories.append({"category": category, "rows": rows})
        return {
            **super().get_context_data(**kwargs),
            "campaign": self.campaign,
            "round": self.round,
            "categories": categories,
            "experts": judging.experts(),
            "ranking_rule": judging.ranking_rule(self.round),
            "page_title": _("Expert review"),
        }


class MyAssignmentsView(TemplateView):
    template_name = "assessment/admin/my_assignments.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_expert(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        assignments = (
            ExpertAssignment.objects.filter(expert=self.request.user)
            .select_related("nomination__category__campaign", "nomination__item", "nomination__unit")
            .order_by("submitted_at", "pk")
        )
        return {**super().get_context_data(**kwargs), "assignments": assignments, "page_title": _("My reviews")}


class ScoreView(TemplateView):
    """An expert scores one assigned nomination; anyone else's assignment does not exist for them."""

    template_name = "assessment/admin/score.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_expert(request.user):
            raise PermissionDenied
        try:
            self.assignment = judging.assignment_for(request.user, kwargs["assignment_id"])
        except PermissionDenied as error:
            raise Http404 from error
        self.round = judging.ensure_round(self.assignment.nomination.category.campaign)
        self.errors = {}
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        values = {criterion.code: request.POST.get(criterion.code, "") for criterion in self.round.criteria.all()}
        try:
            judging.score(request.user, self.assignment.pk, values, request.POST.get("comment", ""))
        except ValidationError as error:
            self.errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            messages.error(request, _("The scores were not saved; correct the marked fields."))
            return self.render_to_response(self.get_context_data(submitted=values))
        messages.success(request, _("Your scores were saved."))
        return redirect("assessment_my_assignments")

    def get_context_data(self, submitted=None, **kwargs):
        nomination = self.assignment.nomination
        own = {score.criterion.code: score.value for score in self.assignment.scores.select_related("criterion")}
        submitted = submitted or {}
        criteria = [
            {
                "criterion": criterion,
                "value": submitted.get(criterion.code, own.get(criterion.code, "")),
                "errors": self.errors.get(criterion.code, []),
            }
            for criterion in self.round.criteria.all()
        ]
        figures = None
        if nomination.unit_id:
            figures = organizing_unit_figures(nomination.unit, nomination.category.campaign)
        return {
            **super().get_context_data(**kwargs),
            "assignment": self.assignment,
            "nomination": nomination,
            "figures": figures,
            "criteria": criteria,
            "round": self.round,
            "general_errors": self.errors.get("__all__", []),
            "page_title": _("Score a nomination"),
        }
