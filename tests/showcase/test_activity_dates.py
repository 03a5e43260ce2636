"""A new activity dated outside the campaign's year is refused by the form, with the message, and nothing is saved.

Before, the form could not know the campaign of a page not yet in the tree:
it passed, the page was added, and the check on saving the revision raised an
error page with the page row left behind.
"""

import pytest

from showcase.models import ActivityPage

from . import test_filing_and_access as filing

pytestmark = pytest.mark.django_db


def test_a_new_activity_outside_the_campaign_year_is_refused_with_a_message(client, hebei, submitter, on_day):
    on_day(filing.OPEN_DAY)
    client.force_login(submitter)
    before = ActivityPage.objects.count()

    response = client.post(filing._add_url(hebei), filing._activity_form(starts_on="2026-04-01", ends_on="2026-04-02"))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "2023" in errors["starts_on"][0] and "2023" in errors["ends_on"][0]
    assert ActivityPage.objects.count() == before
