from django.urls import path

from assessment.views import public

app_name = "assessment"

urlpatterns = [
    path("assessment/points/<int:period_id>/", public.points_table, name="points_table"),
    path("certificates/verify/<str:code>", public.verify, name="verify_certificate"),
    path("certificates/<str:code>.pdf", public.certificate_download, name="certificate_pdf"),
]
