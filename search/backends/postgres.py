"""The segmenting backend on PostgreSQL full-text search, with the ``simple`` configuration."""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from modelsearch.backends.database.postgres import postgres as postgres_engine

from search.backends.segmenting import DeferrableTitleNormsMixin, SegmentingBackendMixin, install

install(postgres_engine)


class ChinesePostgresSearchQueryCompiler(postgres_engine.PostgresSearchQueryCompiler):
    def ranked_entry_ids(self, config=None):
        """Ids of every index entry (of any model) matching the query, best first as modelsearch ranks pages.

        What the database engine's facet index needs (``search.database_engine.TextMatch``): one query on
        the index table alone, served by its GIN index on ``title || body`` (``search`` migration 0002),
        where ranking a page queryset joined every page to its entry and ranked again for every filter.
        """
        search_query = self.build_tsquery(self.query, config=config)
        vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
        rank = self._build_rank_expression(vectors, config)
        ranked = (
            postgres_engine.IndexEntry.objects.annotate(
                _text_=CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
            )
            .filter(_text_=search_query)
            .order_by(rank.desc(), "-pk")
            .values_list("pk", flat=True)
        )
        return list(ranked)


class ChinesePostgresIndex(DeferrableTitleNormsMixin, postgres_engine.PostgresIndex):
    """modelsearch's index already writes a batch in one upsert; only its title norms wait for the end of a reindex."""


class ChinesePostgresSearchBackend(SegmentingBackendMixin, postgres_engine.PostgresSearchBackend):
    index_class = ChinesePostgresIndex
    query_compiler_class = ChinesePostgresSearchQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        # Stemming and stop words of any language would break segmented Chinese.
        self.config = params.get("SEARCH_CONFIG") or "simple"
