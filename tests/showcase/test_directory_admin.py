"""The directory admin: who sees which units and liaisons, the XLSX export, the import view, invitations."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from showcase.models import Liaison, Unit
from showcase.permissions.roles import NATIONAL_EDITORS
from tests.factories import LiaisonFactory, UserFactory

from .liaison_sheets import FIRST_DATA_ROW, GOOD_ROWS, build_sheet, make_directory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(model, action, *args):
    return reverse(f"showcase_{model}_modeladmin_{action}", args=args)


@pytest.fixture
def directory():
    found = make_directory()
    for key in ("hebei", "shanxi"):
        found[key].refresh_from_db()
    found["hebei_liaison"] = LiaisonFactory(
        name="冀联络", unit=found["hebei_top"], mobile="13811112222", email="ji@hebei.example.cn"
    )
    found["shanxi_liaison"] = LiaisonFactory(
        name="晋联络", unit=found["shanxi_top"], mobile="13933334444", email="jin@shanxi.example.cn"
    )
    return found


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(groups=[NATIONAL_EDITORS.group()]))
    return client


@pytest.fixture
def moderator_client(client, directory):
    client.force_login(UserFactory(groups=[directory["hebei"].moderators]))
    return client


def test_moderator_lists_only_their_own_jurisdictions_liaisons(moderator_client, directory):
    response = moderator_client.get(url("liaison", "index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "冀联络" in content
    assert "13811112222" in content
    assert "ji@hebei.example.cn" in content
    assert "晋联络" not in content
    assert "13933334444" not in content
    assert "jin@shanxi.example.cn" not in content


def test_moderator_lists_only_their_own_units_and_jurisdiction(moderator_client, directory):
    units = moderator_client.get(url("unit", "index")).content.decode()
    jurisdictions = moderator_client.get(url("jurisdiction", "index")).content.decode()

    assert "石家庄市水务局" in units
    assert "山西省水利厅" not in units
    assert "河北省水利厅" in jurisdictions
    assert "山西省水利厅" not in jurisdictions


@pytest.mark.parametrize("action", ["inspect", "edit", "delete", "history", "invite"])
def test_moderator_cannot_open_another_jurisdictions_liaison(moderator_client, directory, action):
    response = moderator_client.get(url("liaison", action, directory["shanxi_liaison"].pk))

    assert response.status_code == 404
    assert "13933334444" not in response.content.decode()


@pytest.mark.parametrize("action", ["inspect", "edit"])
def test_moderator_cannot_open_another_jurisdictions_unit(moderator_client, directory, action):
    assert moderator_client.get(url("unit", action, directory["shanxi_top"].pk)).status_code == 404


def test_moderator_inspects_and_edits_their_own_liaison(moderator_client, directory):
    liaison = directory["hebei_liaison"]

    inspect = moderator_client.get(url("liaison", "inspect", liaison.pk))
    assert inspect.status_code == 200
    assert "13811112222" in inspect.content.decode()

    response = moderator_client.post(
        url("liaison", "edit", liaison.pk),
        {"name": "冀联络", "unit": liaison.unit.pk, "title": "副处长", "mobile": "13811112222", "email": liaison.email},
    )
    assert response.status_code == 302
    assert Liaison.objects.get(pk=liaison.pk).title == "副处长"


def test_moderator_cannot_move_a_liaison_to_another_jurisdictions_unit(moderator_client, directory):
    liaison = directory["hebei_liaison"]

    response = moderator_client.post(
        url("liaison", "edit", liaison.pk),
        {
            "name": "冀联络",
            "unit": directory["shanxi_top"].pk,
            "title": "",
            "mobile": "13811112222",
            "email": liaison.email,
        },
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert Liaison.objects.get(pk=liaison.pk).unit == directory["hebei_top"]


def test_moderator_adds_units_only_to_their_own_jurisdiction(moderator_client, directory):
    own = moderator_client.post(
        url("unit", "create"),
        {"name": "保定市水利局", "jurisdiction": directory["hebei"].pk, "parent": directory["hebei_top"].pk},
    )
    foreign = moderator_client.post(
        url("unit", "create"), {"name": "太原市水务局", "jurisdiction": directory["shanxi"].pk}
    )

    assert own.status_code == 302
    assert Unit.objects.get(name="保定市水利局").jurisdiction == directory["hebei"]
    assert foreign.status_code == 200
    assert "jurisdiction" in foreign.context["form"].errors
    assert not Unit.objects.filter(name="太原市水务局").exists()


def test_moderator_may_not_delete_or_edit_the_jurisdiction(moderator_client, directory):
    liaison = directory["hebei_liaison"]

    moderator_client.post(url("liaison", "delete", liaison.pk))
    moderator_client.post(url("jurisdiction", "edit", directory["hebei"].pk), {"name": "改名"})

    assert Liaison.objects.filter(pk=liaison.pk).exists()
    directory["hebei"].refresh_from_db()
    assert directory["hebei"].name == "河北省水利厅"


def test_users_outside_the_roles_see_no_directory(client, directory):
    submitter = UserFactory(groups=[directory["hebei"].submitters])
    client.force_login(submitter)

    response = client.get(url("liaison", "index"))
    home = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 302
    assert "13811112222" not in client.get(response["Location"]).content.decode()
    assert url("liaison", "index") not in home.content.decode()


def test_national_editor_sees_every_jurisdiction(editor_client, directory):
    content = editor_client.get(url("liaison", "index")).content.decode()

    assert "冀联络" in content
    assert "晋联络" in content
    assert url("liaison", "import") in content


def test_list_filters_by_jurisdiction(editor_client, directory):
    response = editor_client.get(url("liaison", "index"), {"unit__jurisdiction__id__exact": directory["shanxi"].pk})

    content = response.content.decode()
    assert "晋联络" in content
    assert "冀联络" not in content


def test_search_finds_a_liaison_by_mobile(editor_client, directory):
    content = editor_client.get(url("liaison", "index"), {"q": "13933334444"}).content.decode()

    assert "晋联络" in content
    assert "冀联络" not in content


def export(client, model):
    response = client.get(url(model, "index"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return [list(row) for row in sheet.active.iter_rows(values_only=True)]


def test_liaison_export_is_an_xlsx_of_every_liaison_for_national_editors(editor_client, directory):
    everything = export(editor_client, "liaison")
    names = [row[0] for row in everything[1:]]
    assert sorted(names) == ["冀联络", "晋联络"]
    assert [str(value) for value in everything[1 + names.index("冀联络")][:6]] == [
        "冀联络",
        "河北省水利厅",
        "河北省水利厅",
        "科长",
        "13811112222",
        "ji@hebei.example.cn",
    ]


def test_moderators_export_holds_only_their_jurisdiction(moderator_client, directory):
    rows = export(moderator_client, "liaison")

    assert [row[0] for row in rows[1:]] == ["冀联络"]
    assert "13933334444" not in str(rows)


def test_unit_and_jurisdiction_exports(editor_client, directory):
    units = export(editor_client, "unit")
    jurisdictions = export(editor_client, "jurisdiction")

    assert {row[0] for row in units[1:]} == set(Unit.objects.values_list("name", flat=True))
    assert {row[0] for row in jurisdictions[1:]} == {"河北省水利厅", "山西省水利厅"}


def test_only_national_editors_may_import(moderator_client, directory):
    response = moderator_client.get(url("liaison", "import"))
    index = moderator_client.get(url("liaison", "index")).content.decode()

    assert response.status_code == 403
    assert moderator_client.post(url("liaison", "import"), {"action": "preview"}).status_code == 403
    assert url("liaison", "import") not in index


def upload(client, content, name="联络员信息表.xlsx", **data):
    file = io.BytesIO(content)
    file.name = name
    return client.post(url("liaison", "import"), {"action": "preview", "file": file, **data})


def test_import_dry_run_shows_the_report_and_saves_nothing(editor_client, directory):
    before = Liaison.objects.count()

    response = upload(editor_client, build_sheet(GOOD_ROWS))

    assert response.status_code == 200
    plan = response.context["plan"]
    assert [row.number for row in plan.rows] == [FIRST_DATA_ROW, FIRST_DATA_ROW + 1]
    content = response.content.decode()
    assert f'data-row="{FIRST_DATA_ROW}"' in content
    assert "zhangwei@hebei.example.cn" in content
    assert 'name="fingerprint"' in content
    assert Liaison.objects.count() == before
    assert mail.outbox == []


def test_confirming_imports_exactly_the_dry_run(editor_client, directory, django_capture_on_commit_callbacks):
    preview = upload(editor_client, build_sheet(GOOD_ROWS))
    fingerprint = preview.context["fingerprint"]

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url("liaison", "import"), {"action": "confirm", "fingerprint": fingerprint})

    assert response.status_code == 302
    assert response["Location"] == url("liaison", "index")
    assert set(Liaison.objects.values_list("mobile", flat=True)) == {
        "13811112222",
        "13933334444",
        "13812345678",
        "13987654321",
    }
    assert sorted(message.to[0] for message in mail.outbox) == ["lina@sjz.example.cn", "zhangwei@hebei.example.cn"]
    assert "showcase_liaison_import" not in editor_client.session


def test_a_bad_sheet_offers_no_confirmation_and_imports_nothing(editor_client, directory):
    rows = [*GOOD_ROWS, [3, "王芳", "石家庄市水务局", "", "1381234", "wangfang@sjz.example.cn"]]
    before = Liaison.objects.count()

    response = upload(editor_client, build_sheet(rows))
    forced = editor_client.post(
        url("liaison", "import"), {"action": "confirm", "fingerprint": response.context["fingerprint"]}
    )

    content = response.content.decode()
    assert 'data-row="6"' in content
    assert "1381234" in content
    assert 'name="fingerprint"' not in content
    assert forced.status_code == 200
    assert Liaison.objects.count() == before


def test_the_confirmation_refuses_a_changed_directory(editor_client, directory, django_capture_on_commit_callbacks):
    preview = upload(editor_client, build_sheet(GOOD_ROWS))
    LiaisonFactory(unit=directory["shanxi_top"], mobile="13987654321")
    before = Liaison.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            url("liaison", "import"), {"action": "confirm", "fingerprint": preview.context["fingerprint"]}
        )

    assert response.status_code == 200
    assert response.context["changed"]
    assert not response.context["plan"].is_valid
    assert Liaison.objects.count() == before
    assert mail.outbox == []


def test_a_stale_confirmation_imports_nothing(editor_client, directory):
    upload(editor_client, build_sheet(GOOD_ROWS))
    before = Liaison.objects.count()

    response = editor_client.post(url("liaison", "import"), {"action": "confirm", "fingerprint": "not-the-one-shown"})

    assert response.status_code == 302
    assert response["Location"] == url("liaison", "import")
    assert Liaison.objects.count() == before


def test_a_file_that_is_not_xlsx_is_refused_with_a_clear_error(editor_client, directory):
    response = upload(editor_client, "序号,姓名\n1,张伟\n".encode(), name="liaisons.csv")

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "plan" not in response.context
    assert "showcase_liaison_import" not in editor_client.session


def test_resending_an_invitation_from_the_admin(editor_client, directory, django_capture_on_commit_callbacks):
    liaison = directory["hebei_liaison"]
    invite_url = url("liaison", "invite", liaison.pk)
    assert invite_url in editor_client.get(url("liaison", "inspect", liaison.pk)).content.decode()

    confirm = editor_client.get(invite_url)
    assert confirm.status_code == 200
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(invite_url)

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[liaison.email]]
    liaison.refresh_from_db()
    assert liaison.user is not None
    assert not liaison.user.has_usable_password()
    assert liaison.invited_at is not None
    for message in mail.outbox:
        assert liaison.mobile not in message.subject + message.body


def test_the_directory_menu_is_shown_to_moderators(moderator_client, directory):
    home = moderator_client.get(reverse("wagtailadmin_home")).content.decode()

    assert url("liaison", "index") in home
    assert url("unit", "index") in home
