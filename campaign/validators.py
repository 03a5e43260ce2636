import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mainland mobile numbers: 11 digits starting 13-19, with an optional +86 / 0086 prefix
# and any spaces or dashes a person may type between the groups.
MOBILE_NUMBER = re.compile(r"^(?:\+?86|0086)?1[3-9]\d{9}$")
OFFICE_PHONE = re.compile(r"^(?:\(?0\d{2,3}\)?-?)?\d{7,8}(?:-\d{1,6})?$|^400-?\d{3}-?\d{4}$")


def _digits_and_plus(value):
    return re.sub(r"[\s\-()（）]", "", value)


def validate_public_office_phone(value):
    """Accept an office landline for a public page and refuse personal mobile numbers.

    Contact people are shown on public pages; a personal mobile number there would
    leak to every visitor and every crawler, so the form refuses it outright.
    """
    compact = _digits_and_plus(value)
    if MOBILE_NUMBER.match(compact):
        raise ValidationError(
            _(
                "This looks like a personal mobile number, which must not appear on public pages. "
                "Enter an office landline such as 010-63200000."
            ),
            code="mobile_not_public",
        )
    if not OFFICE_PHONE.match(re.sub(r"\s", "", value).replace("（", "(").replace("）", ")")):
        raise ValidationError(
            _("Enter an office phone number with its area code, such as 010-63200000 or 010-63200000-123."),
            code="invalid_phone",
        )
