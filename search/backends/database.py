"""Wagtail's database search backend, taught to read Chinese.

Set as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.database"``.
It is the stock backend for the database in use (SQLite FTS5 or PostgreSQL
full-text search) with two changes, so that everything built on Wagtail's
search finds Chinese words: the admin's page search, choosers, snippet
listings, and our public search.

- Indexing: every text value is cut into words by ``search.segmentation``
  before it is stored, and a title also stores its single Chinese characters
  so that a one-character query finds titles containing that character.
- Searching: a query string is cut the same way and becomes an ``And`` of one
  ``Or`` per query word (the word, its synonyms, and the shorter words that
  spell it), which both engines compile natively.

modelsearch builds index rows with a module-level ``ObjectIndexer`` class and
offers no setting to replace it, so the indexers of the two engine modules are
swapped for subclasses that segment when (and only when) the backend asks for
it. ``tests/search/test_database_backend.py`` fails if a modelsearch upgrade
stops this from taking effect.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as stock_backend_for


def SearchBackend(params):
    """The segmenting version of the backend modelsearch picks for the default database.

    Where modelsearch falls back to its plain ``LIKE`` backend (no FTS5 yet,
    e.g. halfway through the first migration) that fallback is used as is.
    The engine modules are imported only for the database in use: each one
    needs its own models, which exist only on its engine.
    """
    stock = stock_backend_for(params)
    if connection.vendor == "postgresql":
        from search.backends.postgres import ChinesePostgresSearchBackend, postgres_engine

        if isinstance(stock, postgres_engine.PostgresSearchBackend):
            return ChinesePostgresSearchBackend(params)
    elif connection.vendor == "sqlite":
        from search.backends.sqlite import ChineseSQLiteSearchBackend, sqlite_engine

        if isinstance(stock, sqlite_engine.SQLiteSearchBackend):
            return ChineseSQLiteSearchBackend(params)
    return stock
