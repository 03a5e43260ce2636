from django.urls import re_path

from showcase import views
from showcase.models.placement import SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH

app_name = "showcase"

urlpatterns = [
    re_path(
        rf"^s/(?P<code>[{SHORT_CODE_ALPHABET}{SHORT_CODE_ALPHABET.upper()}]{{{SHORT_CODE_LENGTH}}})/?$",
        views.short_link_redirect,
        name="short_link",
    ),
]
