"""Bulk filing from a sheet: every row's problems by row number, then all rows as drafts in one transaction."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook
from wagtail.models import WorkflowState

from showcase.filing import bulk
from showcase.models import ActivityPage
from showcase.review.workflow import tiered_review_workflow
from tests.factories import RegionFactory, SectorFactory, UnitFactory, UnitMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

OPEN_DAY = datetime.date(2023, 4, 1)
HEADER = ["序号", "填报单位", "活动名称", "行业", "地区", "开始日期", "结束日期", "活动地点", "参与人数", "活动简介"]


@pytest.fixture
def world(hebei, shanxi, on_day):
    """河北 with two units, one known by another name too; the sectors and regions a sheet names."""
    on_day(OPEN_DAY)
    hebei.get_parent().get_parent()  # the campaign: 2023, filing open on OPEN_DAY
    office = UnitFactory(jurisdiction=hebei.jurisdiction, name="河北省水利厅")
    school = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市第一中学", other_names="石家庄一中\n市一中")
    UnitFactory(jurisdiction=shanxi.jurisdiction, name="太原市水务局")
    province = RegionFactory(name="河北省", slug="hebei-province", other_names="河北")
    city = RegionFactory(name="石家庄市", slug="shijiazhuang", parent=province)
    xinjiang = RegionFactory(name="新疆维吾尔自治区", slug="xinjiang", other_names="新疆")
    education = SectorFactory(name="教育", slug="education")
    water = SectorFactory(name="水利", slug="water-conservancy")
    moderator = UserFactory(username="hebei-mod", groups=[hebei.jurisdiction.moderators])
    # A moderator is a member of the jurisdiction's administering office; they still file for any of its units.
    UnitMemberFactory(user=moderator, unit=office)
    return {
        "page": hebei,
        "moderator": moderator,
        "office": office,
        "school": school,
        "province": province,
        "city": city,
        "xinjiang": xinjiang,
        "education": education,
        "water": water,
    }


def sheet(*rows, header=HEADER, title_rows=()):
    workbook = Workbook()
    worksheet = workbook.active
    for line in title_rows:
        worksheet.append(line)
    worksheet.append(header)
    for number, row in enumerate(rows, start=1):
        worksheet.append([number, *row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def good_row(title="节水知识进课堂", unit="石家庄市第一中学", **changes):
    row = {
        "unit": unit,
        "title": title,
        "sectors": "教育",
        "regions": "河北省、石家庄市",
        "starts_on": datetime.date(2023, 3, 22),
        "ends_on": "2023/3/24",
        "venue": "石家庄市第一中学报告厅",
        "participants": 300,
        "summary": "学生学习家庭节水小窍门。",
    }
    row.update(changes)
    return list(row.values())


def test_a_good_sheet_files_every_row_as_a_draft_of_its_unit(world):
    data = sheet(
        good_row(),
        good_row("水法宣传进乡村", unit="河北省水利厅", sectors="水利", regions="河北", ends_on="2023年3月28日"),
        good_row("节水班会", unit="石家庄一中", participants=""),
        title_rows=[["河北省节水宣传活动汇总表"], []],
    )
    plan = bulk.plan_import(data, world["page"], world["moderator"])
    assert plan.is_valid, [row.errors for row in plan.rows]
    assert [row.number for row in plan.rows] == [4, 5, 6]

    created = bulk.apply_import(plan, world["moderator"])

    assert len(created) == 3
    pages = {page.title: page for page in ActivityPage.objects.child_of(world["page"]).specific()}
    school_activity = pages["节水知识进课堂"].get_latest_revision_as_object()
    assert not pages["节水知识进课堂"].live
    assert school_activity.unit == world["school"]
    assert {term.name for term in school_activity.sectors.all()} == {"教育"}
    assert {term.name for term in school_activity.regions.all()} == {"河北省", "石家庄市"}
    assert (school_activity.starts_on, school_activity.ends_on) == (
        datetime.date(2023, 3, 22),
        datetime.date(2023, 3, 24),
    )
    assert school_activity.participant_count == 300
    assert pages["水法宣传进乡村"].unit == world["office"]
    assert pages["节水班会"].unit == world["school"], "matched by the unit's other name 石家庄一中"
    assert all(page.slug.isascii() for page in pages.values())
    assert not WorkflowState.objects.exists()


def test_every_problem_is_reported_by_row_number_and_nothing_is_saved(world):
    data = sheet(
        good_row(),
        good_row("未知单位的活动", unit="石家庄市第二中学"),
        good_row("外省单位的活动", unit="太原市水务局"),
        good_row("未知行业", sectors="教育、航天"),
        good_row("未知地区", regions="冀"),
        good_row("日期错误", starts_on="三月二十二日"),
        good_row("年份不符", starts_on="2022-03-22", ends_on="2022-03-23"),
        good_row("结束早于开始", starts_on="2023-03-25", ends_on="2023-03-22"),
        good_row("", venue=""),
        good_row("人数错误", participants="三百"),
    )
    plan = bulk.plan_import(data, world["page"], world["moderator"])
    errors = {row.number: " ".join(row.errors) for row in plan.rows}

    assert not plan.is_valid
    assert errors[2] == ""
    assert "第3行" in errors[3] and "石家庄市第二中学" in errors[3]
    assert "太原市水务局" in errors[4], "a unit of another jurisdiction is not this jurisdiction's"
    assert "航天" in errors[5] and "教育" not in errors[5].replace("“航天”", "")
    assert "冀" in errors[6]
    assert "三月二十二日" in errors[7] and "2026-03-22" in errors[7]
    assert "2023" in errors[8], "activities take place in the campaign year"
    assert "第9行" in errors[9] and "“结束日期”" in errors[9]
    assert "“活动名称”" in errors[10] and "“活动地点”" in errors[10]
    assert "三百" in errors[11]
    assert not ActivityPage.objects.exists()
    with pytest.raises(bulk.BulkFilingError):
        bulk.apply_import(plan, world["moderator"])
    assert not ActivityPage.objects.exists()


def test_a_name_is_matched_only_as_written_or_as_a_listed_other_name(world):
    world["school"].other_names = ""
    world["school"].save()
    data = sheet(
        good_row(unit="石家庄一中"), good_row("新疆交流活动", regions="新疆"), good_row("省名", regions="河北省")
    )
    plan = bulk.plan_import(data, world["page"], world["moderator"])
    errors = [row.errors for row in plan.rows]
    assert errors[0] and "石家庄一中" in errors[0][0], "no longer listed: reported, never guessed"
    assert errors[1] == [] and plan.rows[1].regions == [world["xinjiang"]]
    assert errors[2] == []


def test_a_name_two_terms_list_is_reported_not_guessed(world):
    world["office"].other_names = "一中"
    world["office"].save()
    world["school"].other_names = "一中"
    world["school"].save()
    plan = bulk.plan_import(sheet(good_row(unit="一中")), world["page"], world["moderator"])
    assert "一中" in plan.rows[0].errors[0] and "多个单位" in plan.rows[0].errors[0]


def test_a_repeated_row_and_an_activity_already_filed_are_reported(world):
    data = sheet(good_row(), good_row("水法宣传进乡村"), good_row("水法宣传进乡村"))
    bulk.apply_import(bulk.plan_import(sheet(good_row()), world["page"], world["moderator"]), world["moderator"])
    plan = bulk.plan_import(data, world["page"], world["moderator"])
    assert "节水知识进课堂" in plan.rows[0].errors[0]
    assert plan.rows[1].errors == []
    assert "3" in plan.rows[2].errors[0]


def test_the_rows_are_filed_in_one_transaction(world, monkeypatch):
    plan = bulk.plan_import(sheet(good_row(), good_row("第二个活动")), world["page"], world["moderator"])
    real_start = bulk.action_registry.get_action_class(ActivityPage, "create")
    calls = []

    class FailingOnTheSecond(real_start):
        def execute(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("the database went away")
            return super().execute(*args, **kwargs)

    monkeypatch.setattr(bulk.action_registry, "get_action_class", lambda model, name: FailingOnTheSecond)
    with pytest.raises(RuntimeError):
        bulk.apply_import(plan, world["moderator"])
    assert not ActivityPage.objects.exists()


def test_submitting_puts_each_activity_into_the_tiered_review(world):
    plan = bulk.plan_import(sheet(good_row(), good_row("第二个活动")), world["page"], world["moderator"])
    created = bulk.apply_import(plan, world["moderator"], submit=True)
    states = WorkflowState.objects.filter(object_id__in=[str(page.pk) for page in created])
    assert states.count() == 2
    assert {state.workflow_id for state in states} == {tiered_review_workflow().pk}
    assert {state.status for state in states} == {WorkflowState.STATUS_IN_PROGRESS}


def test_a_whole_sheet_problem_is_one_clear_error(world):
    with pytest.raises(bulk.BulkFilingError, match="活动名称"):
        bulk.plan_import(sheet(good_row(), header=["填报单位", "行业"]), world["page"], world["moderator"])
    with pytest.raises(bulk.BulkFilingError, match="xlsx"):
        bulk.plan_import(b"not a workbook", world["page"], world["moderator"])
    with pytest.raises(bulk.BulkFilingError):
        bulk.plan_import(sheet(), world["page"], world["moderator"])


def test_outside_the_window_or_the_jurisdiction_nothing_is_read(world, shanxi, on_day):
    with pytest.raises(bulk.BulkFilingError):
        bulk.plan_import(sheet(good_row()), shanxi, world["moderator"])
    on_day(datetime.date(2023, 8, 1))
    with pytest.raises(bulk.BulkFilingError, match="2023"):
        bulk.plan_import(sheet(good_row()), world["page"], world["moderator"])


def test_the_template_lists_the_names_and_a_filled_template_imports(world):
    workbook = load_workbook(io.BytesIO(bulk.template_workbook(world["page"])))
    header = [cell.value for cell in workbook["活动"][1]]
    assert header == [column.header for column in bulk.COLUMNS]
    guide = [[cell.value for cell in row] for row in workbook["填写说明"].iter_rows()]
    listed = {value for row in guide for value in row if value}
    assert {"石家庄市第一中学", "石家庄一中 市一中", "教育", "河北省", "河北"} <= listed
    assert "太原市水务局" not in listed, "another jurisdiction's units are not offered"

    worksheet = workbook["活动"]
    worksheet.append(good_row()[:9] + [""])
    filled = io.BytesIO()
    workbook.save(filled)
    assert bulk.plan_import(filled.getvalue(), world["page"], world["moderator"]).is_valid


def test_the_export_has_the_template_columns_and_this_jurisdictions_activities_only(world, shanxi):
    bulk.apply_import(bulk.plan_import(sheet(good_row()), world["page"], world["moderator"]), world["moderator"])
    exported = load_workbook(io.BytesIO(bulk.export_workbook(world["page"])))["活动"]
    rows = [[cell.value for cell in row] for row in exported.iter_rows()]
    assert rows[0][: len(bulk.COLUMNS)] == [column.header for column in bulk.COLUMNS]
    assert len(rows) == 2
    assert rows[1][:4] == ["石家庄市第一中学", "节水知识进课堂", "教育", "河北省、石家庄市"]
    assert rows[1][10] == "草稿，未提交"
    assert load_workbook(io.BytesIO(bulk.export_workbook(shanxi)))["活动"].max_row == 1


# The admin


def _upload(client, place, data, name="活动汇总.xlsx"):
    return client.post(
        "/admin/showcase/bulk-filing/",
        {"action": "preview", "place": place.pk, "file": SimpleUploadedFile(name, data)},
    )


def test_a_moderator_checks_a_sheet_then_files_and_submits_it(client, world):
    client.force_login(world["moderator"])
    page = client.get("/admin/showcase/bulk-filing/")
    assert page.status_code == 200
    template = client.get(f"/admin/showcase/bulk-filing/{world['page'].pk}/template/")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

    bad = _upload(client, world["page"], sheet(good_row(), good_row("外省", unit="太原市水务局")))
    html = bad.content.decode()
    assert bad.status_code == 200 and 'data-row="3"' in html and "第3行" in html and "太原市水务局" in html
    assert 'name="fingerprint"' not in html, "no confirmation while a row has problems"

    good = _upload(client, world["page"], sheet(good_row(), good_row("第二个活动")))
    assert good.status_code == 200 and not ActivityPage.objects.exists(), "the dry run saves nothing"
    fingerprint = good.context["fingerprint"]
    stale = client.post("/admin/showcase/bulk-filing/", {"action": "confirm", "fingerprint": "0" * 64})
    assert stale.status_code == 302 and not ActivityPage.objects.exists()

    done = client.post(
        "/admin/showcase/bulk-filing/", {"action": "confirm", "fingerprint": fingerprint, "submit": "on"}
    )
    assert done.status_code == 302 and done["Location"] == f"/admin/pages/{world['page'].pk}/"
    assert ActivityPage.objects.child_of(world["page"]).count() == 2
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 2


def test_another_jurisdictions_moderator_and_a_unit_submitter_cannot_file_here(client, world, shanxi):
    outsider = UserFactory(groups=[shanxi.jurisdiction.moderators])
    client.force_login(outsider)
    for suffix in ("template", "export"):
        assert client.get(f"/admin/showcase/bulk-filing/{world['page'].pk}/{suffix}/").status_code == 404
    refused = _upload(client, world["page"], sheet(good_row()))
    assert refused.status_code == 200 and "place" in refused.context["form"].errors
    assert not ActivityPage.objects.exists()

    submitter = UserFactory(groups=[world["page"].jurisdiction.submitters])
    UnitMemberFactory(user=submitter, unit=world["school"])
    client.force_login(submitter)
    assert client.get("/admin/showcase/bulk-filing/").status_code == 403
    assert client.get(f"/admin/showcase/bulk-filing/{world['page'].pk}/export/").status_code == 404


def test_the_command_dry_runs_by_default_and_files_with_commit(world, tmp_path):
    path = tmp_path / "活动.xlsx"
    path.write_bytes(sheet(good_row(), good_row("未知", unit="不存在的单位")))
    arguments = ["showcase_import_activities", str(path), "--jurisdiction", "hebei", "--user", "hebei-mod"]
    out = io.StringIO()
    with pytest.raises(CommandError, match="1"):
        call_command(*arguments, "--commit", stdout=out)
    assert "第3行" in out.getvalue() and not ActivityPage.objects.exists()

    path.write_bytes(sheet(good_row()))
    call_command(*arguments, stdout=io.StringIO())
    assert not ActivityPage.objects.exists(), "a dry run by default"
    call_command(*arguments, "--commit", stdout=io.StringIO())
    assert ActivityPage.objects.count() == 1

    with pytest.raises(CommandError):
        call_command("showcase_import_activities", str(path), "--jurisdiction", "shanxi", "--user", "hebei-mod")
