"""Backup and restore: the demo campaign exported, restored into a fresh database, and found identical.

The restore runs as the real command in another process against a freshly
migrated database (an SQLite file, or a new PostgreSQL database when the
suite runs on PostgreSQL), then prints the fingerprint of what it restored:
row counts of every table the backup carries and a checksum of every page's
fields and revisions, which must equal the source's.
"""

import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from campaign import backup
from campaign.models import CampaignHomePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Assert on the English msgids, whatever the catalog holds."""
    with translation.override("en"):
        yield


SITE_DIR = Path(__file__).resolve().parents[2] / "site"
FINGERPRINT = (
    "import json; from campaign.backup import fingerprint, database_is_empty; "
    "from campaign.models import CampaignHomePage; "
    "page = CampaignHomePage.objects.filter(slug='jieshui-2023').first(); "
    "print(json.dumps({'empty': database_is_empty(), "
    "'fingerprint': fingerprint(page) if page else None}))"
)


class EmptyDatabase:
    """A freshly migrated database beside the test database, with its own media folder."""

    def __init__(self, tmp_path):
        self.media = tmp_path / "media"
        default = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            self.name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
            self._admin(f'CREATE DATABASE "{self.name}"')
            user = default["USER"] + (f":{default['PASSWORD']}" if default.get("PASSWORD") else "")
            self.url = f"postgres://{user}@{default['HOST'] or '127.0.0.1'}:{default['PORT'] or 5432}/{self.name}"
        else:
            self.name = None
            self.url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        self.manage("migrate", "--noinput")

    def _admin(self, statement):
        import psycopg

        params = connection.get_connection_params()
        params["dbname"] = "postgres"
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(statement)

    def manage(self, *arguments, check=True):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "0",
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
        }
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=SITE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check:
            assert result.returncode == 0, result.stderr[-3000:]
        return result

    def state(self):
        return json.loads(self.manage("shell", "-c", FINGERPRINT).stdout.strip().splitlines()[-1])

    def drop(self):
        if self.name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def empty_database(tmp_path):
    database = EmptyDatabase(tmp_path)
    yield database
    database.drop()


@pytest.fixture
def demo_archive(tmp_path):
    # The archive is of the 2023 campaign (with its award round); its zone holds a tenth of the activities.
    call_command("campaign_demo", activities=400, records=60, stdout=io.StringIO(), stderr=io.StringIO())
    campaign = CampaignHomePage.objects.get(slug="jieshui-2023")
    archive = tmp_path / "jieshui-2023.zip"
    call_command("campaign_export", campaign.slug, str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    return campaign, archive


def _broken_copy(archive, broken):
    """The archive with one more row at the end, a liaison of a unit that does not exist."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "data.json":
                rows = json.loads(data)
                rows.append({"model": "showcase.liaison", "pk": 999999, "fields": {"unit": 999999, "name": "断"}})
                data = json.dumps(rows).encode()
            target.writestr(item, data)


def test_a_campaign_restores_whole_into_an_empty_database_or_not_at_all(demo_archive, empty_database, tmp_path):
    campaign, archive = demo_archive
    source = json.loads(json.dumps(backup.fingerprint(campaign)))
    for table in ("showcase.activitypage", "wagtailcore.revision", "wagtailcore.taskstate", "showcase.itemrating"):
        assert source["counts"][table] > 0, table
    for table in ("assessment.coveragerecord", "assessment.expertscore", "assessment.certificate"):
        assert source["counts"][table] > 0, table
    broken = tmp_path / "broken.zip"
    _broken_copy(archive, broken)

    failed = empty_database.manage("campaign_restore", str(broken), check=False)

    assert failed.returncode != 0
    assert empty_database.state() == {"empty": True, "fingerprint": None}, "a failed restore leaves nothing"
    assert not any(path.is_file() for path in empty_database.media.rglob("*")), "nor any media file"

    empty_database.manage("campaign_restore", str(archive))

    restored = empty_database.state()
    assert restored["empty"] is False
    assert restored["fingerprint"]["counts"] == source["counts"]
    assert restored["fingerprint"]["pages"] == source["pages"]
    with zipfile.ZipFile(archive) as contents:
        media = json.loads(contents.read("manifest.json"))["media"]
    assert media, "the demo's images travel with the backup"
    for name in media:
        assert (empty_database.media / name).read_bytes() == (Path(settings.MEDIA_ROOT) / name).read_bytes()

    again = empty_database.manage("campaign_restore", str(archive), check=False)
    assert again.returncode != 0, "a second restore is refused"
    assert empty_database.state() == restored


def test_a_database_with_content_is_refused_and_left_alone(campaign, tmp_path):
    archive = tmp_path / "campaign.zip"
    backup.export_campaign(campaign, archive)
    before = backup.fingerprint(campaign)
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore_archive(archive)
    assert backup.fingerprint(campaign) == before


def test_an_unknown_campaign_or_a_foreign_file_gets_a_clear_message(campaign, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no campaign with the slug"):
        call_command("campaign_export", "no-such-campaign", str(tmp_path / "x.zip"), stdout=io.StringIO())
    not_a_backup = tmp_path / "notes.zip"
    with zipfile.ZipFile(not_a_backup, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with zipfile.ZipFile(not_a_backup) as archive, pytest.raises(backup.BackupError, match="not a campaign backup"):
        backup.read_manifest(archive)


def test_an_export_interrupted_halfway_leaves_no_file(campaign, tmp_path, monkeypatch):
    calls = []
    real = backup._write_rows

    def fail_on_the_third_table(stream, objects, first):
        calls.append(len(objects))
        if len(calls) == 3:
            raise OSError("No space left on device")
        return real(stream, objects, first)

    monkeypatch.setattr(backup, "_write_rows", fail_on_the_third_table)
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no file was left"):
        call_command(
            "campaign_export", campaign.slug, str(tmp_path / "out.zip"), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert list(tmp_path.iterdir()) == []
