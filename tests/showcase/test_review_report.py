"""The tiered review report: exact figures per jurisdiction from a data set built through the real workflow."""

import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Page, TaskState

from showcase.models import JurisdictionReviewTaskState, NationalReviewTaskState
from showcase.permissions.roles import NATIONAL_EDITORS
from showcase.review.report import review_figures
from showcase.review.report_views import FIGURES
from showcase.review.workflow import tiered_review_workflow
from tests.factories import (
    ActivityPageFactory,
    CampaignHomePageFactory,
    JurisdictionPageFactory,
    ShowcaseIndexPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHECKS = {"authenticity_checked": True, "accuracy_checked": True, "completeness_checked": True, "comment": ""}
REPORT_URL = "/admin/reports/tiered-review/"
MARCH = timezone.make_aware(datetime.datetime(2023, 3, 25, 9, 0))
APRIL = timezone.make_aware(datetime.datetime(2023, 4, 10, 9, 0))


def submit(page, user):
    """What the editor's "submit for review" does: a revision, then the tiered review workflow."""
    page.save_revision(user=user)
    tiered_review_workflow().start(page, user)
    return page


def act(page, user, action, **data):
    page = Page.objects.get(pk=page.pk).specific
    state = page.current_workflow_task_state
    state.task.specific.on_action(state.specific, user, action, **data)


def set_times(page, state_class, started_at, hours=None):
    """Move the review's clock so that durations and the date filter are known exactly."""
    states = state_class.objects.filter(workflow_state__object_id=str(page.pk))
    assert states.count() == 1
    finished_at = started_at + datetime.timedelta(hours=hours) if hours is not None else None
    TaskState.objects.filter(pk=states.get().pk).update(started_at=started_at, finished_at=finished_at)


@pytest.fixture
def reviewers(hebei, shanxi):
    return {
        "hebei_moderator": UserFactory(groups=[hebei.jurisdiction.moderators]),
        "shanxi_moderator": UserFactory(groups=[shanxi.jurisdiction.moderators]),
        "submitter": UserFactory(groups=[hebei.jurisdiction.submitters]),
        "editor": UserFactory(groups=[NATIONAL_EDITORS.group()]),
    }


@pytest.fixture
def reviewed(hebei, shanxi, reviewers):
    """河北: two published (A+ in March, B in April), one sent back, one at each level; 山西: one sent back, one A."""
    submitter, editor = reviewers["submitter"], reviewers["editor"]
    hebei_moderator, shanxi_moderator = reviewers["hebei_moderator"], reviewers["shanxi_moderator"]
    pages = {name: ActivityPageFactory(parent=hebei, live=False) for name in ("a1", "a2", "a3", "a4", "a5", "draft")}
    pages.update({name: ActivityPageFactory(parent=shanxi, live=False) for name in ("b1", "b2")})
    for name, page in pages.items():
        if name != "draft":
            submit(page, submitter)

    for name in ("a1", "a2", "a5"):
        act(pages[name], hebei_moderator, "approve", **CHECKS)
    act(pages["a3"], hebei_moderator, "reject", comment="请补充活动照片")
    act(pages["a1"], editor, "approve", rating="A+", comment="")
    act(pages["a2"], editor, "approve", rating="B", comment="")
    for name in ("b1", "b2"):
        act(pages[name], shanxi_moderator, "approve", **CHECKS)
    act(pages["b1"], editor, "reject", comment="主题不符")
    act(pages["b2"], editor, "approve", rating="A", comment="")

    set_times(pages["a1"], JurisdictionReviewTaskState, MARCH, hours=2)
    set_times(pages["a1"], NationalReviewTaskState, MARCH, hours=1)
    set_times(pages["a2"], JurisdictionReviewTaskState, APRIL, hours=4)
    set_times(pages["a2"], NationalReviewTaskState, APRIL, hours=3)
    set_times(pages["a3"], JurisdictionReviewTaskState, APRIL, hours=6)
    set_times(pages["a4"], JurisdictionReviewTaskState, APRIL)
    set_times(pages["a5"], JurisdictionReviewTaskState, APRIL, hours=10)
    set_times(pages["a5"], NationalReviewTaskState, APRIL)
    for name in ("b1", "b2"):
        set_times(pages[name], JurisdictionReviewTaskState, APRIL, hours=24)
        set_times(pages[name], NationalReviewTaskState, APRIL, hours=48)
    return pages


def _by_code(figures):
    return {row.jurisdiction.code: row for row in figures}


def _counts(row):
    return (row.submitted, row.waiting_jurisdiction, row.waiting_final, row.approved, row.rejected)


def _ratings(row):
    return (row.rated_a_plus, row.rated_a, row.rated_b)


def test_figures_per_jurisdiction(reviewed):
    rows = _by_code(review_figures())
    hebei, shanxi = rows["hebei"], rows["shanxi"]
    assert _counts(hebei) == (5, 1, 1, 2, 1)
    assert (hebei.median_jurisdiction_hours, hebei.median_final_hours) == (5.0, 2.0)
    assert _ratings(hebei) == (1, 0, 1)
    assert _counts(shanxi) == (2, 0, 0, 1, 1)
    assert (shanxi.median_jurisdiction_hours, shanxi.median_final_hours) == (24.0, 48.0)
    assert _ratings(shanxi) == (0, 1, 0)


def test_figures_take_a_bounded_number_of_queries(reviewed, campaign):
    with CaptureQueriesContext(connection) as queries:
        review_figures(campaign=campaign, date_from=datetime.date(2023, 4, 1))
    assert len(queries) <= 6


def test_date_range_counts_reviews_started_in_it(reviewed):
    april = _by_code(review_figures(date_from=datetime.date(2023, 4, 1), date_to=datetime.date(2023, 4, 30)))
    assert _counts(april["hebei"]) == (4, 1, 1, 1, 1)
    assert (april["hebei"].median_jurisdiction_hours, april["hebei"].median_final_hours) == (6.0, 3.0)
    assert _ratings(april["hebei"]) == (0, 0, 1)
    march = _by_code(review_figures(date_to=datetime.date(2023, 3, 31)))
    assert _counts(march["hebei"]) == (1, 0, 0, 1, 0)
    assert _ratings(march["hebei"]) == (1, 0, 0)
    assert _counts(march["shanxi"]) == (0, 0, 0, 0, 0)
    assert march["shanxi"].median_final_hours is None


def test_campaign_filter_keeps_each_campaigns_items_apart(reviewed, root_page, hebei, reviewers):
    later = CampaignHomePageFactory(parent=root_page, year=2024)
    later_hebei = JurisdictionPageFactory(
        parent=ShowcaseIndexPageFactory(parent=later), jurisdiction=hebei.jurisdiction
    )
    in_2024 = {"starts_on": datetime.date(2024, 3, 22), "ends_on": datetime.date(2024, 3, 28)}
    submit(ActivityPageFactory(parent=later_hebei, live=False, **in_2024), reviewers["submitter"])

    assert _counts(_by_code(review_figures())["hebei"]) == (6, 2, 1, 2, 1)
    assert _counts(_by_code(review_figures(campaign=hebei.get_parent().get_parent().specific))["hebei"]) == (
        5,
        1,
        1,
        2,
        1,
    )
    in_2024 = _by_code(review_figures(campaign=later))
    assert list(in_2024) == ["hebei"], "only jurisdictions with a page in that campaign"
    assert _counts(in_2024["hebei"]) == (1, 1, 0, 0, 0)
    assert _ratings(in_2024["hebei"]) == (0, 0, 0)


def test_report_page_lists_the_figures(client, reviewed, reviewers, campaign):
    client.force_login(reviewers["editor"])
    response = client.get(REPORT_URL, {"campaign": campaign.pk, "date_from": "2023-04-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "河北省水利厅" in html and "山西省水利厅" in html
    hebei = _by_code(response.context["object_list"])["hebei"]
    assert _counts(hebei) == (4, 1, 1, 1, 1)
    results = client.get(REPORT_URL + "results/", {"date_to": "2023-03-31"})
    assert results.status_code == 200
    assert _counts(_by_code(results.context["object_list"])["hebei"]) == (1, 0, 0, 1, 0)


def test_xlsx_export(client, reviewed, reviewers):
    client.force_login(reviewers["editor"])
    response = client.get(REPORT_URL, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tiered-review-report-')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    with translation.override(settings.LANGUAGE_CODE):
        assert sheet.cell(row=1, column=2).value == str(dict(FIGURES)["submitted"])
    assert rows["河北省水利厅"][1:] == (5, 1, 1, 2, 1, 5.0, 2.0, 1, 0, 1)
    assert rows["山西省水利厅"][1:6] == (2, 0, 0, 1, 1)
    assert rows["山西省水利厅"][6] == 24.0


def test_csv_export(client, reviewed, reviewers):
    client.force_login(reviewers["editor"])
    response = client.get(REPORT_URL, {"export": "csv", "date_to": "2023-03-31"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert any(line.startswith("河北省水利厅,1,0,0,1,0,2.0,1.0,1,0,0") for line in lines)


@pytest.mark.parametrize("who", ["hebei_moderator", "submitter"])
def test_report_is_refused_to_moderators_and_submitters(client, reviewed, reviewers, who):
    client.force_login(reviewers[who])
    for params in ({}, {"export": "xlsx"}):
        response = client.get(REPORT_URL, params)
        assert response.status_code in (302, 403)
        assert "河北省水利厅" not in response.content.decode()


def test_report_is_in_the_reports_menu_for_national_editors_only(client, reviewed, reviewers):
    client.force_login(reviewers["editor"])
    assert REPORT_URL in client.get("/admin/").content.decode()
    client.force_login(reviewers["hebei_moderator"])
    assert REPORT_URL not in client.get("/admin/").content.decode()
