"""Bad uploads are refused with a message in Chinese, and nothing of them is kept: no row, no file."""

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from reportlab.pdfgen import canvas
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from assessment.coverage import check_evidence_upload
from campaign import uploads

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program cannot be run"
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
MB = 1024 * 1024


def _zeros_zip(megabytes, name="zeros.bin", extra=None):
    """An archive of ``megabytes`` of zeros, written in chunks: a few hundred bytes per megabyte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member, content in (extra or {}).items():
            archive.writestr(member, content)
        with archive.open(name, "w") as member:
            for _chunk in range(megabytes):
                member.write(bytes(MB))
    return buffer.getvalue()


def _claiming(archive, unpacked_size):
    """The archive with its central directory claiming ``unpacked_size`` for its first member (a lying header)."""
    at = archive.index(b"PK\x01\x02") + 24
    return archive[:at] + struct.pack("<I", unpacked_size) + archive[at + 4 :]


def _pdf(*objects, tail=b""):
    """A PDF with these objects numbered from 1, a trailer, and ``tail`` after its end."""
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    for number, content in enumerate(objects, 1):
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    return body + b"trailer << /Root 1 0 R >>\n%%EOF\n" + tail


def _object_stream(*dictionaries):
    """A compressed object stream, where PDF 1.5 and later keep their dictionaries."""
    objects = b" ".join(dictionaries)
    compressed = zlib.compress(objects)
    header = b"<< /Type /ObjStm /N %d /First 0 /Filter /FlateDecode /Length %d >>" % (
        len(dictionaries),
        len(compressed),
    )
    return header + b"\nstream\n" + compressed + b"\nendstream"


def _printed_pdf():
    """A PDF as a real producer writes it (reportlab), whose text and links mention scripts and web pages."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=1)
    page.drawString(100, 700, "JavaScript: <html> <script> /JS /Launch")
    page.linkURL("https://www.mwr.gov.cn/", (100, 600, 200, 620))
    page.showPage()
    page.save()
    return buffer.getvalue()


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def _png(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _decompression_bomb(side=50_000):
    """A few kilobytes that claim 2.5 billion pixels: a header Pillow would have to inflate to gigabytes."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (side + 1) * 16, 9)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")


def _media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def nothing_stored(settings):
    """Asserts, after the test, that no document or image row and no file under MEDIA_ROOT was added."""
    before = _media_files(settings), get_document_model().objects.count(), get_image_model().objects.count()
    yield
    after = _media_files(settings), get_document_model().objects.count(), get_image_model().objects.count()
    assert after[0] - before[0] == set(), "no file was written"
    assert after[1:] == before[1:], "no row was written"


def _multipart(field, filename, content, content_type):
    """A request body with the file name exactly as a client sent it (the test client would clean it first)."""
    boundary = "----jieshui-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode() + content
    body += f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload_document(client, name, content, content_type="application/octet-stream"):
    body, content_type_header = _multipart("files[]", name, content, content_type)
    return client.generic(
        "POST",
        "/admin/documents/multiple/add/",
        body,
        content_type=content_type_header,
        headers={"x-requested-with": "XMLHttpRequest"},
    ).json()


def upload_image(client, name, content, content_type="image/png"):
    body, content_type_header = _multipart("files[]", name, content, content_type)
    return client.generic(
        "POST",
        "/admin/images/multiple/add/",
        body,
        content_type=content_type_header,
        headers={"x-requested-with": "XMLHttpRequest"},
    ).json()


def assert_refused(result, *words):
    assert result["success"] is False
    message = result["error_message"]
    assert CHINESE.search(message), message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize(
    "name, content, content_type, words",
    [
        ("tool.exe", EXECUTABLE, "application/x-msdownload", ["exe"]),
        ("通知.pdf", EXECUTABLE, "application/pdf", ["程序"]),
        ("活动照片.jpg", EXECUTABLE, "image/jpeg", ["程序"]),
        ("install.txt", b"#!/bin/sh\nrm -rf /\n", "text/plain", ["程序"]),
        ("report.pdf", PDF, "application/x-msdownload", ["application/x-msdownload"]),
        ("报告.pdf", b"<html><body>not a pdf</body></html>", "application/pdf", [".pdf"]),
        ("名单.xlsx", PDF, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"]),
        ("说明.docx", _zip({"word/document.xml": "<w:document/>"}), "application/octet-stream", [".docx"]),
        ("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml", ["SVG"]),
        ("说明.txt", SVG_WITH_SCRIPT, "text/plain", ["代码"]),
        ("页面.txt", b"<!DOCTYPE html><html><script>alert(1)</script>", "text/plain", ["代码"]),
        ("材料.zip", _zip({"材料/说明.pdf": PDF, "材料/setup.exe": EXECUTABLE}), "application/zip", ["setup.exe"]),
        ("材料.zip", _zip({"../../site/config/urls.py": "x"}), "application/zip", ["urls.py"]),
        ("视频.mp4", PDF, "video/mp4", [".mp4"]),
    ],
    ids=[
        "wrong-extension",
        "executable-renamed-pdf",
        "executable-renamed-jpg",
        "script-renamed-txt",
        "executable-content-type",
        "html-renamed-pdf",
        "pdf-renamed-xlsx",
        "zip-that-is-no-docx",
        "svg-with-script",
        "svg-renamed-txt",
        "html-renamed-txt",
        "zip-with-a-program",
        "zip-with-a-climbing-path",
        "pdf-renamed-mp4",
    ],
)
def test_a_bad_document_is_refused(admin_client, nothing_stored, name, content, content_type, words):
    assert_refused(upload_document(admin_client, name, content, content_type), *words)


def test_an_oversized_document_is_refused(admin_client, nothing_stored, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024

    assert_refused(upload_document(admin_client, "大文件.pdf", PDF + b"0" * 4096, "application/pdf"))


@pytest.mark.parametrize(
    "name, content",
    [("活动方案.pdf", PDF), ("总结.docx", DOCX), ("签到表.txt", "序号 姓名\n1 张三\n".encode())],
)
def test_a_real_document_is_kept(admin_client, settings, name, content):
    result = upload_document(admin_client, name, content)

    assert result["success"] is True, result
    document = get_document_model().objects.get()
    assert Path(document.file.path).read_bytes() == content


@pytest.mark.parametrize(
    "sent_name, stored_name",
    [
        ("../../../site/config/evil.pdf", "evil.pdf"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("/etc/cron.d/evil.pdf", "evil.pdf"),
        ("ev\x07il\x1b.pdf", "evil.pdf"),
    ],
    ids=["dot-dot-slash", "backslashes", "absolute", "control-characters"],
)
def test_a_document_name_with_path_segments_or_control_characters_stays_inside_media(
    admin_client, settings, sent_name, stored_name
):
    """Django's parser keeps only the last segment and printable characters, before any of our code runs."""
    result = upload_document(admin_client, sent_name, PDF, "application/pdf")

    assert result["success"] is True, result
    stored = Path(get_document_model().objects.get().file.path).resolve()
    assert stored.parent == (Path(settings.MEDIA_ROOT) / "documents").resolve()
    assert re.fullmatch(stored_name.replace(".", r"(_\w{7})?\."), stored.name), "the name, or it with a free suffix"


def test_a_decompression_bomb_image_is_refused_from_its_header(admin_client, nothing_stored):
    bomb = _decompression_bomb()
    assert len(bomb) < 100_000

    assert_refused(upload_image(admin_client, "bomb.png", bomb), "像素")


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
        ("logo.png", SVG_WITH_SCRIPT, "image/png"),
        ("photo.jpg", EXECUTABLE, "image/jpeg"),
        ("photo.jpg", _png(32, 32), "image/jpeg"),
    ],
    ids=["svg", "svg-renamed-png", "executable-renamed-jpg", "png-renamed-jpg"],
)
def test_a_bad_image_is_refused_and_nothing_is_kept(admin_client, nothing_stored, name, content, content_type):
    assert_refused(upload_image(admin_client, name, content, content_type))


