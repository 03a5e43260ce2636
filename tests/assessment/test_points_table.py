"""The points table against a table computed by hand: cap, quotas, ranks with ties, frozen points."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from assessment.coverage import reject_record
from assessment.points import compute_points_table
from tests.assessment.conftest import assert_denied
from tests.factories import AssessmentPeriodFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def scored(period, bodies, assessor, record):
    """Verified, waiting, rejected and other-period records over the three bodies."""
    dinghai, putuo, xincheng = bodies["dinghai"], bodies["putuo"], bodies["xincheng"]
    for line in (1, 1, 8, 5, 5, 5):
        record(dinghai, line)
    for line in (4, 5, 5, 9, 10):
        record(putuo, line)
    for line in (2, 2, 3, 7, 6):
        record(xincheng, line)
    record(putuo, 1, verify=False)
    reject_record(record(putuo, 1, verify=False), assessor, "链接无法打开")
    other = AssessmentPeriodFactory(name="2023年宣传考核", year=2023, bodies={putuo: "county"})
    record(putuo, 1, period=other, published_on=datetime.date(2023, 2, 1))
    return period


# Hand-computed: (body, total, capped, wechat, wechat short, bulletin, bulletin short, rank).
EXPECTED = [
    ("定海区治水办", D("13.50"), D("10.00"), 3, 0, 0, 1, 1),
    ("新城管委会", D("11.00"), D("10.00"), 0, 1, 0, 0, 1),
    ("普陀区治水办", D("4.50"), D("4.50"), 2, 1, 1, 0, 3),
]


def test_the_table_matches_the_hand_computed_one(scored, tiers):
    table = compute_points_table(scored)
    got = [
        (row.name, row.total, row.capped, row.wechat, row.wechat_short, row.bulletin, row.bulletin_short, row.rank)
        for row in table.rows
    ]
    assert got == EXPECTED


def test_points_by_tier_are_per_line_of_the_plan(scored, tiers):
    table = compute_points_table(scored)
    lines = [tier.sort_order for tier in table.tiers]
    dinghai = table.rows[0]
    by_line = dict(zip(lines, dinghai.by_tier, strict=True))
    assert by_line[1] == D("10.00") and by_line[8] == D("0.50") and by_line[5] == D("3.00")
    assert sum(dinghai.by_tier) == dinghai.total


def test_quotas_depend_on_the_kind_of_body(scored):
    rows = {row.name: row for row in compute_points_table(scored).rows}
    assert (rows["定海区治水办"].wechat_minimum, rows["定海区治水办"].bulletin_minimum) == (3, 1)
    assert (rows["新城管委会"].wechat_minimum, rows["新城管委会"].bulletin_minimum) == (1, 0)
    assert not rows["普陀区治水办"].quotas_met


def test_a_lower_cap_makes_more_ties(scored):
    scored.bonus_cap = D("4.5")
    scored.save()
    assert [(row.capped, row.rank) for row in compute_points_table(scored).rows] == [(D("4.50"), 1)] * 3


def test_the_table_is_one_aggregate_query_whatever_the_number_of_records(scored, django_assert_num_queries):
    with django_assert_num_queries(2):  # the tiers, then the table
        compute_points_table(scored)


def test_assessor_sees_the_table_with_its_bar_chart(client, scored, assessor):
    client.force_login(assessor)
    response = client.get(f"/admin/assessment/points/{scored.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="assessment-chart__row"') == 3
    assert html.count('class="assessment-chart__over"') == 2  # two bodies above the cap


def test_the_xlsx_has_the_table_and_the_periods_rules(client, scored, assessor, tiers):
    client.force_login(assessor)
    response = client.get(f"/admin/assessment/points/{scored.pk}/?export=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    table, rules = workbook.worksheets
    rows = list(table.iter_rows(values_only=True))
    assert len(rows) == 4
    assert rows[1][:3][1] == "定海区治水办" and rows[1][0] == 1
    assert rows[3][1] == "普陀区治水办" and rows[3][0] == 3
    rule_rows = list(rules.iter_rows(values_only=True))
    assert rule_rows[0][1] == "2022年宣传考核"
    assert rule_rows[3][1] == 10  # the cap
    tier_rows = {row[0]: row for row in rule_rows if row and row[0] in {tier.name for tier in tiers.values()}}
    assert len(tier_rows) == 10
    assert tier_rows[tiers[1].name][2] == 5 and tier_rows[tiers[9].name][2] == 0.3


def test_officers_cannot_open_the_points_table(client, scored, officers):
    client.force_login(officers["dinghai"])
    assert_denied(client.get(f"/admin/assessment/points/{scored.pk}/"))
    assert_denied(client.get(f"/admin/assessment/points/{scored.pk}/?export=xlsx"))
    assert_denied(client.post(f"/admin/assessment/points/{scored.pk}/", {"action": "publish"}))
    scored.refresh_from_db()
    assert scored.points_published is False


def test_the_public_page_appears_only_when_the_assessor_publishes(client, scored, assessor, officers, bodies, record):
    url = f"/assessment/points/{scored.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(assessor)
    assert client.post(f"/admin/assessment/points/{scored.pk}/", {"action": "publish"}).status_code == 302
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "定海区治水办" in html and "13.50" in html
    assert "@example.cn" not in html and "documents/" not in html


def test_evidence_never_reaches_the_public_page(client, scored, assessor, bodies, record):
    record(bodies["dinghai"], 8, evidence_file=SimpleUploadedFile("secret-shot.png", b"\x89PNG\r\n\x1a\n"))
    scored.points_published = True
    scored.save()
    html = client.get(f"/assessment/points/{scored.pk}/").content.decode()
    assert "secret-shot" not in html


def test_the_api_shows_a_points_table_only_once_published(client, period, record, bodies, assessor):
    record(bodies["dinghai"], 1)
    assert client.get(f"/api/v3/assessment/periods/{period.pk}/points/").status_code == 404
    assert client.get("/api/v3/assessment/periods/").json() == []

    period.points_published = True
    period.save()
    table = client.get(f"/api/v3/assessment/periods/{period.pk}/points/").json()
    expected = compute_points_table(period)
    assert [(row["name"], row["rank"], row["capped"]) for row in table["rows"]] == [
        (row.name, row.rank, str(row.capped)) for row in expected.rows
    ]
    assert len(table["tiers"]) == len(expected.tiers)
