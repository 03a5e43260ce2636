"""Checks on what an uploaded file really is, before Wagtail stores it.

Wagtail checks a document's extension (``WAGTAILDOCS_EXTENSIONS``) and size,
and opens images to check their format and pixel count. Neither looks inside
a document: an executable renamed ``通知.pdf`` or a web page renamed
``说明.txt`` would be stored and served. Here every document's first bytes
must match its extension, programs and scripts are refused whatever they are
called, office files must be the zip packages they claim to be, and a zip
may not carry programs or paths that climb out of its folder.

Archives (zip and the office packages built on zip) are measured from their
central directory, without unpacking anything: what every member unpacks to
in total, and how many times the archive's own size that is. A decompression
bomb (a few hundred kilobytes of zeros that unpack to gigabytes) is refused.
Nothing of ours unpacks a stored document; where we do read an archive's
contents (the liaison import's workbook), each member is first inflated here
in small steps and refused the moment it outgrows the size the directory
states, since a reader that takes a member whole inflates all its data at once.

PDFs are refused when they carry web page code (a PDF that a browser could
also read as a page) or an action that runs a script or a program when the
file is opened. Campaign evidence and summary materials are scans and exports
from Word or WPS, which hold neither; only the PDF's own syntax is searched for
the actions (names such as ``/JS``, never bytes inside compressed data, where
three letters occur by chance), including the compressed object streams where
modern PDFs keep their dictionaries, which are inflated up to a fixed budget.

Django's upload parser has already cut the file name to its last path
segment and dropped control characters, so no name reaching this module can
point outside ``MEDIA_ROOT``.
"""

import contextlib
import mmap
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

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


# An archive may unpack to at most this much in all: twice the largest document Wagtail accepts.
ARCHIVE_MAX_UNPACKED_BYTES = 1024**3
# Office files unpack to 2-20 times their size; zeros and repeated junk to 1,000. Below 10 MB unpacked the ratio
# harms nobody, so it is not held against small files of unusual content.
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_FLOOR_BYTES = 10 * 1024**2
MB = 1024**2
# A zip member's local header: signature, versions, flags, method, time, CRC, sizes, then two name lengths.
LOCAL_HEADER_SIZE = 30
INFLATE_STEP = 64 * 1024

# Web page code anywhere in a PDF, which a browser reading the file as a page would run. Each marker ends in
# the character a tag or a scheme needs, so that binary image data matches it by chance in under one file in
# a thousand of the largest size accepted.
PDF_MARKUP = re.compile(rb"(?i)<html[\s>]|<script[\s>]|<!doctype\s+html|<iframe[\s>]|javascript:")
# PDF names of the actions that run something when the file is opened or a link is followed.
PDF_ACTIONS = {b"JavaScript": "JavaScript", b"JS": "JavaScript", b"Launch": "Launch"}
# Compressed object streams hold a few kilobytes of dictionaries each; a PDF whose ones unpack to more is refused.
PDF_MAX_UNPACKED_OBJECT_BYTES = 64 * MB
PDF_TOKEN = re.compile(
    rb"(?P<space>[\x00\t\n\x0c\r ]+)|(?P<comment>%[^\r\n]*)|(?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)"
    rb"|(?P<dictionary><<|>>)|(?P<hex><[^<>]*>)|(?P<string>\()|(?P<word>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+|.)",
    re.DOTALL,
)
PDF_STRING_PARTS = re.compile(rb"\\(?:[0-7]{1,3}|\r\n|.)|[()]", re.DOTALL)
PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\n": b"", b"\r": b""}


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
    if extension == "pdf":
        _check_pdf(uploaded, name)
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
            unpacked = _declared_size(archive)
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
    _check_unpacked_size(name, unpacked, uploaded.size)


