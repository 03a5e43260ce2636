"""The organizers' indicators per jurisdiction: figures from the review's own data set, scope and export."""

import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from assessment.awards import nominate
from assessment.indicators import organizer_indicators
from assessment.models import SummaryMaterial
from assessment.views.indicators import FIGURES
from showcase.models import ShortLink, ShowcaseItemPage, ShowcaseItemSector
from showcase.review.report import review_figures
from tests.factories import AwardCategoryFactory, SectorFactory, SummaryMaterialFactory, UnitFactory
from tests.showcase.test_review_report import reviewed, reviewers  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
REPORT_URL = "/admin/reports/organizers-indicators/"


@pytest.fixture
def indicators(reviewed, campaign, hebei):  # noqa: F811
    """The review report's data set, plus a sector, views, an idle unit and 河北's summary materials."""
    ShowcaseItemSector.objects.create(
        content_object_id=reviewed["a1"].pk, tag=SectorFactory(name="教育", slug="education")
    )
    ShowcaseItemPage.objects.filter(pk=reviewed["a1"].pk).update(view_count=7)
    ShortLink.objects.create(page=reviewed["a1"], code="share1", opens=30)
    UnitFactory(jurisdiction=hebei.jurisdiction, name="尚未填报的单位")
    on_time = SummaryMaterialFactory(campaign=campaign, jurisdiction=hebei.jurisdiction)
    late = SummaryMaterialFactory(campaign=campaign, jurisdiction=hebei.jurisdiction)
    deadline = datetime.datetime.combine(campaign.summary_deadline, datetime.time(12))
    SummaryMaterial.objects.filter(pk=on_time.pk).update(uploaded_at=timezone.make_aware(deadline))
    SummaryMaterial.objects.filter(pk=late.pk).update(
        uploaded_at=timezone.make_aware(deadline + datetime.timedelta(days=1))
    )
    return reviewed


def test_figures_per_jurisdiction_agree_with_the_review_report(indicators, campaign):
    rows = {row.jurisdiction_name: row for row in organizer_indicators(campaign)}
    hebei, shanxi = rows["河北省水利厅"], rows["山西省水利厅"]
    assert (hebei.units_in_directory, hebei.units_filed, hebei.items_filed) == (7, 6, 6)
    assert (hebei.activities_published, hebei.sectors_covered, hebei.views, hebei.short_link_opens) == (2, 1, 7, 30)
    assert (hebei.rated_a_plus, hebei.rated_a, hebei.rated_b) == (1, 0, 1)
    assert hebei.videos_of_quota == "0/20"
    assert (hebei.summary_materials_on_time, hebei.summary_materials_late) == (1, 1)
    assert (shanxi.activities_published, shanxi.summary_materials_on_time) == (1, 0)
    for review in review_figures(campaign=campaign):
        row = rows[review.jurisdiction.name]
        assert (row.median_jurisdiction_hours, row.median_final_hours) == (
            review.median_jurisdiction_hours,
            review.median_final_hours,
        )
        assert (row.rated_a_plus, row.rated_a, row.rated_b) == (review.rated_a_plus, review.rated_a, review.rated_b)


def test_the_figures_take_a_bounded_number_of_queries(indicators, campaign):
    with CaptureQueriesContext(connection) as queries:
        organizer_indicators(campaign)
    assert len(queries) <= 16


def test_xlsx_export_for_who_may_read_the_review_report(client, indicators, reviewers):  # noqa: F811
    client.force_login(reviewers["editor"])
    assert client.get(REPORT_URL).status_code == 200
    response = client.get(REPORT_URL, {"export": "xlsx"})
    assert response["Content-Disposition"].startswith('attachment; filename="organizers-indicators-')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    with translation.override(settings.LANGUAGE_CODE):
        assert sheet.cell(row=1, column=3).value == str(dict(FIGURES)["units_filed"])
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["河北省水利厅"][1:4] == (7, 6, 6)
    assert REPORT_URL in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["hebei_moderator", "submitter"])
def test_moderators_and_submitters_are_refused(client, indicators, reviewers, who):  # noqa: F811
    client.force_login(reviewers[who])
    for params in ({}, {"export": "xlsx"}):
        response = client.get(REPORT_URL, params)
        assert response.status_code in (302, 403)
        assert "河北省水利厅" not in response.content.decode()
    assert REPORT_URL not in client.get("/admin/").content.decode()


def test_an_organizing_unit_nomination_shows_its_jurisdictions_indicators(
    client,
    indicators,
    reviewers,  # noqa: F811
    campaign,
    hebei,
):
    office = UnitFactory(jurisdiction=hebei.jurisdiction, name="河北省水利厅办公室")
    category = AwardCategoryFactory(campaign=campaign, kind="organizing_unit", name="优秀组织单位", places=2)
    nominate(reviewers["editor"], category, unit=office)
    client.force_login(reviewers["editor"])

    with translation.override(settings.LANGUAGE_CODE):
        html = client.get(f"/admin/assessment/judging/{campaign.pk}/").content.decode()
        units_in_directory = str(dict(FIGURES)["units_in_directory"])
    indicators_html = BeautifulSoup(html, "html.parser").select_one("details.assessment-indicators")
    assert "河北省水利厅" in indicators_html.summary.get_text()
    figures = dict(
        zip(
            [dt.get_text(strip=True) for dt in indicators_html.select("dt")],
            [dd.get_text(strip=True) for dd in indicators_html.select("dd")],
            strict=True,
        )
    )
    assert figures[units_in_directory] == "8", "the same figures as the report, the office now among the units"
