"""Honour certificates: Chinese text that really renders, a verification code and a public verification page."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from assessment import judging
from assessment.awards import nominate
from assessment.certificates import certificate_pdf, issue_certificates, verification_url, verify_certificate
from assessment.models import AwardCategory, Certificate
from tests.assessment.conftest import scores
from tests.factories import ActivityPageFactory, UnitFactory

pytestmark = pytest.mark.django_db

PDFTOPPM, PDFTOTEXT = shutil.which("pdftoppm"), shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    not (PDFTOPPM and PDFTOTEXT), reason="poppler-utils (pdftoppm, pdftotext) is not installed; .ci/run installs it"
)


@pytest.fixture
def certificate(campaign, hebei_page, editor, experts):
    category = AwardCategory.objects.create(campaign=campaign, kind="activity", name="优秀活动", places=1)
    unit = UnitFactory(jurisdiction=hebei_page.jurisdiction, name="石家庄市第一中学")
    activity = ActivityPageFactory(parent=hebei_page, unit=unit, title="节水知识进校园")
    nomination = nominate(editor, category, item=activity)
    assignment = judging.assign(editor, nomination, experts[0])
    judging.score(experts[0], assignment.pk, scores(20))
    review_round = judging.close_round(editor, judging.ensure_round(campaign))
    (issued,) = issue_certificates(editor, review_round)
    return issued


def test_certificates_are_issued_only_to_winners_after_the_round_closes(campaign, editor, certificate):
    assert certificate.recipient == "石家庄市第一中学"
    assert certificate.award == "优秀活动" and certificate.citation == "节水知识进校园"
    assert issue_certificates(editor, judging.ensure_round(campaign)) == []  # never issued twice
    assert Certificate.objects.count() == 1


def test_the_verification_page_confirms_a_genuine_code(client, certificate):
    response = client.get(f"/certificates/verify/{certificate.code}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "石家庄市第一中学" in html and "优秀活动" in html and certificate.code in html
    assert verify_certificate(certificate.code.lower()) == certificate


@pytest.mark.parametrize("code", ["AAAAAAAAAAAA", "not-a-code", "0" * 12])
def test_an_unknown_code_is_not_confirmed(client, certificate, code):
    response = client.get(f"/certificates/verify/{code}")
    assert response.status_code == 404
    assert "石家庄市第一中学" not in response.content.decode()


def test_the_pdf_is_served_publicly(client, certificate):
    response = client.get(f"/certificates/{certificate.code}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _rendering_refused(*args, **kwargs):
    raise AssertionError("the kept PDF is served; nothing is rendered again")


def test_issuing_renders_each_certificate_in_the_background_and_downloads_read_the_kept_file(
    client, campaign, hebei_page, editor, experts, django_capture_on_commit_callbacks, monkeypatch
):
    category = AwardCategory.objects.create(campaign=campaign, kind="activity", name="优秀活动", places=1)
    nomination = nominate(editor, category, item=ActivityPageFactory(parent=hebei_page, title="节水知识进校园"))
    judging.score(experts[0], judging.assign(editor, nomination, experts[0]).pk, scores(20))
    review_round = judging.close_round(editor, judging.ensure_round(campaign))
    with django_capture_on_commit_callbacks(execute=True):
        (issued,) = issue_certificates(editor, review_round)
    issued.refresh_from_db()
    assert issued.pdf.name == f"certificates/{issued.code}.pdf"
    with issued.pdf.open("rb") as stored:
        kept = stored.read()

    monkeypatch.setattr("assessment.certificates.render_certificate", _rendering_refused)
    response = client.get(f"/certificates/{issued.code}.pdf")
    assert response.content == kept
    assert kept.startswith(b"%PDF")


def test_a_download_before_the_worker_got_to_it_renders_once_and_keeps_it(client, certificate, monkeypatch):
    assert not certificate.pdf, "issued in a transaction that never commits: no task ran"
    first = client.get(f"/certificates/{certificate.code}.pdf").content
    certificate.refresh_from_db()
    assert certificate.pdf

    monkeypatch.setattr("assessment.certificates.render_certificate", _rendering_refused)
    assert client.get(f"/certificates/{certificate.code}.pdf").content == first


def test_the_printed_verification_address_is_on_the_campaigns_own_site(certificate):
    site_root = certificate.nomination.category.campaign.get_site().root_url
    assert verification_url(certificate) == f"{site_root}/certificates/verify/{certificate.code}"


def _dark_share(image, box):
    region = image.crop(box).convert("L")
    histogram = region.histogram()
    return sum(histogram[:128]) / (region.width * region.height)


@needs_poppler
def test_the_pdf_renders_its_chinese_text(certificate):
    pdf = certificate_pdf(certificate)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        text = subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True, check=True, text=True).stdout
        subprocess.run([PDFTOPPM, "-r", "40", "-png", "-singlefile", str(path), str(Path(folder) / "page")], check=True)
        image = Image.open(Path(folder) / "page.png")
        image.load()
    assert "荣誉证书" in text
    assert "石家庄市第一中学" in text and "优秀活动" in text
    assert certificate.code in text and "/certificates/verify/" in text
    width, height = image.size
    # The title band (荣誉证书, centred near the top) has ink; a blank band of the margin has none.
    title = _dark_share(image, (int(width * 0.3), int(height * 0.12), int(width * 0.7), int(height * 0.25)))
    blank = _dark_share(image, (int(width * 0.3), int(height * 0.70), int(width * 0.7), int(height * 0.74)))
    assert title > 0.05, title
    assert blank == 0
    # The QR code in the lower left is dense with dark modules.
    qr = _dark_share(image, (int(width * 0.09), int(height * 0.66), int(width * 0.2), int(height * 0.82)))
    assert qr > 0.3, qr


def test_without_a_truetype_cjk_font_the_certificate_uses_the_built_in_cid_font(certificate, monkeypatch, settings):
    """A fresh machine without fonts-wqy-zenhei still issues certificates, with a font the viewer supplies."""
    from assessment import certificate_pdf as drawing

    monkeypatch.setattr(drawing, "TRUETYPE_CANDIDATES", ())
    settings.ASSESSMENT_CERTIFICATE_FONT = ""
    drawing.certificate_font.cache_clear()
    try:
        pdf = certificate_pdf(certificate)
    finally:
        drawing.certificate_font.cache_clear()
    assert b"/STSong-Light" in pdf and b"FontFile2" not in pdf
    assert pdf.startswith(b"%PDF")


def test_with_the_truetype_font_the_glyphs_are_embedded(certificate):
    from assessment import certificate_pdf as drawing

    if drawing.certificate_font() != drawing.EMBEDDED_FONT:
        pytest.skip("no TrueType CJK font installed (fonts-wqy-zenhei); .ci/run installs it")
    assert b"FontFile2" in certificate_pdf(certificate)


def test_the_api_verifies_a_genuine_code_and_refuses_an_unknown_one(client, certificate):
    genuine = client.get(f"/api/v3/certificates/{certificate.code.lower()}/")
    unknown = client.get("/api/v3/certificates/ZZZZZZZZZZ/")
    assert genuine.status_code == 200
    assert genuine.json()["recipient"] == certificate.recipient
    assert genuine.json()["pdf_url"].endswith(f"/certificates/{certificate.code}.pdf")
    assert unknown.status_code == 404
    assert "ZZZZZZZZZZ" in unknown.json()["detail"]
