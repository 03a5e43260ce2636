"""Which admin messages of the installed Wagtail apps have no Simplified Chinese translation.

Wagtail's own zh_Hans catalogs leave part of the admin in English. ``site/locale_wagtail`` fills
those gaps, and only those: it comes after ``site/locale`` in LOCALE_PATHS, and LOCALE_PATHS
catalogs override app catalogs, so an entry there for a message Wagtail already translates would
replace Wagtail's wording. This module finds the gaps and keeps that catalog in step.

The sources are the English catalogs (``locale/en/LC_MESSAGES/{django,djangojs}.po``) of every
installed ``wagtail*`` app, of Django itself and of ``django.contrib.auth``, plus the marked
strings of ``modelsearch``, which ships no catalog, and django-filter's ``zh_CN`` catalog. A
message is a gap when Django's merged zh-hans translation, built as at run time but without
``site/locale_wagtail``, has no entry for it (an entry that is empty or fuzzy in Wagtail's .po is
not compiled, so it counts as a gap); the JavaScript domain is built as Wagtail's ``jsi18n`` view
builds it (``wagtail.admin`` only).

    cd site
    ../.venv/bin/python -m locale_tools.wagtail_gaps            # gaps per app and domain
    ../.venv/bin/python -m locale_tools.wagtail_gaps --list     # and every missing message
    ../.venv/bin/python -m locale_tools.wagtail_gaps --update   # rewrite the gap catalogs: new gaps
                                                                # untranslated, no longer needed
                                                                # entries dropped, translations kept

After ``--update``, translate the empty entries and run ``make messages`` (or compilemessages).
``tests/site/test_admin_catalog.py`` fails while any gap is left.
"""

import argparse
import ast
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parents[1]
GAP_LOCALE_DIR = SITE_DIR / "locale_wagtail"
LOCALE = "zh_Hans"
LANGUAGE = "zh-hans"
DOMAINS = ("django", "djangojs")
# Apps whose messages are checked besides every installed ``wagtail*`` app: Django's auth (its
# password validators speak on Wagtail's invitation and account pages).
EXTRA_APPS = ("django.contrib.auth",)
# Packages outside INSTALLED_APPS (or without an English catalog) whose messages the admin shows:
# modelsearch marks strings but ships no catalog; django-filter, behind Wagtail's listing filters,
# ships Simplified Chinese only as ``zh_CN``, which Django does not look for under zh-hans.
UNCATALOGUED_PACKAGES = ("modelsearch", "django_filters")
SIBLING_LOCALES = ("zh_CN",)
# Wagtail's admin serves its JavaScript catalog from these packages only (wagtail/admin/views/i18n.py).
JS_CATALOG_PACKAGES = ("wagtail.admin",)
CONTEXT_SEPARATOR = "\x04"
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
CONTEXT_GETTEXT_NAMES = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


@dataclass
class Entry:
    """One message of a .po file; ``msgstr`` maps the plural index (0 for singular messages) to the text."""

    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    @property
    def key(self):
        """The key of the message in a compiled catalog, context included."""
        return f"{self.msgctxt}{CONTEXT_SEPARATOR}{self.msgid}" if self.msgctxt is not None else self.msgid

    @property
    def translated(self):
        return "fuzzy" not in self.flags and bool(self.msgstr) and all(self.msgstr.values())


def _unquote(literal):
    return ast.literal_eval(literal.strip())


def parse_po(path):
    """The entries of a .po file, header and obsolete (``#~``) entries left out."""
    entries, current, field_name, plural_index = [], None, None, 0

    def finish():
        if current is not None and current.msgid:
            entries.append(current)

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if field_name is not None:  # a comment starts the next entry
                finish()
                current, field_name = None, None
            current = current or Entry(msgid="")
            if line.startswith("#,"):
                current.flags += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
            elif line.startswith("#:"):
                current.references += line[2:].split()
            elif line.startswith("#."):
                current.comments.append(line[2:].strip())
            continue
        if line.startswith('"'):
            text = _unquote(line)
            if field_name == "msgstr":
                current.msgstr[plural_index] += text
            elif field_name:
                setattr(current, field_name, getattr(current, field_name) + text)
            continue
        keyword, _space, literal = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and field_name not in (None, "msgctxt"):
            finish()
            current = None
        current = current or Entry(msgid="")
        if keyword.startswith("msgstr"):
            field_name = "msgstr"
            plural_index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            current.msgstr[plural_index] = _unquote(literal)
        else:
            field_name = keyword
            setattr(current, keyword, _unquote(literal))
    finish()
    return entries


def _marked_strings(package_dir):
    """Entries for the literal strings a package's Python code marks for translation (tests excluded)."""
    entries = {}
    for path in sorted(Path(package_dir).rglob("*.py")):
        if {"tests", "test", "migrations"} & set(path.relative_to(package_dir).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            args = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
            if name in CONTEXT_GETTEXT_NAMES and len(args) >= 2:
                context, args = args[0], args[1:]
            elif name in GETTEXT_NAMES and args:
                context = None
            else:
                continue
            if not isinstance(args[0], str):
                continue
            plural = args[1] if name.startswith(("n", "npg")) and len(args) > 1 else None
            entry = Entry(msgid=args[0], msgid_plural=plural, msgctxt=context)
            entry.references.append(f"{path.relative_to(package_dir.parent)}:{node.lineno}")
            entries.setdefault(entry.key, entry)
    return list(entries.values())


def checked_apps():
    """The (label, package path, locale directory) of every package whose messages must read in Chinese.

    Django's own catalog comes first: its form and validation messages show throughout the admin.
    """
    import django
    from django.apps import apps

    configs = apps.get_app_configs()
    names = [c.name for c in configs if c.name.split(".")[0].startswith("wagtail")] + list(EXTRA_APPS)
    django_dir = Path(django.__file__).parent
    found = [("django", django_dir, django_dir / "conf" / "locale")]
    found += [(c.label, Path(c.path), Path(c.path) / "locale") for name in names for c in configs if c.name == name]
    for package in UNCATALOGUED_PACKAGES:
        module = sys.modules.get(package) or __import__(package)
        package_dir = Path(module.__file__).parent
        found.append((package, package_dir, package_dir / "locale"))
    return found


def source_entries(package_dir, locale_dir, domain):
    """The messages a package can show in ``domain``.

    Its English catalog if it has one; else a catalog for a Simplified Chinese locale that Django
    never loads for zh-hans (django-filter ships only ``zh_CN``), whose translations are kept as
    suggestions; else, for the django domain, the strings its Python code marks for translation.
    """
    for locale in ("en", *SIBLING_LOCALES):
        catalog = locale_dir / locale / "LC_MESSAGES" / f"{domain}.po"
        if catalog.exists():
            entries = parse_po(catalog)
            if locale == "en":
                for entry in entries:
                    entry.msgstr = {}
            return entries
    if domain == "django" and package_dir.name in UNCATALOGUED_PACKAGES:
        return _marked_strings(package_dir)
    return []


def effective_translation(domain, with_gap_catalog=True):
    """Django's merged zh-hans translation for ``domain`` as the site builds it, optionally without our gap catalog."""
    from django.conf import settings
    from django.utils.translation import trans_real

    locale_paths = [Path(p) for p in settings.LOCALE_PATHS]
    if not with_gap_catalog:
        locale_paths = [p for p in locale_paths if p.resolve() != GAP_LOCALE_DIR.resolve()]
    localedirs = None
    if domain == "djangojs":
        from django.views.i18n import JavaScriptCatalog

        localedirs = JavaScriptCatalog().get_paths(list(JS_CATALOG_PACKAGES))
    saved = settings.LOCALE_PATHS
    settings.LOCALE_PATHS = locale_paths
    try:
        return trans_real.DjangoTranslation(LANGUAGE, domain=domain, localedirs=localedirs)
    finally:
        settings.LOCALE_PATHS = saved


def has_translation(translation, entry):
    """Whether the merged translation, fallbacks included, holds a translation for the entry."""
    key = (entry.key, 0) if entry.msgid_plural else entry.key
    while translation is not None:
        catalog = getattr(translation, "_catalog", None)
        if catalog is not None and key in catalog:
            return True
        translation = getattr(translation, "_fallback", None)
    return False


def gaps(with_gap_catalog=False):
    """{(app label, domain): [entries without translation]}, each message reported once, under its first app."""
    result, seen = {}, set()
    for domain in DOMAINS:
        translation = effective_translation(domain, with_gap_catalog=with_gap_catalog)
        for label, package_dir, locale_dir in checked_apps():
            missing = []
            for entry in source_entries(package_dir, locale_dir, domain):
                if (domain, entry.key) in seen or has_translation(translation, entry):
                    continue
                seen.add((domain, entry.key))
                missing.append(entry)
            if missing:
                result[label, domain] = missing
    return result


def gap_catalog_path(domain):
    return GAP_LOCALE_DIR / LOCALE / "LC_MESSAGES" / f"{domain}.po"


HEADER = """\
# Simplified Chinese for the messages that Wagtail {wagtail} (and the packages it relies on) leaves
# untranslated in zh_Hans. Only gaps belong here: this catalog overrides the apps' own catalogs.
# Kept in step by site/locale_tools/wagtail_gaps.py --update; checked by tests/site/test_admin_catalog.py.
msgid ""
msgstr ""
"Project-Id-Version: jieshui (Wagtail {wagtail} gaps)\\n"
"Language-Team: Chinese (Simplified)\\n"
"Language: zh_Hans\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""


def _quote(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if len(parts) <= 1:
        return f'"{parts[0] if parts else ""}"'
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def format_entry(entry, app_label):
    lines = [f"#. {app_label}"]
    lines += [f"#: {ref}" for ref in entry.references[:3]]
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    if entry.msgctxt is not None:
        lines.append(f"msgctxt {_quote(entry.msgctxt)}")
    lines.append(f"msgid {_quote(entry.msgid)}")
    if entry.msgid_plural:
        lines.append(f"msgid_plural {_quote(entry.msgid_plural)}")
        lines.append(f"msgstr[0] {_quote(entry.msgstr.get(0, ''))}")
    else:
        lines.append(f"msgstr {_quote(entry.msgstr.get(0, ''))}")
    return "\n".join(lines)


def update_gap_catalogs():
    """Rewrite the gap catalogs with the current gaps, keeping the translations they already hold."""
    import wagtail

    found = gaps(with_gap_catalog=False)
    for domain in DOMAINS:
        path = gap_catalog_path(domain)
        known = {e.key: e for e in parse_po(path)} if path.exists() else {}
        blocks = [HEADER.format(wagtail=wagtail.__version__).rstrip("\n")]
        for (label, entry_domain), entries in found.items():
            if entry_domain != domain:
                continue
            for entry in entries:
                previous = known.get(entry.key)
                if previous is not None and previous.translated:
                    entry.msgstr = dict(previous.msgstr)
                    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                elif not (entry.msgstr and all(entry.msgstr.values())):
                    entry.msgstr = {0: ""}
                blocks.append(format_entry(entry, label))
        if len(blocks) > 1 or path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
            print(f"wrote {path.relative_to(SITE_DIR.parent)} ({len(blocks) - 1} messages)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print every missing message")
    parser.add_argument("--update", action="store_true", help="rewrite site/locale_wagtail's catalogs")
    parser.add_argument(
        "--without-gap-catalog", action="store_true", help="count the gaps that Wagtail leaves, before our catalog"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    if args.update:
        update_gap_catalogs()
        return 0
    found = gaps(with_gap_catalog=not args.without_gap_catalog)
    total = 0
    for (label, domain), entries in found.items():
        total += len(entries)
        print(f"{label:24} {domain:9} {len(entries):5}")
        if args.list:
            for entry in entries:
                context = f"[{entry.msgctxt}] " if entry.msgctxt is not None else ""
                print(f"    {context}{entry.msgid!r}")
    print(f"{'total':34} {total:5}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
