"""A liaison import cut off halfway, by the database going away, through the admin and the command: no partial rows.

The service's own IntegrityError path is tested in ``test_liaison_import``;
here the failure is one the service does not expect, on the second row.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from wagtail.models import ModelLogEntry

from showcase.models import Liaison, UnitMember
from showcase.permissions.roles import NATIONAL_EDITORS
from tests.factories import UserFactory

from .liaison_sheets import GOOD_ROWS, build_sheet, make_directory
from .test_directory_admin import upload, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    return make_directory()


@pytest.fixture
def cut_off_on_the_second_row(monkeypatch):
    save = Liaison.save
    calls = []

    def save_until_the_database_goes(self, *args, **kwargs):
        calls.append(self.name)
        if len(calls) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Liaison, "save", save_until_the_database_goes)
    return calls


def _rows():
    return (
        Liaison.objects.count(),
        get_user_model().objects.count(),
        UnitMember.objects.count(),
        ModelLogEntry.objects.count(),
    )


def test_an_admin_import_cut_off_halfway_leaves_nothing(
    client, directory, cut_off_on_the_second_row, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(groups=[NATIONAL_EDITORS.group()]))
    client.raise_request_exception = False
    preview = upload(client, build_sheet(GOOD_ROWS))
    before = _rows()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("liaison", "import"), {"action": "confirm", "fingerprint": preview.context["fingerprint"]}
        )

    assert cut_off_on_the_second_row == ["张伟", "李娜"], "the first row was written before the failure"
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()
    assert _rows() == before
    assert mail.outbox == [], "no invitation for an account that was rolled back"


def test_a_command_import_cut_off_halfway_leaves_nothing(
    tmp_path, directory, cut_off_on_the_second_row, django_capture_on_commit_callbacks
):
    sheet = tmp_path / "联络员信息表.xlsx"
    sheet.write_bytes(build_sheet(GOOD_ROWS))
    before = _rows()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(OperationalError):
        call_command("showcase_import_liaisons", str(sheet), "--commit", stdout=io.StringIO())

    assert cut_off_on_the_second_row == ["张伟", "李娜"]
    assert _rows() == before
    assert mail.outbox == []
