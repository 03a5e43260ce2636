from django.utils.translation import gettext_lazy as _

from campaign.workflow_actions import ReasonForm


class RejectionForm(ReasonForm):
    """Rejecting a coverage record needs a reason the officer can act on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].help_text = _("Tell the information officer what is wrong, so they can correct it.")
