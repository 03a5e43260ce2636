"""Recording, verifying and rejecting coverage; duplicates and bad input are refused with nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Revision, WorkflowState

from assessment.coverage import record_coverage, reject_record, rejection_reason, verify_record
from assessment.models import AssessmentPeriod, CoverageRecord
from assessment.points import compute_points_table
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _data(period, unit, tier, **overrides):
    data = {
        "period": period,
        "unit": unit,
        "tier": tier,
        "outlet": "舟山日报",
        "headline": "定海区美丽河湖建设见闻",
        "published_on": datetime.date(2022, 3, 22),
        "url": "https://news.example.cn/a.html",
    }
    data.update(overrides)
    return data


def test_an_officer_records_coverage_that_waits_for_the_assessor(period, bodies, officers, tiers):
    record = record_coverage(
        officers["dinghai"],
        **_data(period, bodies["dinghai"], tiers[8]),
        evidence_file=SimpleUploadedFile("shot.png", PNG),
    )
    assert record.live is False and record.points is None
    assert record.recorded_by == officers["dinghai"]
    assert record.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert record.evidence.collection.get_view_restrictions().exists()
    assert compute_points_table(period).rows[0].total == Decimal("0.00")


def test_verifying_publishes_the_record_and_freezes_the_tiers_points(period, bodies, officers, assessor, tiers):
    record = record_coverage(officers["dinghai"], **_data(period, bodies["dinghai"], tiers[8]))
    verified = verify_record(record, assessor)
    assert verified.live is True
    assert verified.points == Decimal("0.50")
    assert verified.verified_by == assessor and verified.verified_at is not None
    assert verified.recorded_by == officers["dinghai"]

    tiers[8].points = Decimal("0.80")
    tiers[8].save()
    assert CoverageRecord.objects.get(pk=record.pk).points == Decimal("0.50")
    row = next(row for row in compute_points_table(period).rows if row.unit_id == bodies["dinghai"].pk)
    assert row.total == Decimal("0.50")


def test_a_record_verified_after_the_tier_changed_gets_the_new_value(period, bodies, assessor, tiers, record):
    record(bodies["dinghai"], 8)
    tiers[8].points = Decimal("0.80")
    tiers[8].save()
    record(bodies["dinghai"], 8)
    assert sorted(CoverageRecord.objects.values_list("points", flat=True)) == [Decimal("0.50"), Decimal("0.80")]
    assert compute_points_table(period).rows[0].total == Decimal("1.30")


def test_rejection_needs_a_reason_and_returns_the_record_with_it(period, bodies, officers, assessor, tiers):
    record = record_coverage(officers["dinghai"], **_data(period, bodies["dinghai"], tiers[8]))
    with pytest.raises(ValidationError):
        reject_record(record, assessor, "   ")
    assert record.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    rejected = reject_record(record, assessor, "截图未显示刊发日期")
    assert rejected.live is False and rejected.points is None
    assert rejected.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert rejection_reason(rejected) == "截图未显示刊发日期"
    with translation.override("en"):
        assert str(rejected.status_label()) == "Returned with a reason"
    assert all(row.total == 0 for row in compute_points_table(period).rows)


def test_officers_cannot_verify_and_cannot_record_for_another_body(period, bodies, officers, tiers):
    record = record_coverage(officers["dinghai"], **_data(period, bodies["dinghai"], tiers[8]))
    with pytest.raises(PermissionDenied):
        verify_record(record, officers["dinghai"])
    with pytest.raises(PermissionDenied):
        record_coverage(officers["dinghai"], **_data(period, bodies["putuo"], tiers[8], url="https://x.example.cn/b"))
    assert CoverageRecord.objects.filter(live=True).count() == 0
    assert CoverageRecord.objects.count() == 1


def _refused(user, data, field=None, **extra):
    records, documents, revisions = (
        CoverageRecord.objects.count(),
        get_document_model().objects.count(),
        Revision.objects.count(),
    )
    with pytest.raises(ValidationError) as error:
        record_coverage(user, **data, **extra)
    assert CoverageRecord.objects.count() == records
    assert get_document_model().objects.count() == documents
    assert Revision.objects.count() == revisions
    messages = error.value.message_dict.get(field, []) if field else error.value.messages
    assert messages, error.value
    return " ".join(messages)


def test_the_same_link_twice_is_refused_naming_the_existing_record(period, bodies, officers, tiers, record):
    first = record(bodies["dinghai"], 8, url="https://news.example.cn/story.html", headline="舟山治水纪实")
    message = _refused(
        officers["putuo"],
        _data(period, bodies["putuo"], tiers[7], url="https://news.example.cn/story.html", headline="另一个标题"),
    )
    assert str(first.pk) in message and "舟山治水纪实" in message


def test_the_same_outlet_date_and_headline_is_refused_even_without_a_link(period, bodies, officers, tiers, record):
    first = record(
        bodies["dinghai"],
        8,
        url="",
        headline="岱山海岛供水保障",
        outlet="舟山晚报",
        published_on=datetime.date(2022, 3, 22),
    )
    message = _refused(
        officers["dinghai"],
        _data(period, bodies["dinghai"], tiers[8], url="", headline="岱山海岛供水保障", outlet="舟山晚报"),
    )
    assert str(first.pk) in message and "舟山晚报" in message


def test_a_date_outside_the_period_is_refused(period, bodies, officers, tiers):
    message = _refused(
        officers["dinghai"],
        _data(period, bodies["dinghai"], tiers[8], published_on=datetime.date(2021, 12, 31)),
        "published_on",
    )
    assert "2022-01-01" in message and "2022-12-31" in message


def test_a_body_not_in_the_period_is_refused(period, zhejiang, assessor, tiers):
    outsider = UnitFactory(name="嵊泗县治水办", jurisdiction=zhejiang)
    message = _refused(assessor, _data(period, outsider, tiers[8]), "unit")
    assert "嵊泗县治水办" in message


def test_a_record_of_another_periods_body_is_refused(period, bodies, assessor, tiers):
    other = AssessmentPeriod.objects.create(
        name="2023年宣传考核",
        year=2023,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
        bonus_cap=Decimal("10"),
    )
    _refused(assessor, _data(other, bodies["dinghai"], tiers[8], published_on=datetime.date(2023, 3, 1)), "unit")


@pytest.mark.parametrize("url", ["ftp://news.example.cn/a", "javascript:alert(1)", "news.example.cn/a"])
def test_a_link_that_is_not_http_is_refused(period, bodies, officers, tiers, url):
    _refused(officers["dinghai"], _data(period, bodies["dinghai"], tiers[8], url=url), "url")


def test_evidence_of_the_wrong_type_is_refused(period, bodies, officers, tiers):
    message = _refused(
        officers["dinghai"],
        _data(period, bodies["dinghai"], tiers[8]),
        "evidence",
        evidence_file=SimpleUploadedFile("notes.docx", b"PK\x03\x04"),
    )
    assert ".docx" in message


def test_evidence_over_ten_megabytes_is_refused(period, bodies, officers, tiers):
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    message = _refused(officers["dinghai"], _data(period, bodies["dinghai"], tiers[8]), "evidence", evidence_file=big)
    assert "10 MB" in message


def test_evidence_is_kept_out_of_the_search_index(period, bodies, officers, tiers):
    record = record_coverage(
        officers["dinghai"],
        **_data(period, bodies["dinghai"], tiers[8]),
        evidence_file=SimpleUploadedFile("shot.png", PNG),
    )
    assert record.evidence_id not in get_document_model().get_indexed_objects().values_list("pk", flat=True)
