"""The fault drill: background work on the database queue, with the mail server or Elasticsearch away.

The queue's guarantees (enqueueing inside the request's transaction, row
locks that keep two workers off one task) are PostgreSQL's, which production
runs on: on SQLite these tests skip, and CI's PostgreSQL pass runs them.
The worker is driven in-process with a clock the test moves forward, except
in the kill test, which needs a real worker process to kill.
"""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the fault drill runs on PostgreSQL, as production does (DATABASE_URL=postgres://...)")


@pytest.fixture
def task_queue(settings):
    """Tasks go to the database queue, as in production, instead of running when enqueued."""
    settings.TASKS = DATABASE_BACKEND
    settings.TASK_MAX_ATTEMPTS = 5
    settings.TASK_RETRY_DELAY = 30
    return settings


def run_due_tasks():
    """Run every task due now, one at a time, through the real worker's ``run_task``; the number run.

    A task that fails is put back in the queue for later by ``config.background``, so it is not due again
    within this call: each call is one pass of the worker over what is due at the queue's present time.
    """
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="fault-drill",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def advance_clock(seconds):
    """Move the queue's clock ``seconds`` forward: the retries due by then become due now."""
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).exclude(run_after=get_date_max())
    waiting.update(run_after=F("run_after") - datetime.timedelta(seconds=seconds))


def statuses(task_path):
    """The statuses the queued tasks of ``task_path`` are in."""
    return sorted(set(DBTaskResult.objects.filter(task_path=task_path).values_list("status", flat=True)))
