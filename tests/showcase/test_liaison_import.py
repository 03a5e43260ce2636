"""The liaison import service and command: dry run, row-by-row report, all-or-nothing import, accounts."""

import io
import re
import struct
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import translation
from wagtail.models import ModelLogEntry

from showcase.directory import liaisons
from showcase.models import Liaison, UnitMember
from showcase.permissions.roles import NATIONAL_EDITORS
from tests.factories import LiaisonFactory, UnitFactory, UserFactory

from .liaison_sheets import FIRST_DATA_ROW, GOOD_ROWS, build_sheet, make_directory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def directory():
    return make_directory()


@pytest.fixture(autouse=True)
def english():
    """Assert on the English msgids, whatever the catalog holds."""
    with translation.override("en"):
        yield


def counts():
    return Liaison.objects.count(), User.objects.count(), UnitMember.objects.count()


def test_dry_run_reports_what_would_be_created_and_saves_nothing(directory):
    before = counts()

    plan = liaisons.plan_import(build_sheet(GOOD_ROWS))

    assert plan.is_valid
    assert [row.number for row in plan.rows] == [FIRST_DATA_ROW, FIRST_DATA_ROW + 1]
    first, second = plan.rows
    assert (first.name, first.unit, first.mobile, first.email) == (
        "张伟",
        directory["hebei_top"],
        "13812345678",
        "zhangwei@hebei.example.cn",
    )
    assert first.username == "zhangwei@hebei.example.cn"
    assert first.role == liaisons.MODERATORS
    assert second.unit == directory["hebei_city"]
    assert second.role == liaisons.SUBMITTERS
    assert counts() == before
    assert mail.outbox == []


def test_header_is_found_below_title_rows_and_messy_cells_are_tolerated(directory):
    rows = [
        ["１", " 张  伟 ", "  河北省水利厅\u3000", "处长", 13812345678, "ＺhangWei＠hebei.example.cn "],
        [2, "李娜", "石家庄市水务局", None, "139-8765-4321", "lina@sjz.example.cn"],
        [3, None, None, None, None, None],
        [4, "王芳", "石家庄市水务局", "科员", "+86 13700001111", "wangfang@sjz.example.cn"],
        [
            5,
            "赵磊",
            "河北省水文勘测研究中心(河北省水资源监测中心)",
            "工程师",
            "13600002222",
            "zhaolei@hebei.example.cn",
        ],
    ]
    research = UnitFactory(
        name="河北省水文勘测研究中心（河北省水资源监测中心）",
        jurisdiction=directory["hebei"],
        parent=directory["hebei_top"],
    )
    sheet = build_sheet(rows, title_rows=[["2023年活动联络员信息表"], [], ["填报单位（盖章）：河北省水利厅"]])

    plan = liaisons.plan_import(sheet)

    assert plan.is_valid, plan.errors
    # Header on row 4; the empty row 7 is skipped, and the notes below the table are not read.
    assert [row.number for row in plan.rows] == [5, 6, 8, 9]
    first = plan.rows[0]
    assert (first.name, first.mobile, first.email) == ("张伟", "13812345678", "zhangwei@hebei.example.cn")
    assert plan.rows[1].mobile == "13987654321"
    assert plan.rows[2].mobile == "13700001111"
    # Half-width brackets typed for the registered full-width ones still find the unit.
    assert plan.rows[3].unit == research


