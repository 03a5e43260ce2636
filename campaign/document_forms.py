"""The admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): Wagtail's, plus a look inside the file."""

from wagtail.documents.forms import BaseDocumentForm

from campaign.uploads import check_upload


class CampaignDocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_upload(uploaded)
        return uploaded
