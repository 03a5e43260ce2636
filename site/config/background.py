"""What happens to background work that fails: retried with backoff, recovered from dead workers, then reported.

The apps' tasks (review and invitation emails, Elasticsearch sync,
certificates, exports, reindexing) only raise when their work did not get
done; none of them schedules its own retry. The one policy lives here, for
every task on the database backend:

- a failed task goes back to the queue with ``run_after = now + backoff(attempt)``
  until it has been tried ``TASK_MAX_ATTEMPTS`` times, then stays failed, and
  national editors see it in the admin's failed-tasks report
  (``config.task_report``), where they can retry it once more;
- the same row is reused, so the attempts are the row's worker ids and a
  retry never duplicates work that another attempt already queued;
- a worker that dies in the middle of a task (SIGKILL, out of memory, a lost
  machine) leaves the row RUNNING forever: django-tasks-db 0.13 never
  reclaims it. Every worker of ours (``config_worker``) marks itself alive
  in ``WorkerHeartbeat`` and puts back in the queue the tasks of workers
  that stopped marking for ``TASK_WORKER_TIMEOUT`` seconds. Such a task runs
  again from the start, so tasks must be idempotent (each app's docstrings
  say how theirs are).

With the immediate backend (development, the demo, tests) there is no later:
a failure is logged by django-tasks and the request goes on.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from config.models import WorkerHeartbeat, attempts

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded as a task's error when its worker died during its last allowed attempt."""


def backoff(attempt):
    """The wait before attempt ``attempt + 1``: ``TASK_RETRY_DELAY`` doubled per attempt, at most the maximum."""
    seconds = settings.TASK_RETRY_DELAY * 2 ** max(attempt - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.TASK_RETRY_MAX_DELAY))


def is_worth_retrying(exception_class_path):
    """False for a vanished row, which no wait brings back.

    Wagtail's index tasks raise ``<Model>.DoesNotExist`` for an object deleted
    before they ran: such a task stays failed at once, in the report, rather
    than after an hour of retries.
    """
    return not exception_class_path.endswith("DoesNotExist")


def retry_later(sender, task_result, **kwargs):
    """``task_finished`` receiver: a failed database task goes back to the queue until its last attempt."""
    db_result = getattr(task_result, "db_result", None)
    if db_result is None or task_result.status != TaskResultStatus.FAILED:
        return
    attempt = attempts(db_result)
    if attempt >= settings.TASK_MAX_ATTEMPTS or not is_worth_retrying(db_result.exception_class_path):
        logger.error(
            "Task %s (%s) failed %d times with %s; it stays in the failed-tasks report",
            db_result.pk,
            db_result.task_path,
            attempt,
            db_result.exception_class_path,
        )
        return
    run_after = timezone.now() + backoff(attempt)
    DBTaskResult.objects.filter(pk=db_result.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    logger.warning(
        "Task %s (%s) failed with %s (attempt %d of %d); retrying after %s",
        db_result.pk,
        db_result.task_path,
        db_result.exception_class_path,
        attempt,
        settings.TASK_MAX_ATTEMPTS,
        run_after.isoformat(timespec="seconds"),
    )


def retry_now(result_id):
    """Queue a failed task once more, now; False if it is not failed any more (a second click, another editor)."""
    updated = DBTaskResult.objects.filter(pk=result_id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None
    )
    return updated == 1


def beat(worker_id, now=None):
    """Mark ``worker_id`` alive, and forget workers silent for a day."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()


def requeue_abandoned(now=None, restarted_worker=None):
    """Put back in the queue the tasks left RUNNING by workers silent for ``TASK_WORKER_TIMEOUT`` seconds.

    ``restarted_worker`` is a worker starting under the id it had before (a
    systemd instance restarted after a crash): whatever still runs under that
    id was left by its previous process, however fresh the heartbeat.
    A task on its last allowed attempt is marked failed (``WorkerLost``)
    instead, so a task that kills its worker (out of memory) does not kill
    every worker in turn forever. Returns the number of tasks requeued.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.TASK_WORKER_TIMEOUT)
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    alive.discard(restarted_worker)
    requeued = 0
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for result in running:
            last_worker = result.worker_ids[-1] if result.worker_ids else None
            if last_worker in alive or (last_worker != restarted_worker and result.started_at >= cutoff):
                continue
            if attempts(result) >= settings.TASK_MAX_ATTEMPTS:
                result.set_failed(WorkerLost("the worker stopped during the task's last attempt"))
                logger.error("Task %s (%s): its worker stopped during the last attempt", result.pk, result.task_path)
                continue
            result.status = TaskResultStatus.READY
            result.run_after = now
            result.save(update_fields=["status", "run_after"])
            requeued += 1
            logger.warning("Task %s (%s): its worker stopped; queued again", result.pk, result.task_path)
    return requeued


class Heartbeat(threading.Thread):
    """Beside the worker's loop: marks the worker alive and recovers the tasks of dead workers, until stopped."""

    def __init__(self, worker_id):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.TASK_WORKER_HEARTBEAT):
                close_old_connections()
                try:
                    beat(self.worker_id)
                    requeue_abandoned()
                except Exception:  # a database hiccup must not stop the heartbeat: the next beat tries again
                    logger.exception("Worker heartbeat failed")
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()


def connect():
    task_finished.connect(retry_later, dispatch_uid="config-background-retry")