def test_bad_sheet_reports_every_problem_with_its_row_number(directory):
    LiaisonFactory(name="刘洋", unit=directory["shanxi_top"], mobile="13500000001", email="taken@shanxi.example.cn")
    UserFactory(username="someone", email="account@hebei.example.cn")
    rows = [
        [1, "", "河北省水利厅", "处长", "13800000001", "a@hebei.example.cn"],  # row 4: no name
        [2, "赵六", "河北省水利厅", "", "1381234", "b@hebei.example.cn"],  # row 5: short mobile
        [3, "钱七", "河北省水利厅", "", "13800000003", "not-an-email"],  # row 6: bad email
        [4, "孙八", "邯郸市水利局", "", "13800000004", "d@hebei.example.cn"],  # row 7: unknown unit
        [5, "周九", "河北省水利厅", "", "13500000001", "e@hebei.example.cn"],  # row 8: mobile of a liaison
        [6, "吴十", "河北省水利厅", "", "13800000006", "taken@shanxi.example.cn"],  # row 9: email of a liaison
        [7, "郑一", "石家庄市水务局", "", "13800000007", "f@hebei.example.cn"],  # row 10: repeated below
        [8, "冯二", "石家庄市水务局", "", "13800000007", "g@hebei.example.cn"],  # row 11: repeats row 10
        [9, "陈三", "河北省水利厅", "", "13800000009", "account@hebei.example.cn"],  # row 12: email of an account
        [10, "", "", "", "", "h@hebei.example.cn"],  # row 13: name, unit and mobile missing
    ]
    before = counts()

    plan = liaisons.plan_import(build_sheet(rows))

    assert not plan.is_valid
    report = {row.number: row.errors for row in plan.rows}
    assert report[4] == ["Row 4: the name is missing; fill in the liaison's name."]
    assert report[5] == [
        "Row 5: mobile number “1381234” is not valid; it should be an 11-digit mainland mobile number "
        "such as 13800138000."
    ]
    assert report[6] == [
        "Row 6: email address “not-an-email” is not valid; it should look like name@example.cn "
        "with no spaces or Chinese punctuation."
    ]
    assert report[7] == [
        "Row 7: unit “邯郸市水利局” is not in the directory; use the unit's exact registered name, "
        "or ask the organizers to add the unit first."
    ]
    assert report[8] == [
        "Row 8: mobile number “13500000001” already belongs to liaison 刘洋（山西省水利厅）; "
        "remove the row or correct the number."
    ]
    assert report[9] == [
        "Row 9: email address “taken@shanxi.example.cn” already belongs to liaison 刘洋（山西省水利厅）; "
        "remove the row or correct the address."
    ]
    assert report[10] == [
        "Row 10: mobile number “13800000007” appears more than once in this sheet (rows 10、11); "
        "list each liaison once with their own number."
    ]
    assert report[11] == [report[10][0].replace("Row 10:", "Row 11:")]
    assert report[12] == [
        "Row 12: email address “account@hebei.example.cn” is already used by an existing account; use another "
        "address, or ask an administrator to make that account the liaison."
    ]
    assert len(report[13]) == 3
    assert all(error.startswith("Row 13: ") for error in report[13])
    assert [row.number for row in plan.bad_rows] == list(range(4, 14))
    assert counts() == before


def test_a_bad_sheet_imports_nothing(directory, django_capture_on_commit_callbacks):
    rows = [*GOOD_ROWS, [3, "王芳", "石家庄市水务局", "科员", "1381234", "wangfang@sjz.example.cn"]]
    plan = liaisons.plan_import(build_sheet(rows))
    before = counts()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(liaisons.LiaisonImportError) as error:
        liaisons.apply_import(plan, invited_by=None)

    assert "Rows with problems: 1." in str(error.value)
    assert counts() == before
    assert mail.outbox == []


def test_good_sheet_creates_accounts_memberships_groups_and_invitations(directory, django_capture_on_commit_callbacks):
    editor = UserFactory()
    plan = liaisons.plan_import(build_sheet(GOOD_ROWS))

    with django_capture_on_commit_callbacks(execute=True):
        created = liaisons.apply_import(plan, invited_by=editor)

    assert [liaison.name for liaison in created] == ["张伟", "李娜"]
    top = Liaison.objects.get(mobile="13812345678")
    city = Liaison.objects.get(mobile="13987654321")
    hebei = directory["hebei"]
    hebei.refresh_from_db()
    for liaison, unit, group in [
        (top, directory["hebei_top"], hebei.moderators),
        (city, directory["hebei_city"], hebei.submitters),
    ]:
        user = liaison.user
        assert user is not None
        assert user.email == liaison.email
        assert user.username == liaison.email
        assert not user.has_usable_password()
        assert not user.check_password(liaison.mobile)
        assert user.unit_membership.unit == unit
        assert list(user.groups.all()) == [group]
        assert liaison.invited_at is not None
    assert hebei.moderators.name.startswith("河北")
    assert sorted(message.to[0] for message in mail.outbox) == ["lina@sjz.example.cn", "zhangwei@hebei.example.cn"]
    assert ModelLogEntry.objects.filter(action="wagtail.create", user=editor).count() == 2


