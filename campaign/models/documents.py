from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document


class CampaignDocument(AbstractDocument):
    """The site's document model: Wagtail's, kept out of the search index when private.

    Documents in a collection with a view restriction (such as a jurisdiction's
    evidence, 佐证材料) can carry personal data; they are served only through
    Wagtail's permission-checking view and are never written to any search index.
    """

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(collection__view_restrictions__isnull=True)
