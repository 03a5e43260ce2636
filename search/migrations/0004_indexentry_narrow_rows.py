"""Keep the search index's rows narrow on PostgreSQL: its vectors and texts stored out of line (TOAST).

A row held about 2.8 kB inline (title, body and autocomplete vectors, title
and body texts), so the 100,000 rows of the demo filled 306 MB, and finding
every page holding a common word (for exact totals and facet counts) read
half of it: the rows' ids are all that needs from there (ranking reads the
vectors of a few hundred candidates, ``search.database_engine.TextMatch``). With ``toast_tuple_target`` at its minimum the large
values move to the table's TOAST relation and the rows fill 17 MB; matching
reads the same index and a twentieth of the pages (0.28 s to 0.04–0.11 s
for 节水 under load). Scoring a row with ``ts_rank`` (where the RUM index is missing)
then reads its vectors from the TOAST relation instead.

Rows take the setting when they are next written (every reindex rewrites
them); ``VACUUM FULL wagtailsearch_indexentry`` rewrites them at once.
"""

from django.db import migrations


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE wagtailsearch_indexentry SET (toast_tuple_target = 128)")


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE wagtailsearch_indexentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_indexentry_text_rum")]

    operations = [migrations.RunPython(narrow, widen, elidable=False)]
