"""The segmenting backend on SQLite FTS5, ranking title matches above body matches."""

import copy

from django.db import connections
from django.db.models import Case, TextField, Value, When
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite import sqlite as sqlite_engine
from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, SQLiteFTSIndexEntry, normalize
from modelsearch.query import And, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search.backends.segmenting import DeferrableTitleNormsMixin, SegmentingBackendMixin, install

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


class SingleScanRankingMixin:
    """Ranks with one full-text scan instead of one per result.

    The stock compiler orders results by a correlated subquery that runs the
    ``MATCH`` again for every matching row, so ranking grows with the square of
    the number of matches: seconds for a common word over a few thousand
    pages, minutes over a hundred thousand. Here a slice of results (what a
    results page or the admin listing asks for) is ranked in a single FTS
    query, restricted to the rows of the caller's queryset; asking for all
    results at once (a count, an unsliced listing) skips the ranking.
    """

    def rank_expression(self):
        return TitleWeightedBM25()

    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        rankable = isinstance(query, (PlainText, Phrase, And, Or))
        if not self.order_by_relevance or score_field is not None or not rankable:
            return super().search(config, start, stop, score_field)
        if stop is None:
            unranked = copy.copy(self)
            unranked.order_by_relevance = False
            return super(SingleScanRankingMixin, unranked).search(config, start, stop)

        candidates = self.queryset.order_by().annotate(_object_id=Cast("pk", TextField())).values("_object_id")
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        ranked_ids = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model),
                index_entry__object_id__in=candidates,
            )
            .annotate(score=self.rank_expression())
            .order_by("score", "index_entry__object_id")
            .values_list("index_entry__object_id", flat=True)[start or 0 : stop]
        )
        pk_field = self.queryset.model._meta.pk
        ids = [pk_field.to_python(object_id) for object_id in ranked_ids]
        position = Case(*[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)], default=Value(len(ids)))
        return self.queryset.filter(pk__in=ids).annotate(_search_rank=position).order_by("_search_rank")

    # What the database engine's facet index needs (``search.database_engine.TextMatch``): entry ids, which the
    # index maps to its pages, with no join to the entry or page tables. The rows are read with a plain cursor:
    # Django's handling of ninety thousand of them one by one would cost more than the scan.

    def _matches(self, config):
        query = normalize(self.query)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        return SQLiteFTSIndexEntry.objects.filter(match).order_by()

    def ranked_entry_ids(self, config=None):
        """Ids of every index entry (of any model) matching the query, best first, ties by id: one FTS scan.

        FTS5 scores and sorts in C.
        """
        ranked = self._matches(config).annotate(score=self.rank_expression()).order_by("score", "pk")
        return _entry_ids(ranked)

    def matching_entry_ids(self, config=None):
        """Ids of the index entries matching the query, unranked: the scan without the scoring."""
        return _entry_ids(self._matches(config))

    def ranks_best_from_index(self):
        """True: FTS5 keeps only the best rows while it scores (a bounded sort), cheaper than ordering every match.

        The unranked set and the best 200 cost 45 + 127 ms for 节水 at
        100,000 pages where ranking every match cost 188 ms, before reading
        ninety thousand ordered ids.
        """
        return True

    def best_entry_ids(self, config, candidates):
        """The first ``candidates`` ids of ``ranked_entry_ids``: the same order, cut short (ties by id)."""
        ranked = self._matches(config).annotate(score=self.rank_expression()).order_by("score", "pk")
        return _entry_ids(ranked[:candidates])


def _entry_ids(entries):
    query = entries.values_list("pk", flat=True)
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [entry for (entry,) in cursor.fetchall()]


class ChineseSQLiteSearchQueryCompiler(SingleScanRankingMixin, sqlite_engine.SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        return TitleWeightedBM25()


class ChineseSQLiteAutocompleteQueryCompiler(SingleScanRankingMixin, sqlite_engine.SQLiteAutocompleteQueryCompiler):
    """Titles offered while typing: matched on the autocomplete column, so ranked by plain bm25."""

    def rank_expression(self):
        return BM25()


class ChineseSQLiteIndex(DeferrableTitleNormsMixin, sqlite_engine.SQLiteIndex):
    def add_items(self, model, objs):
        """modelsearch's ``add_items`` with one upsert per batch instead of one ``UPDATE`` per page already indexed.

        As with modelsearch's ``UPDATE``, a row already there keeps its id (the
        facet index maps entry ids to pages) and its title norm.
        """
        if not model.get_search_fields() or not objs:
            return
        content_type_pk = get_content_type_pk(model)
        entries = {}
        for obj in objs:
            indexer = sqlite_engine.ObjectIndexer(obj, self.backend)
            entries[indexer.id] = sqlite_engine.IndexEntry(
                content_type_id=content_type_pk,
                object_id=indexer.id,
                title=indexer.title,
                autocomplete=indexer.autocomplete,
                body=indexer.body,
            )
        self.entries.bulk_create(
            entries.values(),
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=["title", "autocomplete", "body"],
        )
        self._refresh_title_norms()


class ChineseSQLiteSearchBackend(SegmentingBackendMixin, sqlite_engine.SQLiteSearchBackend):
    index_class = ChineseSQLiteIndex
    query_compiler_class = ChineseSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
