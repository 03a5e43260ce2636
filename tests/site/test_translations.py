"""Chinese first: every string of ours is translatable and translated into Simplified Chinese."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

REPO_DIR = Path(__file__).resolve().parents[2]
OUR_APPS = ["campaign", "showcase", "assessment", "search"]
CATALOGS = [REPO_DIR / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po" for app in OUR_APPS] + [
    REPO_DIR / "site" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
]


def _entries(po_path):
    """(msgid, msgid_plural, msgstr, flags, msgctxt) for every entry of a .po file, header excluded.

    Plurals give msgstr[0]; msgctxt is None for entries without a context.
    """
    entries, current, field, flags = [], {}, None, set()
    for line in po_path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            flags = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ", "msgid_plural ", "msgstr[0] ")):
            field, _space, literal = line.partition(" ")
            field = "msgstr" if field == "msgstr[0]" else field
            current[field] = ast.literal_eval(literal)
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
        elif not line.strip() and current:
            if current.get("msgid"):
                entry = (current["msgid"], current.get("msgid_plural"), current.get("msgstr", ""), flags)
                entries.append((*entry, current.get("msgctxt")))
            current, field, flags = {}, None, set()
    return entries


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(REPO_DIR)))
def test_catalog_is_complete_and_compiled(catalog):
    entries = _entries(catalog)
    assert entries, f"{catalog} holds no messages"
    untranslated = [msgid for msgid, _plural, msgstr, flags, _context in entries if not msgstr or "fuzzy" in flags]
    assert untranslated == [], "untranslated or fuzzy messages: run `make messages` and translate them"
    with translation.override("zh-hans"):
        stale = [
            msgid for msgid, plural, msgstr, _flags, context in entries if _translated(msgid, plural, context) != msgstr
        ]
    assert stale == [], "the .mo file is out of date: run `make messages`"


def _translated(msgid, plural, context):
    if context:
        return translation.npgettext(context, msgid, plural, 1) if plural else translation.pgettext(context, msgid)
    return translation.ngettext(msgid, plural, 1) if plural else translation.gettext(msgid)


# Parent keys that users never see, and Wagtail's own Orderable field.
NOT_OURS = {"page", "content_object", "tag", "sort_order"}


def _fields_from_other_packages(model):
    """Names of fields the model inherits from abstract models outside our apps, such as Wagtail's AbstractDocument."""
    names = set()
    for base in model.__mro__[1:]:
        meta = getattr(base, "_meta", None)
        if meta is not None and meta.abstract and base.__module__.split(".")[0] not in OUR_APPS:
            names.update(field.name for field in meta.local_fields)
    return names


@pytest.mark.parametrize("app_label", OUR_APPS)
def test_every_model_and_field_of_ours_has_a_translatable_name(app_label):
    for model in apps.get_app_config(app_label).get_models():
        assert isinstance(model._meta.verbose_name, Promise), f"{model.__name__} needs a gettext_lazy verbose_name"
        inherited = _fields_from_other_packages(model)
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
            if field.auto_created or field.name in NOT_OURS or field.name in inherited:
                continue
            assert isinstance(field.verbose_name, Promise), f"{model.__name__}.{field.name} needs a translatable label"


def test_our_catalogs_do_not_rename_the_wagtail_admin_menu():
    """Our apps come first in INSTALLED_APPS, so a msgid we translate wins everywhere, Wagtail's admin included."""
    with translation.override("zh-hans"):
        assert translation.gettext("Pages") == "页面"
        assert translation.gettext("Images") == "图片"
        assert translation.gettext("Documents") == "文档"