def test_an_image_name_with_path_segments_stays_inside_media(admin_client, settings):
    result = upload_image(admin_client, "../../..\\evil\x00.png", _png(32, 32))

    assert result["success"] is True, result
    stored = Path(get_image_model().objects.get().file.path).resolve()
    assert stored.parent == (Path(settings.MEDIA_ROOT) / "original_images").resolve()
    assert re.fullmatch(r"evil(_\w{7})?\.png", stored.name)


@pytest.mark.parametrize(
    "name, content",
    [("截图.png", EXECUTABLE), ("报道.pdf", b"<html>not a pdf</html>"), ("截图.png", b"just text")],
)
def test_coverage_evidence_looks_inside_the_file_too(name, content):
    with pytest.raises(ValidationError) as refused:
        check_evidence_upload(SimpleUploadedFile(name, content))

    assert CHINESE.search(" ".join(refused.value.message_dict["evidence"]))


def test_a_zip_of_200_mb_of_zeros_is_refused_from_its_directory(admin_client, nothing_stored):
    bomb = _zeros_zip(200)
    assert len(bomb) < 210_000

    assert_refused(upload_document(admin_client, "材料.zip", bomb, "application/zip"), "200 MB", "倍")


def test_an_office_file_holding_an_inflated_part_is_refused(admin_client, nothing_stored):
    bomb = _zeros_zip(20, "word/media/image1.png", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})

    assert_refused(upload_document(admin_client, "总结.docx", bomb), "总结.docx", "20 MB", "WPS")