def test_invitations_wait_for_the_commit(directory, django_capture_on_commit_callbacks):
    plan = liaisons.plan_import(build_sheet(GOOD_ROWS))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        liaisons.apply_import(plan, invited_by=None)
        assert mail.outbox == []

    assert len(callbacks) == 2
    assert mail.outbox == []


def test_a_failure_part_way_rolls_back_the_whole_import(directory, django_capture_on_commit_callbacks, monkeypatch):
    provision = liaisons.provision_account
    calls = []

    def fail_on_second(liaison, **kwargs):
        calls.append(liaison.name)
        if len(calls) == 2:
            raise IntegrityError("simulated clash")
        return provision(liaison, **kwargs)

    monkeypatch.setattr(liaisons, "provision_account", fail_on_second)
    plan = liaisons.plan_import(build_sheet(GOOD_ROWS))
    before = counts()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(liaisons.LiaisonImportError):
        liaisons.apply_import(plan, invited_by=None)

    assert calls == ["张伟", "李娜"]
    assert counts() == before
    assert mail.outbox == []


def test_import_refuses_when_the_directory_changed_since_the_dry_run(directory, django_capture_on_commit_callbacks):
    plan = liaisons.plan_import(build_sheet(GOOD_ROWS))
    LiaisonFactory(unit=directory["shanxi_top"], mobile="13987654321")
    before = counts()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(liaisons.LiaisonImportError) as error:
        liaisons.apply_import(plan, invited_by=None)

    assert "The directory changed since the dry run" in str(error.value)
    assert "13987654321" in str(error.value)
    assert counts() == before
    assert mail.outbox == []


def test_jurisdiction_limits_which_units_match(directory):
    UnitFactory(name="石家庄市水务局", jurisdiction=directory["shanxi"])
    sheet = build_sheet([GOOD_ROWS[1]])

    unscoped = liaisons.plan_import(sheet)
    scoped = liaisons.plan_import(sheet, jurisdiction=directory["hebei"])
    elsewhere = liaisons.plan_import(build_sheet([GOOD_ROWS[0]]), jurisdiction=directory["shanxi"])

    assert unscoped.rows[0].errors == [
        "Row 4: unit “石家庄市水务局” exists in several jurisdictions (河北省水利厅、山西省水利厅); "
        "import the sheet for one jurisdiction at a time."
    ]
    assert scoped.is_valid
    assert scoped.rows[0].unit == directory["hebei_city"]
    assert elsewhere.rows[0].errors == [
        "Row 4: unit “河北省水利厅” is not in the directory of 山西省水利厅; use the unit's exact registered name, "
        "or ask the organizers to add the unit first."
    ]


def test_login_name_falls_back_when_the_email_is_taken_as_a_username(directory, django_capture_on_commit_callbacks):
    UserFactory(username="zhangwei@hebei.example.cn", email="other@example.cn")

    plan = liaisons.plan_import(build_sheet([GOOD_ROWS[0]]))
    with django_capture_on_commit_callbacks(execute=True):
        liaisons.apply_import(plan, invited_by=None)

    assert plan.rows[0].username == "zhangwei-2"
    assert Liaison.objects.get(mobile="13812345678").user.username == "zhangwei-2"


SHEET = "xl/worksheets/sheet1.xml"


