"""The segmenting backend on PostgreSQL full-text search, with the ``simple`` configuration."""

from modelsearch.backends.database.postgres import postgres as postgres_engine

from search.backends.segmenting import SegmentingBackendMixin, install

install(postgres_engine)


class ChinesePostgresSearchBackend(SegmentingBackendMixin, postgres_engine.PostgresSearchBackend):
    def __init__(self, params):
        super().__init__(params)
        # Stemming and stop words of any language would break segmented Chinese.
        self.config = params.get("SEARCH_CONFIG") or "simple"