def check_archive_expansion(file, name, size):
    """Refuse an archive that would unpack to too much, before a reader of its contents (openpyxl) unpacks it.

    Besides the directory's sizes, every member is inflated here 64 KB at a
    time and refused once it outgrows what the directory declares for it: a
    reader that takes a member whole (zipfile's ``read()``) inflates all of its
    compressed data in one step, up to a thousand times its size, however
    little the directory declares. A file that is not a zip is left alone:
    saying what it really is, is the reader's job.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            unpacked = _declared_size(archive)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    _check_unpacked_size(name, unpacked, size)
    if not all(_inflates_as_declared(file, member) for member in members):
        _refuse(
            _(
                "“%(name)s” unpacks to more than its own table of contents says, which only a damaged or "
                "deliberately altered file does. Save it again from the original files (a document or workbook "
                "from Office or WPS) and upload it."
            ),
            "archive_understated",
            name=name,
        )


def _declared_size(archive):
    return sum(member.file_size for member in archive.infolist())


def _inflates_as_declared(file, member):
    """Whether the member's data inflates to no more than its declared size, found without holding more than 64 KB.

    Stored data is its own size; encrypted or damaged data no reader unpacks,
    and other methods than deflate are not what office programs write.
    """
    if member.compress_type == zipfile.ZIP_STORED or member.flag_bits & 0x1:
        return True
    if member.compress_type != zipfile.ZIP_DEFLATED:
        return False
    file.seek(member.header_offset)
    header = file.read(LOCAL_HEADER_SIZE)
    if len(header) < LOCAL_HEADER_SIZE or not header.startswith(b"PK\x03\x04"):
        return True
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    file.seek(member.header_offset + LOCAL_HEADER_SIZE + name_length + extra_length)
    inflater, produced, left = zlib.decompressobj(-zlib.MAX_WBITS), 0, member.compress_size
    while left > 0 and not inflater.eof:
        pending = file.read(min(INFLATE_STEP, left))
        if not pending:
            break
        left -= len(pending)
        while pending and not inflater.eof:
            try:
                produced += len(inflater.decompress(pending, INFLATE_STEP))
            except zlib.error:
                return True
            if produced > member.file_size:
                return False
            pending = inflater.unconsumed_tail
    return True


def _check_unpacked_size(name, unpacked, packed):
    if unpacked > ARCHIVE_MAX_UNPACKED_BYTES:
        _refuse(
            _(
                "“%(name)s” would unpack to %(size)s MB, more than the %(limit)s MB an archive may hold. "
                "Split it into smaller archives, or upload the files one by one."
            ),
            "archive_too_large",
            name=name,
            size=unpacked // MB,
            limit=ARCHIVE_MAX_UNPACKED_BYTES // MB,
        )
    if unpacked > ARCHIVE_RATIO_FLOOR_BYTES and unpacked > ARCHIVE_MAX_RATIO * max(packed, 1):
        _refuse(
            _(
                "“%(name)s” would unpack to %(size)s MB, %(ratio)s times its own size: only a damaged or "
                "deliberately inflated file does that (the limit is %(limit)s times). Save it again from the "
                "original files (a document or workbook from Office or WPS) and upload it."
            ),
            "archive_ratio",
            name=name,
            size=unpacked // MB,
            ratio=unpacked // max(packed, 1),
            limit=ARCHIVE_MAX_RATIO,
        )


@contextlib.contextmanager
def _contents(uploaded):
    """The upload's bytes: mapped from its temporary file when it has one, so a large PDF is not copied into memory."""
    uploaded.seek(0)
    try:
        mapped = mmap.mmap(uploaded.fileno(), 0, access=mmap.ACCESS_READ)
    except (AttributeError, OSError, ValueError):  # kept in memory, or empty
        mapped = None
    try:
        if mapped is None:
            yield uploaded.read()
        else:
            with mapped:
                yield mapped
    finally:
        uploaded.seek(0)