def _inflated_workbook():
    """A real liaison form whose first sheet ends in 50 MB of spaces: openpyxl would unpack and parse all of it."""
    buffer = io.BytesIO()
    sheet = SHEET
    with (
        zipfile.ZipFile(io.BytesIO(build_sheet(GOOD_ROWS))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            if member.filename != sheet:
                target.writestr(member.filename, source.read(member))
        with target.open(sheet, "w") as padded:
            padded.write(source.read(sheet))
            for _chunk in range(50):
                padded.write(b" " * 1024 * 1024)
    return buffer.getvalue()


def _understated_workbook():
    """The inflated form with its sheet's size declared as 1 KB in both of the archive's headers."""
    workbook = bytearray(_inflated_workbook())
    with zipfile.ZipFile(io.BytesIO(bytes(workbook))) as archive:
        local = archive.getinfo(SHEET).header_offset
    central = next(
        entry.start()
        for entry in re.finditer(rb"PK\x01\x02", workbook)
        if workbook[entry.start() + 46 :].startswith(SHEET.encode())
    )
    workbook[central + 24 : central + 28] = struct.pack("<I", 1024)
    workbook[local + 22 : local + 26] = struct.pack("<I", 1024)
    return bytes(workbook)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        ("序号,姓名,单位名称,职务/职称,手机号,邮箱\n".encode(), "The file is not an Excel .xlsx workbook."),
        (b"%PDF-1.4 scanned form", "The file is not an Excel .xlsx workbook."),
        (_inflated_workbook(), "“the uploaded sheet” would unpack to 50 MB,"),
        (_understated_workbook(), "“the uploaded sheet” unpacks to more than its own table of contents says"),
        (
            build_sheet([["张伟", "河北省水利厅"]], header=["随便", "什么"]),
            "No header row was found in the first 30 rows",
        ),
        (build_sheet([]), "The sheet has a header on row 3 but no liaison rows below it."),
        (
            build_sheet([[1, "张伟", "河北省水利厅", "13812345678"]], header=["序号", "姓名", "单位名称", "手机号"]),
            "The header on row 3 lacks the column(s) “邮箱”.",
        ),
    ],
    ids=["empty", "csv", "pdf", "inflated", "understated", "no-header", "no-rows", "missing-column"],
)
def test_a_bad_file_gives_a_clear_error(directory, content, message):
    before = counts()

    with pytest.raises(liaisons.LiaisonImportError) as error:
        liaisons.plan_import(content)

    assert str(error.value).startswith(message)
    assert counts() == before


def test_command_dry_run_prints_the_report_and_saves_nothing(directory, tmp_path):
    path = tmp_path / "liaisons.xlsx"
    path.write_bytes(build_sheet(GOOD_ROWS))
    out = io.StringIO()
    before = counts()

    call_command("showcase_import_liaisons", str(path), stdout=out)

    output = out.getvalue()
    assert "Row 4: OK: 张伟, 河北省水利厅: account zhangwei@hebei.example.cn as jurisdiction moderator" in output
    assert "Row 5: OK: 李娜, 石家庄市水务局: account lina@sjz.example.cn as unit submitter" in output
    assert "Run again with --commit" in output
    assert counts() == before


def test_command_fails_with_the_errors_of_a_bad_sheet(directory, tmp_path):
    path = tmp_path / "liaisons.xlsx"
    path.write_bytes(build_sheet([*GOOD_ROWS, [3, "王芳", "石家庄市水务局", "", "1381234", "w@sjz.example.cn"]]))
    out = io.StringIO()
    before = counts()

    with pytest.raises(CommandError) as error:
        call_command("showcase_import_liaisons", str(path), "--commit", stdout=out)

    assert error.value.returncode == 1
    assert "Rows with problems: 1 of 3. Nothing was imported" in str(error.value)
    assert "Row 6: mobile number “1381234” is not valid" in out.getvalue()
    assert counts() == before


