"""Blocks give headless front-ends URLs they can use, not bare ids."""

import pytest
import wagtail_factories

from campaign.blocks import ArticleStreamBlock

pytestmark = pytest.mark.django_db


def test_image_block_api_representation_has_rendition_urls_and_alt_text():
    image = wagtail_factories.ImageFactory(file__width=1920, file__height=1080)
    stream = ArticleStreamBlock()
    value = stream.to_python(
        [{"type": "image", "value": {"image": image.pk, "alt_text": "节水展板", "caption": "展板"}}]
    )
    (represented,) = stream.get_api_representation(value)
    data = represented["value"]
    assert data["alt_text"] == "节水展板"
    assert data["url"].startswith("/") and ".max-1600x1600." in data["url"]
    assert ".fill-480x270." in data["thumbnail_url"]
    assert (data["width"], data["height"]) == (1920, 1080)


def test_document_block_api_representation_has_download_url_and_title_fallback():
    document = wagtail_factories.DocumentFactory(title="活动通知")
    stream = ArticleStreamBlock()
    value = stream.to_python([{"type": "document", "value": {"document": document.pk, "title": ""}}])
    (represented,) = stream.get_api_representation(value)
    assert represented["value"]["title"] == "活动通知"
    assert represented["value"]["url"] == document.url


def test_image_alt_text_is_required():
    from django.core.exceptions import ValidationError

    image = wagtail_factories.ImageFactory()
    block = ArticleStreamBlock().child_blocks["image"]
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))
