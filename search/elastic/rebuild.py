"""The index rebuild as background work, for operators who queue it rather than wait for it at a terminal."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def rebuild_index(batch_size):
    """Run ``search_rebuild_elasticsearch``; a cluster away fails the task, and the worker retries it later.

    Running it twice is harmless: each run builds a fresh index and moves the alias to it.
    """
    call_command("search_rebuild_elasticsearch", batch_size=batch_size, verbosity=0, stdout=io.StringIO())
    return True
