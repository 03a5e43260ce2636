"""Approval forms of the two review levels; Wagtail passes their cleaned data to ``Task.on_action``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.workflow_actions import ReasonForm
from showcase.models.review import Rating


class RequestChangesForm(ReasonForm):
    """Sending an item back: the comment is what the unit reads on its dashboard and in its email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = _("What needs to change")
        self.fields["comment"].help_text = _("The submitter sees this comment; say what to correct or add.")


class JurisdictionApprovalForm(forms.Form):
    authenticity_checked = forms.BooleanField(
        label=_("Authenticity (真实性): the activity really took place as described"),
        required=True,
        error_messages={"required": _("Confirm the authenticity check before approving.")},
    )
    accuracy_checked = forms.BooleanField(
        label=_("Accuracy of text and images (图文信息准确性)"),
        required=True,
        error_messages={"required": _("Confirm that text and images are accurate before approving.")},
    )
    completeness_checked = forms.BooleanField(
        label=_("Completeness (完整度): every required part is filled in"),
        required=True,
        error_messages={"required": _("Confirm the completeness check before approving.")},
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea({"rows": 2}))


class NationalApprovalForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Rating"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating (A+, A or B) before approving.")},
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea({"rows": 2}))