PDF_REFUSALS = {
    "pdf_markup": _(
        "“%(name)s” holds web page code (%(detail)s) after its PDF header, which a real PDF does not. "
        "Print the original document to PDF again and upload that file."
    ),
    "pdf_action": _(
        "“%(name)s” contains a %(detail)s action, which runs a script or a program when the file is opened. "
        "Evidence does not need one: print the document to PDF again (printing drops such actions) and "
        "upload that file."
    ),
    "pdf_too_large": _(
        "“%(name)s” has internal parts that unpack to more than %(limit)s MB, which only a damaged or "
        "deliberately inflated PDF does. Print the original document to PDF again and upload that file."
    ),
}


@dataclass(frozen=True)
class _Finding:
    code: str
    detail: str = ""


@dataclass
class _Budget:
    """Bytes the object streams of one PDF may still unpack to."""

    remaining: int


def _check_pdf(uploaded, name):
    with _contents(uploaded) as data:
        finding = _pdf_markup(data) or _pdf_syntax(data, _Budget(PDF_MAX_UNPACKED_OBJECT_BYTES))
    if finding is not None:
        _refuse(
            PDF_REFUSALS[finding.code],
            finding.code,
            name=name,
            detail=finding.detail,
            limit=PDF_MAX_UNPACKED_OBJECT_BYTES // MB,
        )


def _pdf_markup(data):
    match = PDF_MARKUP.search(data)
    return _Finding("pdf_markup", match.group().decode("ascii", "replace").strip()) if match else None


def _pdf_syntax(data, budget):
    """The first script or launch action, or ``javascript:`` link, in the PDF's syntax outside stream data.

    Compressed object streams are inflated, never past the budget whatever
    their dictionaries claim, and walked the same way. A stream that does not
    inflate (an encrypted PDF's) is skipped: it cannot be read without the password.
    """
    position, names_since_object = 0, []
    while position < len(data):
        token = PDF_TOKEN.match(data, position)
        kind, value, position = token.lastgroup, token.group(), token.end()
        if kind == "name":
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda escape: bytes.fromhex(escape.group(1).decode()), value[1:])
            if name in PDF_ACTIONS:
                return _Finding("pdf_action", PDF_ACTIONS[name])
            names_since_object.append(name)
        elif kind in ("string", "hex"):
            text, position = _pdf_string(data, position) if kind == "string" else (_pdf_hex(value), position)
            if text.startswith(b"\xfe\xff"):
                text = text[2:].decode("utf-16-be", "replace").encode()
            if b"javascript:" in text.lower():
                return _Finding("pdf_markup", "javascript:")
        elif value == b"obj":
            names_since_object = []
        elif value == b"stream":
            start = position + (2 if data[position : position + 2] == b"\r\n" else 1)
            end = data.find(b"endstream", start)
            position = len(data) if end < 0 else end + len(b"endstream")
            if b"ObjStm" in names_since_object and b"FlateDecode" in names_since_object:
                finding = _pdf_object_stream(data[start : len(data) if end < 0 else end], budget)
                if finding is not None:
                    return finding
    return None


def _pdf_object_stream(compressed, budget):
    try:
        objects = zlib.decompressobj().decompress(compressed, budget.remaining + 1)
    except zlib.error:
        return None
    if len(objects) > budget.remaining:
        return _Finding("pdf_too_large")
    budget.remaining -= len(objects)
    return _pdf_markup(objects) or _pdf_syntax(objects, budget)


def _pdf_string(data, position):
    """A literal string's bytes with its escapes resolved, and the position after it (strings nest parentheses)."""
    depth, start, parts = 1, position, []
    for part in PDF_STRING_PARTS.finditer(data, position):
        piece = part.group()
        parts.append(data[start : part.start()])
        start = part.end()
        if piece == b"(":
            depth += 1
            parts.append(piece)
        elif piece == b")":
            depth -= 1
            if depth == 0:
                return b"".join(parts), part.end()
            parts.append(piece)
        elif piece[1:2].isdigit():
            parts.append(bytes([int(piece[1:], 8) & 0xFF]))
        else:
            parts.append(PDF_ESCAPES.get(piece[1:], piece[1:]))
    return b"".join([*parts, data[start:]]), len(data)


def _pdf_hex(value):
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", value)
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
