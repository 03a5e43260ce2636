"""The segmenting backend on PostgreSQL full-text search, with the ``simple`` configuration."""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from modelsearch.backends.database.postgres import postgres as postgres_engine

from search.backends.segmenting import DeferrableTitleNormsMixin, SegmentingBackendMixin, install

install(postgres_engine)


class ChinesePostgresSearchQueryCompiler(postgres_engine.PostgresSearchQueryCompiler):
    """What the database engine's facet index needs (``search.database_engine.TextMatch``): index entry ids.

    Queries on the index table alone, served by its GIN index on ``title || body``
    (``search`` migration 0002), where matching a page queryset joined every page
    to its entry, and ranking ranked the joined pages again for every filter.
    """

    def _matches(self, config):
        text = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        return postgres_engine.IndexEntry.objects.annotate(_text_=text).filter(
            _text_=self.build_tsquery(self.query, config=config)
        )

    def ranked_entry_ids(self, config=None):
        """Ids of every index entry (of any model) matching the query, best first as modelsearch ranks pages."""
        rank = self._build_rank_expression([(F("title"), F("title_norm")), (F("body"), 1.0)], config)
        return list(self._matches(config).order_by(rank.desc(), "-pk").values_list("pk", flat=True))

    def matching_entry_ids(self, config=None):
        """Ids of the index entries matching the query, unranked."""
        return list(self._matches(config).order_by().values_list("pk", flat=True))


class ChinesePostgresIndex(DeferrableTitleNormsMixin, postgres_engine.PostgresIndex):
    """modelsearch's index already writes a batch in one upsert; only its title norms wait for the end of a reindex."""


class ChinesePostgresSearchBackend(SegmentingBackendMixin, postgres_engine.PostgresSearchBackend):
    index_class = ChinesePostgresIndex
    query_compiler_class = ChinesePostgresSearchQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        # Stemming and stop words of any language would break segmented Chinese.
        self.config = params.get("SEARCH_CONFIG") or "simple"
