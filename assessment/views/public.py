"""Public views: the published points table and the certificates (verification page and PDF)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control

from assessment.certificates import stored_certificate_pdf, verify_certificate
from assessment.models import AssessmentPeriod, PointsTablePage
from assessment.points import compute_points_table


def points_table(request, period_id):
    """The published table; where an office shows it on its own site, the visitor is sent there."""
    period = get_object_or_404(AssessmentPeriod, pk=period_id, points_published=True)
    office_page = PointsTablePage.objects.live().public().filter(period=period).order_by("pk").first()
    if office_page is not None:
        return redirect(office_page.get_url(request))
    return render(
        request,
        "assessment/public/points_table.html",
        {"period": period, "table": compute_points_table(period)},
    )


def verify(request, code):
    certificate = verify_certificate(code)
    status = 200 if certificate else 404
    return render(
        request,
        "assessment/public/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=status,
    )


@cache_control(public=True, max_age=3600)
def certificate_download(request, code):
    certificate = verify_certificate(code)
    if certificate is None:
        raise Http404
    response = HttpResponse(stored_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response
