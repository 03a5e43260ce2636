"""StreamField blocks for campaign news and standard pages.

Blocks that carry media override ``get_api_representation`` so that headless
front-ends receive ready-to-use rendition and download URLs rather than bare ids.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=200,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "campaign/blocks/captioned_image.html"

    def get_api_representation(self, value, context=None):
        image = value["image"]
        if image is None:
            return None
        return {
            "alt_text": value["alt_text"],
            "caption": value["caption"],
            "width": image.width,
            "height": image.height,
            "url": image.get_rendition("max-1600x1600|format-webp").url,
            "thumbnail_url": image.get_rendition("fill-480x270|format-webp").url,
        }


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's own title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "campaign/blocks/document_download.html"

    def get_api_representation(self, value, context=None):
        document = value["document"]
        if document is None:
            return None
        return {
            "title": value["title"] or document.title,
            "url": document.url,
            "file_extension": document.file_extension,
            "file_size": document.get_file_size(),
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "campaign/blocks/quote.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"), help_text=_("A link to the video on a supported video platform."))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Embedded video")
        template = "campaign/blocks/video.html"

    def get_api_representation(self, value, context=None):
        return {"url": value["video"].url if value["video"] else None, "caption": value["caption"]}


class ArticleStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, form_classname="title", template="campaign/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    video = VideoBlock()
    document = DocumentDownloadBlock()
    quote = QuoteBlock()

    class Meta:
        label = _("Body")
