"""After a full demo, the public site leaks no personal data and shows every user-entered text escaped."""

import io
import json
import logging
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from taggit.models import Tag
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from assessment.models import Certificate
from showcase.models import ActivityPage, Liaison, ShortLink

from .crawl import crawl

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(caplog):
    with caplog.at_level(logging.DEBUG):
        call_command("campaign_demo", activities=40, records=60, stdout=io.StringIO(), stderr=io.StringIO())
    return caplog


def _extra_urls():
    """Public pages no link leads to: certificates' verification and PDFs, short links, search and suggestions."""
    urls = ["/search/?q=节水", "/search/suggest/?q=节"]
    for code in Certificate.objects.values_list("code", flat=True):
        urls += [f"/certificates/verify/{code}", f"/certificates/{code}.pdf"]
    urls += [f"/s/{code}" for code in ShortLink.objects.values_list("code", flat=True)[:20]]
    return urls


def _personal_data():
    values = set()
    for mobile, email in Liaison.objects.values_list("mobile", "email"):
        values |= {mobile, email}
    values |= set(get_user_model().objects.exclude(email="").values_list("email", flat=True))
    return {value for value in values if value}


def test_no_mobile_number_or_email_reaches_public_pages_the_search_index_or_the_logs(client, demo):
    personal = _personal_data()
    assert len(personal) > 20, "the demo has liaisons and accounts to protect"
    with demo.at_level(logging.DEBUG):
        pages = crawl(client, start=["/", *_extra_urls()])
    assert len(pages) > 100
    assert not [url for url, (status, _type, _body) in pages.items() if status >= 500]

    leaks = {url: sorted(v for v in personal if v in body) for url, (_status, _type, body) in pages.items()}
    assert {url: found for url, found in leaks.items() if found} == {}

    indexed = " ".join(f"{e.title} {e.autocomplete} {e.body}" for e in IndexEntry.objects.all())
    assert indexed
    assert sorted(v for v in personal if v in indexed) == []
    assert sorted(v.split("@")[0] for v in personal if "@" in v and v.split("@")[0] in indexed.split()) == []

    logged = "\n".join(f"{record.getMessage()} {record.args}" for record in demo.records)
    assert sorted(v for v in personal if v in logged) == []


PAYLOAD = "<script>x({n})</script>"
RAW = re.compile(r"<script>x\((\d+)\)")
ESCAPED = re.compile(r"&lt;script&gt;x\((\d+)\)")
SKIPPED_TYPES = (models.SlugField, models.URLField, models.EmailField, RichTextField)
# Names and paths the site uses as keys or addresses rather than as text to show.
SKIPPED_NAMES = {"path", "url_path", "slug", "code", "draft_title", "mobile", "email", "password"}
SKIPPED_MODELS = {"Liaison", "UnitMember", "ShortLink", "VideoQuotaSlot"}


def _poison():
    """Every text column of our models, pages' titles and tags: a script with a number naming the column."""
    columns = {}
    targets = [Page, Tag, *apps.get_app_config("campaign").get_models(), *apps.get_app_config("showcase").get_models()]
    targets += list(apps.get_app_config("assessment").get_models())
    for model in targets:
        if model._meta.proxy or model.__name__ in SKIPPED_MODELS:
            continue
        for field in model._meta.local_fields:
            if (
                not isinstance(field, models.CharField | models.TextField)
                or isinstance(field, SKIPPED_TYPES)
                or field.choices
                or field.name in SKIPPED_NAMES
                or (field.max_length or 1000) < len(PAYLOAD) + 8
            ):
                continue
            if model is Page and field.name not in {"title", "seo_title", "search_description"}:
                continue
            n = len(columns)
            columns[n] = f"{model.__name__}.{field.name}"
            for pk in model.objects.values_list("pk", flat=True):
                value = f"{PAYLOAD.format(n=n)} 节水 {pk}"
                model.objects.filter(pk=pk).update(**{field.name: value})
    return columns


def test_every_text_a_user_can_enter_is_escaped_on_every_public_page(client, demo):
    columns = _poison()
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    pages = crawl(client, start=["/", *_extra_urls(), "/search/?q=script", "/search/suggest/?q=scr"])

    assert not [url for url, (status, _type, _body) in pages.items() if status >= 500]
    html = {url: body for url, (_status, content_type, body) in pages.items() if content_type.startswith("text/html")}
    raw = {url: sorted({columns[int(n)] for n in RAW.findall(body)}) for url, body in html.items()}
    assert {url: found for url, found in raw.items() if found} == {}
    # Suggestions are JSON, which the browser never renders as HTML (the script sets them as option values).
    assert pages["/search/suggest/?q=scr"][1] == "application/json"

    shown = {columns[int(n)] for body in html.values() for n in ESCAPED.findall(body)}
    expected = {
        "Page.title",
        "Page.search_description",
        "Tag.name",
        "CampaignHomePage.theme",
        "CampaignOrganizer.name",
        "CampaignContact.name",
        "NewsPage.summary",
        "ShowcaseItemPage.summary",
        "ActivityPage.venue",
        "ActivityProgressUpdate.text",
        "Unit.name",
        "Sector.name",
        "Region.name",
        "Certificate.recipient",
    }
    assert expected - shown == set()


def test_rich_text_keeps_only_the_features_the_field_allows(admin_client, hebei):
    """What the editor sends is filtered by Wagtail's converter: no script, no handler, no javascript: link."""
    form_class = ActivityPage.get_edit_handler().get_form_class()
    widget = form_class.base_fields["outcomes"].widget
    contentstate = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "text": "<script>alert(1)</script> 成效",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 8, "key": 0}],
            },
            {"key": "b", "type": "header-two", "text": "标题", "depth": 0, "inlineStyleRanges": [], "entityRanges": []},
            {
                "key": "c",
                "type": "atomic",
                "text": " ",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 1, "key": 1}],
            },
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}},
            "1": {
                "type": "IMAGE",
                "mutability": "IMMUTABLE",
                "data": {"id": 1, "src": "x", "alt": "x", "format": "left"},
            },
        },
    }

    html = widget.value_from_datadict({"outcomes": json.dumps(contentstate)}, {}, "outcomes")

    assert "<script" not in html
    assert "<a>&lt;script&gt;</a>alert(1)&lt;/script&gt; 成效" in html, (
        "the text stays, escaped; the link loses its href"
    )
    assert "javascript:" not in html
    assert "onclick" not in html and "onerror" not in html
    assert "<h2" not in html, "headings are not among this field's features"
    assert "<embed" not in html and "<img" not in html, "nor are images"
