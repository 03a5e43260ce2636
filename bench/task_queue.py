"""What the task queue costs: enqueueing in a request's transaction, and how fast workers drain the queue.

    DATABASE_URL=postgres://.../jieshui_bench REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python -m bench.task_queue

Runs on its own database (it migrates it, and deletes only the rows of its own
task). Measures, for ``--tasks`` no-op tasks:

- enqueue on django-tasks-db: one ``INSERT`` into the queue table inside the
  surrounding transaction, median and 95th percentile per task;
- the Redis round trip an RQ enqueue needs at the least (one pipelined
  ``HSET`` of the job and ``LPUSH`` of its id, what ``rq`` sends), for
  comparison, when ``REDIS_URL`` is set: it is a floor for django-tasks-rq, not
  django-tasks-rq itself, which this project does not install;
- the real worker command (``config_worker --batch``) draining the queue with
  1 and then 2 processes, tasks per second, process start-up included.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid

from bench.django_setup import REPO, setup

TASK_PATH = "bench.tasks.noop"


def _percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def measure_enqueue(count):
    from django.db import transaction

    from bench.tasks import noop

    samples = []
    with transaction.atomic():
        for number in range(count):
            started = time.perf_counter()
            noop.enqueue(number)
            samples.append(time.perf_counter() - started)
    return _percentiles(samples)


def measure_redis(url, count):
    import redis

    client = redis.Redis.from_url(url)
    samples = []
    for number in range(count):
        job_id = str(uuid.uuid4())
        payload = json.dumps({"task": TASK_PATH, "args": [number], "kwargs": {}})
        started = time.perf_counter()
        pipeline = client.pipeline()
        pipeline.hset(f"bench:job:{job_id}", mapping={"data": payload, "status": "queued"})
        pipeline.lpush("bench:queue", job_id)
        pipeline.execute()
        samples.append(time.perf_counter() - started)
    keys = list(client.scan_iter("bench:job:*"))
    if keys:
        client.delete(*keys)
    client.delete("bench:queue")
    return _percentiles(samples)


def measure_workers(count, processes):
    """Enqueue ``count`` tasks (committed), then time ``processes`` batch workers until the queue is empty."""
    from django_tasks_db.models import DBTaskResult

    from bench.tasks import noop

    for number in range(count):
        noop.enqueue(number)
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "site"), str(REPO)])}
    command = [sys.executable, "site/manage.py", "config_worker", "--batch", "--no-startup-delay", "--interval", "0"]
    started = time.perf_counter()
    workers = [
        subprocess.Popen([*command, "--worker-id", f"bench-{n}", "-v", "0"], cwd=REPO, env=environment)  # noqa: S603 - our own fixed command
        for n in range(processes)
    ]
    for worker in workers:
        worker.wait()
    elapsed = time.perf_counter() - started
    done = DBTaskResult.objects.filter(task_path=TASK_PATH, status="SUCCESSFUL").count()
    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()
    return done, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=2000, help="tasks per measurement (default 2000)")
    options = parser.parse_args()
    os.environ["TASK_BACKEND"] = "database"
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    call_command("migrate", verbosity=0)
    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, {options.tasks} tasks per measurement")

    median, p95 = measure_enqueue(options.tasks)
    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()
    print(f"enqueue, django-tasks-db, in a transaction: median {median:.3f} ms, p95 {p95:.3f} ms")
    if os.environ.get("REDIS_URL"):
        median, p95 = measure_redis(os.environ["REDIS_URL"], options.tasks)
        print(f"enqueue floor of RQ (HSET+LPUSH round trip) on Redis: median {median:.3f} ms, p95 {p95:.3f} ms")
    for processes in (1, 2):
        done, elapsed = measure_workers(options.tasks, processes)
        print(
            f"config_worker x{processes}: {done} tasks in {elapsed:.1f} s = {done / elapsed:.0f} tasks/s"
            " (start-up included)"
        )


if __name__ == "__main__":
    main()