def test_command_commit_imports_for_one_jurisdiction(directory, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "liaisons.xlsx"
    path.write_bytes(build_sheet(GOOD_ROWS))
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("showcase_import_liaisons", str(path), "--jurisdiction", "hebei-directory", "--commit", stdout=out)

    assert "Liaisons imported: 2." in out.getvalue()
    assert Liaison.objects.filter(unit__jurisdiction=directory["hebei"]).count() == 2
    assert len(mail.outbox) == 2


def test_command_rejects_an_unknown_jurisdiction_and_a_missing_file(directory, tmp_path):
    path = tmp_path / "liaisons.xlsx"
    path.write_bytes(build_sheet(GOOD_ROWS))

    with pytest.raises(CommandError, match="There is no jurisdiction with the code “nowhere”"):
        call_command("showcase_import_liaisons", str(path), "--jurisdiction", "nowhere")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("showcase_import_liaisons", str(tmp_path / "missing.xlsx"))


ROLE_HEADER = ["序号", "姓名", "单位名称", "职务/职称", "手机号", "邮箱", "角色"]


def test_a_unit_without_a_parent_is_not_a_moderator_unless_it_administers_the_jurisdiction(directory):
    """The old rule made every top-level unit's liaison a moderator; a school has no parent unit either."""
    UnitFactory(name="石家庄市第一中学", jurisdiction=directory["hebei"])

    plan = liaisons.plan_import(
        build_sheet([*GOOD_ROWS, [3, "周老师", "石家庄市第一中学", "教师", "13711112222", "zhou@school.example.cn"]])
    )

    assert [row.role for row in plan.rows] == [liaisons.MODERATORS, liaisons.SUBMITTERS, liaisons.SUBMITTERS]
    assert plan.jurisdictions_without_office == []


def test_without_an_administering_office_nobody_becomes_a_moderator_and_the_dry_run_says_so(directory, tmp_path):
    rows = [[1, "郭强", "山西省水利厅", "处长", "13611112222", "guoqiang@shanxi.example.cn"]]
    plan = liaisons.plan_import(build_sheet(rows))

    assert plan.is_valid
    assert plan.rows[0].role == liaisons.SUBMITTERS
    assert plan.jurisdictions_without_office == [directory["shanxi"]]

    path = tmp_path / "liaisons.xlsx"
    path.write_bytes(build_sheet(rows))
    out = io.StringIO()
    call_command("showcase_import_liaisons", str(path), stdout=out)
    assert "No administering office is recorded for 山西省水利厅" in out.getvalue()


@pytest.mark.parametrize(
    "unit, claim, role, error",
    [
        ("河北省水利厅", "审核员", liaisons.MODERATORS, None),
        ("石家庄市水务局", "填报", liaisons.SUBMITTERS, None),
        ("河北省水利厅", "", liaisons.MODERATORS, None),
        ("石家庄市水务局", "审核员", "", "only liaisons of 河北省水利厅's administering office (河北省水利厅)"),
        ("河北省水利厅", "填报", "", "is 河北省水利厅's administering office"),
        ("山西省水利厅", "审核员", "", "山西省水利厅 has no administering office in the directory"),
        ("石家庄市水务局", "局长", "", "the role “局长” is not one of 审核员 (moderator) or 填报 (submitter)"),
    ],
)
def test_a_role_column_must_agree_with_the_directory(directory, unit, claim, role, error):
    rows = [[1, "张伟", unit, "处长", "13812345678", "zhangwei@hebei.example.cn", claim]]

    plan = liaisons.plan_import(build_sheet(rows, header=ROLE_HEADER))

    row = plan.rows[0]
    assert row.role == role
    if error is None:
        assert row.errors == []
    else:
        assert len(row.errors) == 1 and error in row.errors[0], row.errors


def _set_office(client, jurisdiction, unit):
    """Save the jurisdiction in the directory admin as a national editor would, with ``unit`` as its office."""
    client.force_login(UserFactory(groups=[NATIONAL_EDITORS.group()]))
    fields = {"name": jurisdiction.name, "short_name": jurisdiction.short_name, "code": jurisdiction.code}
    return client.post(
        f"/admin/showcase/jurisdiction/edit/{jurisdiction.pk}/",
        {**fields, "kind": jurisdiction.kind, "administering_office": unit.pk, "sort_order": 0},
    )


def test_changing_the_administering_office_moves_the_liaisons_roles(
    client, directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        liaisons.apply_import(liaisons.plan_import(build_sheet(GOOD_ROWS)), invited_by=None)
    hebei = directory["hebei"]
    hebei.refresh_from_db()
    top = Liaison.objects.get(mobile="13812345678").user
    city = Liaison.objects.get(mobile="13987654321").user

    response = _set_office(client, hebei, directory["hebei_city"])

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(top.groups.all()) == [hebei.submitters]
    assert list(city.groups.all()) == [hebei.moderators]


def test_the_administering_office_must_be_a_unit_of_the_jurisdiction(client, directory):
    hebei = directory["hebei"]

    response = _set_office(client, hebei, directory["shanxi_top"])

    assert response.status_code == 200
    hebei.refresh_from_db()
    assert hebei.administering_office == directory["hebei_top"]
