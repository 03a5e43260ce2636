from django.urls import path, re_path

from showcase.directory import invitations
from showcase.models.placement import SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH
from showcase.zone import short_links, view_counts

app_name = "showcase"
SHORT_CODE_PATTERN = f"[{SHORT_CODE_ALPHABET}{SHORT_CODE_ALPHABET.upper()}]{{{SHORT_CODE_LENGTH}}}"

urlpatterns = [
    path("invite/<uidb64>/<token>/", invitations.InvitationView.as_view(), name="invitation"),
    re_path(rf"^s/(?P<code>{SHORT_CODE_PATTERN})/?$", short_links.short_link_redirect, name="short_link"),
    re_path(rf"^s/(?P<code>{SHORT_CODE_PATTERN})/qr\.svg$", short_links.short_link_qr, name="short_link_qr"),
    re_path(
        rf"^s/(?P<code>{SHORT_CODE_PATTERN})/poster\.png$", short_links.short_link_poster, name="short_link_poster"
    ),
    path("views/<int:page_id>/", view_counts.view_beacon, name="view_beacon"),
]
