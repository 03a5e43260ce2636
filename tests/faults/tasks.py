"""A task for the kill drill: does its effect, then holds the worker until the test releases it."""

import time
from pathlib import Path

from django.contrib.auth.models import Group
from django_tasks import task

HOLD_SECONDS = 60


@task()
def make_group_then_hold(folder, name):
    """Note the run, create group ``name`` if it is missing (the idempotent effect), then wait for ``release``."""
    folder = Path(folder)
    with (folder / "runs").open("a") as runs:
        runs.write("run\n")
    Group.objects.get_or_create(name=name)
    (folder / "effect-done").touch()
    deadline = time.monotonic() + HOLD_SECONDS
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return name
