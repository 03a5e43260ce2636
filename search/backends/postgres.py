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


class RumDistance(Func):
    """``vector <=> query``: how far a match is from the query by RUM's score, the order a RUM index returns them in."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class ChinesePostgresSearchQueryCompiler(postgres_engine.PostgresSearchQueryCompiler):
    """What the database engine's facet index needs (``search.database_engine.TextMatch``): index entry ids.

    Queries on the index table alone, served by its GIN index on ``title || body``
    (``search`` migration 0002), where matching a page queryset joined every page
    to its entry, and ranking ranked the joined pages again for every filter.

    Ranking is modelsearch's (``ts_rank`` of title and body, per query
    clause). With the RUM index (migration 0003) a first page need not score
    every match: ``best_entry_ids`` takes the index's nearest matches by
    RUM's own score of ``title || body`` (computed in the index) as the
    candidates, and ranks only them.
    """

    def _text(self):
        return CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())

    def _matches(self, config):
        return postgres_engine.IndexEntry.objects.annotate(_text_=self._text()).filter(
            _text_=self.build_tsquery(self.query, config=config)
        )

    def ranks_best_from_index(self):
        """True when ``best_entry_ids`` costs less than ranking every match (the RUM index is there)."""
        return rum_index_ready(self.queryset.db)

    def _ranked(self, entries, config):
        rank = self._build_rank_expression([(F("title"), F("title_norm")), (F("body"), 1.0)], config)
        return entries.order_by(rank.desc(), "-pk").values_list("pk")

    def ranked_entry_ids(self, config=None):
        """Ids of every index entry (of any model) matching the query, best first as modelsearch ranks pages."""
        return [entry for (entry,) in _rows(self._ranked(self._matches(config), config))]

    def best_entry_ids(self, config, candidates):
        """The RUM index's ``candidates`` nearest matches, best first as ``ranked_entry_ids`` orders them.

        The index orders by its own score, computed from the positions it
        keeps (a read of the index, no row); only the candidates are ranked
        with ``ts_rank``, so a word found in ninety thousand pages costs what
        the index's scan costs, not ninety thousand rankings.
        """
        distance = RumDistance(self._text(), self.build_tsquery(self.query, config=config))
        nearest = self._matches(config).order_by(distance.asc()).values("pk")[:candidates]
        return [
            entry for (entry,) in _rows(self._ranked(postgres_engine.IndexEntry.objects.filter(pk__in=nearest), config))
        ]

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
