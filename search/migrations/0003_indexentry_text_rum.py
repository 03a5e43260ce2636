"""A RUM index on the search index's ``title || body``, on PostgreSQL where the RUM extension is installed.

A GIN index finds the pages holding a word, but ranking them means reading
and scoring every match: ninety thousand rows and 600 ms for a word found in
nearly every page. RUM keeps each word's positions in the index and returns
matches nearest first (``ORDER BY vector <=> query``, scored in the index), so
a first page ranks a few hundred of the nearest matches with ``ts_rank``
instead of every match (``search.database_engine.TextMatch``).

The extension is a separate Debian package (``postgresql-15-rum``; ``.ci/run``
and ``make bench`` install it). Where it is not available, or the database
user may not create it, nothing is created and search ranks with ``ts_rank``
as before (``search.backends.postgres.rum_index_ready``). Built concurrently,
so a live site keeps indexing pages while it builds.
"""

from django.db import DatabaseError, migrations

EXTENSION = "rum"
INDEX = "search_indexentry_title_body_rum"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", [EXTENSION])
        if cursor.fetchone() is None:
            return
        try:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}")
        except DatabaseError:
            return  # not allowed to this database user: search ranks without it
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
        "USING rum ((title || body) rum_tsvector_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0002_indexentry_text_gin")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
