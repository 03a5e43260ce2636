from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm


class RejectionForm(TaskStateCommentForm):
    """Rejecting a coverage record needs a reason the officer can act on."""

    comment = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tell the information officer what is wrong, so they can correct it."),
    )
