"""The segmenting backend on SQLite FTS5, ranking title matches above body matches."""

from modelsearch.backends.database.sqlite import sqlite as sqlite_engine
from modelsearch.backends.database.sqlite.query import BM25, SQLiteFTSIndexEntry

from search.backends.segmenting import SegmentingBackendMixin, install

# How much more a word in the title counts than the same word in the body (Wagtail boosts titles by 2).
TITLE_WEIGHT = 3.0

install(sqlite_engine)


class TitleWeightedBM25(BM25):
    """FTS5's bm25 with the title column counting more than the body.

    The stock SQLite ranking calls ``bm25()`` with equal column weights, so a
    short page that mentions a word once in passing outranks the page named
    after it. The weights follow the FTS table's columns: (autocomplete, body, title).
    """

    def as_sql(self, compiler, connection, function=None, template=None):
        table = SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 0.0, 1.0, {TITLE_WEIGHT})", []


class ChineseSQLiteSearchQueryCompiler(sqlite_engine.SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        return TitleWeightedBM25()


class ChineseSQLiteSearchBackend(SegmentingBackendMixin, sqlite_engine.SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteSearchQueryCompiler
