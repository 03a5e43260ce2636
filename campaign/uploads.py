"""Checks on what an uploaded file really is, before Wagtail stores it.

Wagtail checks a document's extension (``WAGTAILDOCS_EXTENSIONS``) and size,
and opens images to check their format and pixel count. Neither looks inside
a document: an executable renamed ``通知.pdf`` or a web page renamed
``说明.txt`` would be stored and served. Here every document's first bytes
must match its extension, programs and scripts are refused whatever they are
called, office files must be the zip packages they claim to be, and a zip
may not carry programs or paths that climb out of its folder.

Django's upload parser has already cut the file name to its last path
segment and dropped control characters, so no name reaching this module can
point outside ``MEDIA_ROOT``.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What the first bytes of a file of each extension look like.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webm": (b"\x1a\x45\xdf\xa3",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
}
# ISO media (mp4, mov) carry "ftyp" at offset 4 rather than at the start.
ISO_MEDIA = {"mp4", "mov", "m4v"}
# The member every package of these formats has.
PACKAGE_MEMBERS = {"docx": "[Content_Types].xml", "xlsx": "[Content_Types].xml", "pptx": "[Content_Types].xml"}
PACKAGE_MEMBERS |= {"odt": "mimetype", "ods": "mimetype"}
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
MARKUP = (b"<script", b"<svg", b"<html", b"<!doctype html", b"<iframe")
PROGRAM_EXTENSIONS = {"exe", "dll", "com", "bat", "cmd", "scr", "msi", "ps1", "vbs", "js", "jar", "sh", "apk", "lnk"}
DANGEROUS_CONTENT_TYPES = {
    "application/x-msdownload",
    "application/x-msdos-program",
    "application/x-dosexec",
    "application/x-executable",
    "application/x-sharedlib",
    "application/x-sh",
    "application/x-shellscript",
    "application/javascript",
    "text/javascript",
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "application/java-archive",
    "application/vnd.android.package-archive",
}


def _extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(uploaded, size=1024):
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def check_upload(uploaded):
    """Raise a ValidationError saying what is wrong with this upload, or return it unchanged."""
    name = uploaded.name or ""
    extension = _extension(name)
    content_type = (getattr(uploaded, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type in DANGEROUS_CONTENT_TYPES:
        _refuse(
            _("“%(name)s” was sent as %(type)s: programs, scripts, web pages and SVG files cannot be uploaded."),
            "dangerous_type",
            name=name,
            type=content_type,
        )
    head = _head(uploaded)
    if head.startswith(PROGRAM_MAGIC):
        _refuse(
            _("“%(name)s” is a program, not a document: programs cannot be uploaded, whatever their name."),
            "program",
            name=name,
        )
    if extension in SIGNATURES and not head.startswith(SIGNATURES[extension]):
        _refuse(
            _("“%(name)s” is not really a .%(extension)s file; save it again in that format and upload it."),
            "wrong_content",
            name=name,
            extension=extension,
        )
    if extension in ISO_MEDIA and head[4:8] != b"ftyp":
        _refuse(
            _("“%(name)s” is not really a .%(extension)s file; save it again in that format and upload it."),
            "wrong_content",
            name=name,
            extension=extension,
        )
    if extension == "txt":
        _check_text(uploaded, name, head)
    if extension in PACKAGE_MEMBERS or extension == "zip":
        _check_package(uploaded, name, extension)
    return uploaded


def _check_text(uploaded, name, head):
    lowered = head.lower()
    if b"\x00" in head or any(marker in lowered for marker in MARKUP):
        _refuse(
            _("“%(name)s” holds web page or script code, which cannot be uploaded as a text file."),
            "markup",
            name=name,
        )


def _check_package(uploaded, name, extension):
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        members = None
    finally:
        uploaded.seek(0)
    if members is None or (extension in PACKAGE_MEMBERS and PACKAGE_MEMBERS[extension] not in members):
        _refuse(
            _("“%(name)s” is not really a .%(extension)s file; save it again in that format and upload it."),
            "wrong_content",
            name=name,
            extension=extension,
        )
    for member in members:
        parts = member.replace("\\", "/").split("/")
        if member.startswith("/") or ".." in parts or _extension(member) in PROGRAM_EXTENSIONS:
            _refuse(
                _("“%(name)s” contains “%(member)s”: archives with programs or paths outside the archive are refused."),
                "unsafe_archive",
                name=name,
                member=member,
            )
