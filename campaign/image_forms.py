"""The image form every image upload uses (the admin's and the API's), set by ``WAGTAILIMAGES_IMAGE_FORM_BASE``."""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.images.forms import BaseImageForm


class CampaignImageForm(BaseImageForm):
    """An image whose header looks right but whose pixels Pillow cannot read is refused, not a server error.

    Wagtail 8.0.1's image field recognises the format from the first bytes,
    then reads the size with Pillow, which raises ``UnidentifiedImageError``
    (an ``OSError``) on a truncated or forged file; the field lets it escape.
    The field itself is left as Wagtail builds it, with the current limits.
    """

    def full_clean(self):
        try:
            super().full_clean()
        except OSError:
            message = forms.ImageField.default_error_messages["invalid_image"]
            self.add_error("file", ValidationError(message, code="invalid_image"))
