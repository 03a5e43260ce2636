"""Creating a page when another request took its slug a moment earlier.

Wagtail 8 autosaves a new page in the background, so a person who clicks
“save draft” just as the autosave fires sends two creates that may choose the
same slug: the form checks the slug is free, but the other request can take it
before this one saves, and Wagtail's ``add_child`` then raises a validation
error that ends as a server error. Here the page takes the next free slug
instead (``name-2``…), which is what the form would have chosen a moment later.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.admin.views.pages.create import CreateView

from campaign.slugs import available_slug

SLUG_ATTEMPTS = 5


def _slug_taken(error):
    return "slug" in getattr(error, "error_dict", {})


class SlugSafeCreateView(CreateView):
    def _with_a_free_slug(self, action):
        for _attempt in range(SLUG_ATTEMPTS - 1):
            try:
                with transaction.atomic():
                    return action()
            except ValidationError as error:
                if not _slug_taken(error):
                    raise
                self.form.instance.slug = available_slug(self.form.instance.slug, self.parent_page)
        return action()

    def save_action(self):
        return self._with_a_free_slug(super().save_action)

    def publish_action(self):
        return self._with_a_free_slug(super().publish_action)

    def submit_action(self):
        return self._with_a_free_slug(super().submit_action)
