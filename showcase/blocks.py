"""StreamField blocks for activity pages: the article blocks plus galleries and uploaded videos."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from campaign.blocks import RICH_TEXT_FEATURES, CaptionedImageBlock, QuoteBlock, VideoBlock

VIDEO_FILE_EXTENSIONS = ("mp4", "webm", "mov")


def validate_video_document(document):
    if document is not None and document.file_extension.lower() not in VIDEO_FILE_EXTENSIONS:
        raise ValidationError(
            _("Choose a video file (%(extensions)s); “%(name)s” is a .%(extension)s file.")
            % {
                "extensions": ", ".join(VIDEO_FILE_EXTENSIONS),
                "name": document.title,
                "extension": document.file_extension,
            }
        )


class VideoDocumentChooserBlock(DocumentChooserBlock):
    def clean(self, value):
        value = super().clean(value)
        validate_video_document(value)
        return value


class UploadedVideoBlock(blocks.StructBlock):
    video = VideoDocumentChooserBlock(label=_("Video file"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Uploaded video")
        template = "showcase/blocks/uploaded_video.html"

    def get_api_representation(self, value, context=None):
        document = value["video"]
        return {"url": document.url if document else None, "caption": value["caption"]}


class GalleryBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(CaptionedImageBlock(), min_num=1, max_num=30, **kwargs)

    class Meta:
        icon = "image"
        label = _("Image gallery")
        template = "showcase/blocks/gallery.html"


class ActivityStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    gallery = GalleryBlock()
    video = VideoBlock()
    uploaded_video = UploadedVideoBlock()
    quote = QuoteBlock()

    class Meta:
        label = _("Body")
