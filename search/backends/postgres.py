"""The segmenting backend on PostgreSQL full-text search, with the ``simple`` configuration."""

from django.contrib.postgres.search import SearchVectorField
from django.db import DatabaseError, connections
from django.db.models import F, FloatField, Func
from django.db.models.expressions import CombinedExpression
from modelsearch.backends.database.postgres import postgres as postgres_engine

from search.backends.segmenting import DeferrableTitleNormsMixin, SegmentingBackendMixin, install

install(postgres_engine)

# The RUM index on ``title || body`` (``search`` migration 0003), made only where the extension is installed.
RUM_INDEX = "search_indexentry_title_body_rum"
_rum_ready = {}


def rum_index_ready(alias="default"):
    """Whether the database holds the RUM index, asked once per process and database.

    Without it (the extension is not installed, or its user may not create it)
    search ranks with ``ts_rank`` over every match, as modelsearch does: slower
    for a common word, the same results in the same order of weight.
    """
    connection = connections[alias]
    key = (alias, connection.settings_dict["NAME"])
    if key not in _rum_ready:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [RUM_INDEX])
            _rum_ready[key] = cursor.fetchone() is not None
    return _rum_ready[key]


def forget_rum_index():
    """Ask the database again at the next search (after a migration adds or drops the index)."""
    _rum_ready.clear()


class RumScore(Func):
    """RUM's score of a vector for a query: ``ts_rank``'s weighting of positions, computable from the index."""

    function = "rum_ts_score"
    output_field = FloatField()


class RumDistance(Func):
    """``vector <=> query``: the inverse of ``RumScore``, the ordering a RUM index returns matches in."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


def _joined(vectors):
    """``v1 || v2 || …`` of the vectors of ``(vector, boost)`` pairs: one text, whose words keep their weights."""
    joined = vectors[0][0]
    for vector, _boost in vectors[1:]:
        joined = CombinedExpression(joined, "||", vector, output_field=SearchVectorField())
    return joined


class ChinesePostgresSearchQueryCompiler(postgres_engine.PostgresSearchQueryCompiler):
    """What the database engine's facet index needs (``search.database_engine.TextMatch``): index entry ids.

    Queries on the index table alone, served by its GIN index on ``title || body``
    (``search`` migration 0002), where matching a page queryset joined every page
    to its entry, and ranking ranked the joined pages again for every filter.

    With the RUM index (migration 0003) every ranking, this one and
    modelsearch's of a page queryset, is RUM's score of ``title || body``
    (title words weigh B, body words D, as ``ts_rank`` weighs them), and the
    best matches are read from the index in that order
    (``ranked_entry_ids(limit=…)``) instead of scoring every match.
    """

    def _text(self):
        return CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())

    def _matches(self, config):
        return postgres_engine.IndexEntry.objects.annotate(_text_=self._text()).filter(
            _text_=self.build_tsquery(self.query, config=config)
        )

    def _build_rank_expression(self, vectors, config):
        if rum_index_ready(self.queryset.db):
            return RumScore(_joined(vectors), self.build_tsquery(self.query, config=config))
        return super()._build_rank_expression(vectors, config)

    def ranks_best_from_index(self):
        """True when the best ``limit`` matches cost less than ranking them all (the RUM index)."""
        return rum_index_ready(self.queryset.db)

    def ranked_entry_ids(self, config=None, limit=None):
        """Ids of the index entries (of any model) matching the query, best first; with ``limit``, the best ``limit``.

        With the RUM index, in the index's order: by distance, ties as the
        index returns them, the same for any ``limit`` (an ``ORDER BY`` with
        a second key would sort every match instead of reading the index).
        """
        entries = self._matches(config)
        if rum_index_ready(self.queryset.db):
            distance = RumDistance(self._text(), self.build_tsquery(self.query, config=config))
            ordered = entries.order_by(distance.asc())
        else:
            rank = self._build_rank_expression([(F("title"), F("title_norm")), (F("body"), 1.0)], config)
            ordered = entries.order_by(rank.desc(), "-pk")
        ids = ordered.values_list("pk")
        return [entry for (entry,) in _rows(ids[:limit] if limit is not None else ids)]

    def matching_entry_ids(self, config=None):
        """Ids of the index entries matching the query, unranked."""
        return [entry for (entry,) in _rows(self._matches(config).order_by().values_list("pk"))]


def _rows(queryset):
    """The rows of ``queryset``, read through the full-text index even when the planner would rather not.

    For a word in nearly every page the planner prefers reading the whole
    table, not knowing that matching each row means joining its title and
    body vectors: three times slower than the index (1.7 s against 0.12 s
    for 节水 at 100,000 pages).
    """
    sql, params = queryset.query.sql_with_params()
    connection = connections[queryset.db]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        except DatabaseError:
            if not connection.in_atomic_block:
                cursor.execute("RESET enable_seqscan")
            raise  # in a transaction, its rollback undoes the setting
        cursor.execute("RESET enable_seqscan")
    return rows


class ChinesePostgresIndex(DeferrableTitleNormsMixin, postgres_engine.PostgresIndex):
    """modelsearch's index already writes a batch in one upsert; only its title norms wait for the end of a reindex."""


class ChinesePostgresSearchBackend(SegmentingBackendMixin, postgres_engine.PostgresSearchBackend):
    index_class = ChinesePostgresIndex
    query_compiler_class = ChinesePostgresSearchQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        # Stemming and stop words of any language would break segmented Chinese.
        self.config = params.get("SEARCH_CONFIG") or "simple"
