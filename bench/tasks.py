"""The task the queue benchmark enqueues: no work of its own, so what is measured is the queue."""

from django_tasks import task


@task()
def noop(number):
    return number
