"""The segmenting backend on PostgreSQL full-text search, with the ``simple`` configuration."""

from modelsearch.backends.database.postgres import postgres as postgres_engine

from search.backends.segmenting import DeferrableTitleNormsMixin, SegmentingBackendMixin, install

install(postgres_engine)


class ChinesePostgresIndex(DeferrableTitleNormsMixin, postgres_engine.PostgresIndex):
    """modelsearch's index already writes a batch in one upsert; only its title norms wait for the end of a reindex."""


class ChinesePostgresSearchBackend(SegmentingBackendMixin, postgres_engine.PostgresSearchBackend):
    index_class = ChinesePostgresIndex

    def __init__(self, params):
        super().__init__(params)
        # Stemming and stop words of any language would break segmented Chinese.
        self.config = params.get("SEARCH_CONFIG") or "simple"