def test_an_archive_whose_directory_claims_more_than_the_limit_is_refused(admin_client, nothing_stored):
    lying = _claiming(_zip({"照片.jpg": b"\xff\xd8\xff" + bytes(1000)}), 2 * 1024 * MB)

    assert_refused(upload_document(admin_client, "照片.zip", lying, "application/zip"), "2048 MB", "1024 MB")


@pytest.mark.parametrize(
    "name, content",
    [
        ("照片.zip", _zip({f"照片{n}.jpg": b"\xff\xd8\xff" + bytes(range(256)) * 4000 for n in range(3)})),
        ("签到表.xlsx", _zeros_zip(5, "xl/worksheets/sheet1.xml", {"[Content_Types].xml": "<Types/>"})),
    ],
    ids=["archive-of-photos", "small-repetitive-sheet"],
)
def test_an_archive_that_unpacks_to_a_modest_size_is_kept(admin_client, name, content):
    result = upload_document(admin_client, name, content)

    assert result["success"] is True, result
    assert Path(get_document_model().objects.get().file.path).read_bytes() == content


@pytest.mark.parametrize(
    "content, words",
    [
        (PDF + b"<html><body><script>alert(1)</script></body></html>", ["网页代码", "<html>"]),
        (_pdf(CATALOG, tail=b"<!DOCTYPE html><p>hello"), ["<!DOCTYPE html"]),
        (_pdf(CATALOG, b"<< /Type /Annot /A << /S /URI /URI (javascript:alert(1)) >> >>"), ["javascript:"]),
        (_pdf(b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"), ["JavaScript", "打印"]),
        (
            _pdf(b"<< /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 <6170702e616c657274283129> >> >>"),
            ["JavaScript"],
        ),
        (_pdf(CATALOG, b"<< /Type /Action /S /Launch /F (cmd.exe) >>"), ["Launch"]),
        (_pdf(CATALOG, b"<< /S /URI /URI <6a617661534352495054 3a616c657274283129> >>"), ["javascript:"]),
        (_pdf(CATALOG, b"<< /S /URI /URI (\\152ava\\\nscript:alert\\(1\\)) >>"), ["javascript:"]),
        (_pdf(CATALOG, _object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")), ["JavaScript"]),
    ],
    ids=[
        "html-after-the-header",
        "html-after-the-end",
        "javascript-link",
        "javascript-open-action",
        "hex-escaped-names",
        "launch-action",
        "hex-string-javascript-link",
        "escaped-string-javascript-link",
        "action-in-a-compressed-object-stream",
    ],
)
def test_a_pdf_with_web_page_code_or_an_action_that_runs_code_is_refused(admin_client, nothing_stored, content, words):
    assert_refused(upload_document(admin_client, "活动报道.pdf", content, "application/pdf"), "活动报道.pdf", *words)


def test_a_pdf_whose_object_streams_unpack_past_the_budget_is_refused(admin_client, nothing_stored, monkeypatch):
    monkeypatch.setattr(uploads, "PDF_MAX_UNPACKED_OBJECT_BYTES", 1 * MB)
    inflated = _object_stream(b"<< /Type /Font >>" + b" " * 2 * MB)

    assert_refused(upload_document(admin_client, "报道.pdf", _pdf(CATALOG, inflated), "application/pdf"), "1 MB")


@pytest.mark.parametrize(
    "content",
    [
        _printed_pdf(),
        _pdf(CATALOG, b"<< /Length 40 >>\nstream\n\x00/JS /JavaScript /Launch \xff\x00\nendstream"),
        _pdf(CATALOG, b"<< /Title (How /JS and JavaScript work) /URI (https://www.mwr.gov.cn/) >>"),
        _pdf(CATALOG, _object_stream(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")),
    ],
    ids=["printed-by-a-real-producer", "names-inside-binary-stream-data", "words-inside-strings", "object-stream"],
)
def test_a_pdf_that_only_mentions_scripts_or_holds_such_bytes_in_its_data_is_kept(admin_client, content):
    result = upload_document(admin_client, "活动报道.pdf", content, "application/pdf")

    assert result["success"] is True, result
    assert Path(get_document_model().objects.get().file.path).read_bytes() == content
