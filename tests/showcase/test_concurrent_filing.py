"""Many units of one jurisdiction filing in the same second, as on a campaign day."""

import threading

import pytest
from django.db import connection, connections

from showcase.models import ActivityPage
from tests.factories import ActivityPageFactory

RACERS = 6


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; this race runs on PostgreSQL (CI's second pass)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_items_created_at_once_under_one_jurisdiction_are_all_saved(hebei):
    """Six units file at once, two by two with the same title: each thread on its own database connection."""
    errors = []
    barrier = threading.Barrier(RACERS)

    def file(n, slug):
        try:
            barrier.wait()
            ActivityPageFactory(parent=hebei, title=f"并发活动{n}", slug=slug)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file, args=(n, f"race-{n % 3}")) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    slugs = list(ActivityPage.objects.child_of(hebei).values_list("slug", flat=True))
    assert len(slugs) == RACERS
    assert len(set(slugs)) == RACERS, "two pages never share a link"
