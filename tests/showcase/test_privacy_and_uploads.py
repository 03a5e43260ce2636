"""Private data stays out of the search index, and bad uploads are refused with a message."""

import io
import os
import re

import pytest
import wagtail_factories
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.search.models import IndexEntry

from showcase.models import ActivityEvidence
from showcase.permissions.grants import evidence_collection_for
from tests.factories import ActivityPageFactory, LiaisonFactory

pytestmark = pytest.mark.django_db


def test_search_index_holds_no_mobile_numbers_emails_or_evidence(hebei):
    activity = ActivityPageFactory(parent=hebei, title="节水宣传进社区")
    liaison = LiaisonFactory(unit=activity.unit, mobile="13912345678", email="private.person@example.cn")
    document = wagtail_factories.DocumentFactory(
        title="签到表 13912345678", collection=evidence_collection_for(hebei.jurisdiction)
    )
    ActivityEvidence.objects.create(page=activity, document=document)
    activity.save_revision().publish()
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())

    indexed = " ".join(f"{entry.title} {entry.autocomplete} {entry.body}" for entry in IndexEntry.objects.all())
    tokens = set(re.findall(r"[^\s':]+", indexed))  # SQLite keeps the text, PostgreSQL a tsvector
    assert {"节水", "宣传", "进社区"} <= tokens, "the activity itself is indexed, cut into words"
    assert liaison.mobile not in indexed
    assert "private.person" not in indexed, "no part of the email address is indexed"


def _png(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload_image(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def test_image_of_an_unsupported_type_is_refused(admin_client):
    response = _upload_image(admin_client, "tool.exe", b"MZ\x90\x00fake executable", "application/octet-stream")
    assert response.json()["success"] is False
    assert get_image_model().objects.count() == 0


def test_renamed_non_image_is_refused(admin_client):
    response = _upload_image(admin_client, "photo.png", b"#!/bin/sh\necho not an image\n")
    assert response.json()["success"] is False
    assert get_image_model().objects.count() == 0


def test_image_over_the_pixel_limit_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    response = _upload_image(admin_client, "big.png", _png(200, 200))
    assert response.json()["success"] is False
    assert "像素" in response.json()["error_message"] or "pixels" in response.json()["error_message"]
    assert get_image_model().objects.count() == 0


def test_image_over_the_size_limit_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    noisy = io.BytesIO()
    PILImage.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(noisy, format="PNG")
    response = _upload_image(admin_client, "heavy.png", noisy.getvalue())
    assert response.json()["success"] is False
    assert get_image_model().objects.count() == 0


def test_a_normal_image_is_accepted(admin_client):
    response = _upload_image(admin_client, "ok.png", _png(64, 64))
    assert response.json()["success"] is True
    assert get_image_model().objects.count() == 1
