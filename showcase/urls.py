from django.urls import path, re_path

from showcase import invitations, views
from showcase.models.placement import SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH

app_name = "showcase"

urlpatterns = [
    path("invite/<uidb64>/<token>/", invitations.InvitationView.as_view(), name="invitation"),
    re_path(
        rf"^s/(?P<code>[{SHORT_CODE_ALPHABET}{SHORT_CODE_ALPHABET.upper()}]{{{SHORT_CODE_LENGTH}}})/?$",
        views.short_link_redirect,
        name="short_link",
    ),
]
