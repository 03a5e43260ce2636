"""Long directory exports are built by the worker, as their requester, and handed only to them (campaign.exports)."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaign.exports import build_export, forget_expired_exports
from campaign.models import Export
from tests.factories import UserFactory

from .test_directory_admin import directory, url  # noqa: F401 - the directory fixture is shared

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(directory):  # noqa: F811
    return UserFactory(groups=[directory["hebei"].moderators], email="mod@hebei.example.cn")


@pytest.fixture
def queued(settings):
    """Every export goes to the worker, however short."""
    settings.EXPORT_INLINE_ROWS = 0
    return settings


@pytest.fixture
def ask_export(client, django_capture_on_commit_callbacks):
    """Ask a listing for its spreadsheet; the worker (here the immediate backend) runs once the request commits."""

    def ask(model, export_format="xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(url(model, "index"), {"export": export_format})

    return ask


def rows_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_a_long_export_is_built_as_its_requester_and_handed_over(
    client, moderator, queued, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.get(url("liaison", "index"), {"export": "xlsx"}, follow=True)

    assert asked.redirect_chain[-1][0] == reverse("campaign_exports")
    assert "正在准备" in asked.content.decode()
    export = Export.objects.get()
    assert (export.requested_by, export.status, export.rows) == (moderator, Export.Status.READY, 1)
    assert reverse("campaign_exports") in asked.content.decode(), (
        "the reports menu leads to the page once it has exports"
    )

    downloaded = client.get(reverse("campaign_export_download", args=[export.pk]))
    rows = rows_of(downloaded)
    assert [row[0] for row in rows[1:]] == ["冀联络"], "the moderator's scope holds in the worker too"
    assert rows[0][0] == "名称", "headings in the requester's language"
    assert "13933334444" not in str(rows)

    [email] = mail.outbox
    assert email.to == ["mod@hebei.example.cn"]
    assert reverse("campaign_exports") in email.body
    assert "13811112222" not in email.body, "the email points to the file; it never carries its data"


def test_a_short_export_is_still_answered_at_once(client, moderator, settings):
    settings.EXPORT_INLINE_ROWS = 5
    client.force_login(moderator)
    response = client.get(url("liaison", "index"), {"export": "xlsx"})
    assert [row[0] for row in rows_of(response)[1:]] == ["冀联络"]
    assert not Export.objects.exists()


def test_only_the_requester_sees_or_downloads_an_export(client, moderator, queued, directory, ask_export):  # noqa: F811
    client.force_login(moderator)
    ask_export("unit", "csv")
    export = Export.objects.get()
    assert export.status == Export.Status.READY

    other = UserFactory(groups=[directory["shanxi"].moderators])
    client.force_login(other)
    assert client.get(reverse("campaign_export_download", args=[export.pk])).status_code == 404
    listing = client.get(reverse("campaign_exports")).content.decode()
    assert export.filename not in listing


def test_an_export_whose_requester_lost_the_list_is_refused_not_built(
    client,
    moderator,
    queued,
    directory,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.get(url("liaison", "index"), {"export": "xlsx"})
    moderator.groups.clear()
    for callback in callbacks:
        callback()

    export = Export.objects.get()
    assert export.status == Export.Status.REFUSED
    assert not export.file
    assert not mail.outbox


def test_a_finished_export_is_never_built_twice(client, moderator, queued, ask_export):
    client.force_login(moderator)
    ask_export("liaison")
    export = Export.objects.get()

    assert build_export.call(export.pk) is False
    assert len(mail.outbox) == 1


def test_exports_are_deleted_with_their_files_after_the_keeping_days(client, moderator, queued, ask_export):
    client.force_login(moderator)
    ask_export("liaison")
    export = Export.objects.get()
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)

    later = timezone.now() + datetime.timedelta(days=queued.EXPORT_KEEP_DAYS, minutes=1)
    assert forget_expired_exports(now=later) == 1
    assert not Export.objects.exists()
    assert not storage.exists(name)
