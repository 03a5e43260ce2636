"""A worker killed (SIGKILL) in the middle of a task: another worker runs the task again, its effect happens once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.faults.tasks import make_group_then_hold

REPO_DIR = Path(__file__).resolve().parents[2]
POLL_TIMEOUT = 60

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _database_url():
    database = connection.settings_dict
    user = database["USER"] or "postgres"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{database['NAME']}"


def _start_worker(worker_id, log, *extra):
    """The real worker command, on the test database, with a heartbeat short enough for a quick drill."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "TASK_BACKEND": "database",
        "TASK_WORKER_HEARTBEAT": "0.2",
        "TASK_WORKER_TIMEOUT": "1",
        "PYTHONPATH": os.pathsep.join([str(REPO_DIR / "site"), str(REPO_DIR)]),
    }
    command = [sys.executable, "site/manage.py", "config_worker", "--worker-id", worker_id, "--no-reload"]
    command += ["--no-startup-delay", "--interval", "0.1", *extra]
    return subprocess.Popen(command, cwd=REPO_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT)


def _wait_for(condition, what):
    deadline = time.monotonic() + POLL_TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_task_whose_worker_was_killed_runs_again_and_its_effect_happens_once(task_queue, tmp_path):
    result = make_group_then_hold.enqueue(str(tmp_path), "节水宣传志愿者")
    with (tmp_path / "first.log").open("wb") as log:
        first = _start_worker("drill-first", log)
        try:
            _wait_for((tmp_path / "effect-done").exists, "the first worker to start the task")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=POLL_TIMEOUT)
        finally:
            first.kill()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.RUNNING, "the dead worker left the task running"

    (tmp_path / "release").touch()
    with (tmp_path / "second.log").open("wb") as log:
        second = _start_worker("drill-second", log, "--max-tasks", "1")
        try:
            second.wait(timeout=POLL_TIMEOUT)
        finally:
            second.kill()
    output = (tmp_path / "second.log").read_text()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL, output
    assert row.worker_ids == ["drill-first", "drill-second"]
    assert (tmp_path / "runs").read_text().count("run") == 2, "the task ran again from the start"
    assert Group.objects.filter(name="节水宣传志愿者").count() == 1, "its effect happened once"
