"""The admin in Chinese: every message of the installed Wagtail apps has a Simplified Chinese translation.

Wagtail's own zh_Hans catalogs leave part of the admin in English; site/locale_wagtail fills those
gaps and nothing else. After a Wagtail upgrade, the first test lists what is new: run
``cd site && ../.venv/bin/python -m locale_tools.wagtail_gaps --update``, translate the empty
entries, then ``make messages``.
"""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from locale_tools import wagtail_gaps

UPDATE_HINT = (
    "run `cd site && ../.venv/bin/python -m locale_tools.wagtail_gaps --update`, "
    "translate the new entries of site/locale_wagtail, then `make messages`"
)


def _describe(entries_by_app):
    return "\n".join(
        f"  {label} ({domain}): " + "; ".join(repr(entry.msgid) for entry in entries)
        for (label, domain), entries in entries_by_app.items()
    )


def test_every_admin_message_of_the_installed_wagtail_apps_has_a_chinese_translation():
    missing = wagtail_gaps.gaps(with_gap_catalog=True)
    assert not missing, f"messages without a zh_Hans translation:\n{_describe(missing)}\n{UPDATE_HINT}"


@pytest.mark.parametrize("domain", wagtail_gaps.DOMAINS)
def test_the_gap_catalog_only_fills_gaps(domain):
    """LOCALE_PATHS catalogs override the apps' own: an entry Wagtail translates meanwhile must go."""
    upstream = wagtail_gaps.effective_translation(domain, with_gap_catalog=False)
    entries = wagtail_gaps.parse_po(wagtail_gaps.gap_catalog_path(domain))
    overriding = [entry.msgid for entry in entries if wagtail_gaps.has_translation(upstream, entry)]
    assert overriding == [], f"Wagtail translates these now: {overriding}\n{UPDATE_HINT}"


@pytest.mark.parametrize("domain", wagtail_gaps.DOMAINS)
def test_the_gap_catalog_is_translated_and_compiled(domain):
    entries = wagtail_gaps.parse_po(wagtail_gaps.gap_catalog_path(domain))
    assert entries
    untranslated = [entry.msgid for entry in entries if not entry.translated]
    assert untranslated == [], f"untranslated or fuzzy: {untranslated}"
    effective = wagtail_gaps.effective_translation(domain)
    stale = [entry.msgid for entry in entries if _lookup(effective, entry) != entry.msgstr[0]]
    assert stale == [], "site/locale_wagtail's .mo files are out of date: run `make messages`"


def _lookup(effective, entry):
    if entry.msgid_plural:
        return effective.ngettext(entry.key, entry.msgid_plural, 1)
    return effective.gettext(entry.key)


def test_our_own_catalog_keeps_precedence_over_the_gap_catalog(settings):
    paths = [str(path) for path in settings.LOCALE_PATHS]
    assert paths.index(str(wagtail_gaps.GAP_LOCALE_DIR)) > paths.index(str(wagtail_gaps.SITE_DIR / "locale"))


def test_django_password_validation_speaks_chinese():
    from django.contrib.auth.password_validation import MinimumLengthValidator
    from django.core.exceptions import ValidationError

    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        MinimumLengthValidator(min_length=10).validate("short")
    assert raised.value.messages == ["密码长度太短。密码必须包含至少 10 个字符。"]


# Spot checks through rendered admin pages, as a signed-in superuser in the default language.


def test_the_page_create_view_reports_validation_errors_in_chinese(admin_client, campaign):
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("campaign", "standardpage", campaign.id)), {"body-count": "0"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "由于存在验证错误，无法创建该页面。" in content
    assert "转到第一个错误" in content
    assert "The page could not be created" not in content


def test_an_empty_snippet_listing_invites_to_add_one_in_chinese(admin_client, db):
    response = admin_client.get(reverse("wagtailsnippets_showcase_recommendedslot:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "何不<a href=" in content and "添加一个</a>？" in content
    assert "Why not" not in content


def test_the_document_upload_page_states_the_size_limit_in_chinese(admin_client):
    content = admin_client.get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert "最大文件大小：500.0\xa0MB。" in content  # filesizeformat joins with a no-break space
    assert "Maximum filesize" not in content


def test_the_admin_javascript_catalog_serves_the_filled_gaps(admin_client):
    content = admin_client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    for message in ("正在自动保存……", "更改已自动保存。", "拆分块"):
        assert json.dumps(message)[1:-1] in content, message
