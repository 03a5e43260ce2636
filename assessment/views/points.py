"""The assessor's points table in the admin: bar chart, XLSX export, publish and withdraw."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from assessment.models import AssessmentPeriod
from assessment.points import compute_points_table
from assessment.points_export import points_workbook
from assessment.roles import PUBLISH_POINTS_TABLE, is_assessor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def set_points_published(user, period, published):
    """The assessor chooses when the period's table appears on the public site."""
    if not user.has_perm(PUBLISH_POINTS_TABLE):
        raise PermissionDenied(_("Only assessors can publish the points table."))
    period.points_published = published
    period.published_at = timezone.now() if published else None
    period.save(update_fields=["points_published", "published_at"])
    return period


class PointsTableView(TemplateView):
    template_name = "assessment/admin/points_table.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_assessor(request.user):
            raise PermissionDenied
        self.period = get_object_or_404(AssessmentPeriod, pk=kwargs["period_id"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            table = compute_points_table(self.period)
            response = HttpResponse(points_workbook(table), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="points-{self.period.year}-{self.period.pk}.xlsx"'
            return response
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        publish = request.POST.get("action") == "publish"
        set_points_published(request.user, self.period, publish)
        messages.success(
            request,
            _("The points table is now on the public site.") if publish else _("The points table was withdrawn."),
        )
        return redirect("assessment_points_table", period_id=self.period.pk)

    def get_context_data(self, **kwargs):
        table = compute_points_table(self.period)
        highest = max(table.highest, self.period.bonus_cap) or 1
        bars = [
            {
                "row": row,
                "capped": float(row.capped / highest * 100),
                "over": float((row.total - row.capped) / highest * 100),
            }
            for row in table.rows
        ]
        return {
            **super().get_context_data(**kwargs),
            "period": self.period,
            "table": table,
            "bars": bars,
            "cap_position": float(self.period.bonus_cap / highest * 100),
            "page_title": _("Points table"),
        }
