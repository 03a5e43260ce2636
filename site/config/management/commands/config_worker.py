"""The task worker: django-tasks-db's ``db_worker`` with a heartbeat that recovers the tasks of dead workers."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from config import background


class Command(DatabaseWorkerCommand):
    help = (
        "Run queued background tasks (emails, Elasticsearch sync, certificates, exports, reindexing) until stopped. "
        "Failed tasks are retried with backoff; tasks left running by a worker that died are queued again."
    )

    def handle(self, *args, worker_id, **options):
        background.requeue_abandoned(restarted_worker=worker_id)
        background.beat(worker_id)
        heartbeat = background.Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
