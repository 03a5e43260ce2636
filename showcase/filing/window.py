"""The filing window: units create and submit items only while the campaign's window is open."""

from django.utils import formats
from django.utils.translation import gettext as _

from campaign.models import CampaignHomePage
from showcase.permissions.roles import FILE_OUTSIDE_WINDOW


def filing_refusal(user, page_or_parent):
    """Why ``user`` may not create or submit an item under ``page_or_parent`` now, or None if they may."""
    if user.has_perm(FILE_OUTSIDE_WINDOW):
        return None
    campaign = CampaignHomePage.objects.ancestor_of(page_or_parent, inclusive=True).first()
    if campaign is None or campaign.filing_is_open():
        return None
    return _(
        "Filing for %(campaign)s is open from %(opens)s to %(closes)s. "
        "Activities and videos cannot be created or submitted outside that window; nothing was saved."
    ) % {
        "campaign": campaign.title,
        "opens": formats.date_format(campaign.filing_opens_on, "DATE_FORMAT"),
        "closes": formats.date_format(campaign.filing_closes_on, "DATE_FORMAT"),
    }
