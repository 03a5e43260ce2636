"""A first page ranked among the index's nearest matches, and every page after it.

On PostgreSQL with the RUM index (``search`` migration 0003) a search ranks
the index's nearest matches (candidates) instead of every match; without the
index (the extension not installed) it ranks every match with ``ts_rank``.
On SQLite the candidates are FTS5's best rows, in the full ranking's order.
With fewer matches than candidates every page agrees with the backend's own
ranking of the same pages, with any filter; with more, paging lists every
match once.
"""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from search import database_engine
from search.segmentation import query_terms
from search.service import search
from search.types import SearchRequest
from tests.factories import ActivityPageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def _rum_available():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        return cursor.fetchone() is not None


def _use_the_rum_index():
    if not ON_POSTGRESQL:
        pytest.skip("the RUM index is PostgreSQL's")
    if not _rum_available():
        pytest.skip("the RUM extension is not installed on this PostgreSQL (.ci/run installs it)")
    from search.backends import postgres

    postgres.forget_rum_index()
    assert postgres.rum_index_ready(), "migration 0003 makes the index wherever the extension is available"


@pytest.fixture(params=["best from the index", "every match ranked"])
def ranking(request, monkeypatch, db):
    """Candidates from the index (PostgreSQL's RUM, FTS5's bounded sort), and every match ranked.

    On PostgreSQL the second is search where the RUM extension is missing.
    """
    if request.param == "best from the index" and ON_POSTGRESQL:
        _use_the_rum_index()
    elif ON_POSTGRESQL:
        from search.backends import postgres

        monkeypatch.setattr(postgres, "rum_index_ready", lambda alias="default": False)
    elif request.param == "every match ranked":
        monkeypatch.setattr(database_engine, "CANDIDATES_AT_MOST", 0)
    database_engine.forget_text_matches()
    yield request.param
    database_engine.forget_text_matches()


@pytest.fixture
def irrigation(hebei, vocab):
    """Twelve items holding 节水 once to twelve times (none ranked equal), in the title or not, a third in industry."""
    for n in range(12):
        sectors = [vocab["industry"]] if n % 3 == 0 else [vocab["education"]]
        title = f"灌溉{'节水' if n % 2 else '改造'}项目{n}"
        publish(ActivityPageFactory, hebei, title, f"{'节水' * (n + 1)}，第{n}期。", sectors)


def _request(query):
    return SearchRequest.from_querydict(QueryDict(query))


def _passing(request):
    base = database_engine.base_queryset(request)
    return base.filter(pk__in=database_engine.FilterContext(request.filters).apply(base).values("pk"))


def _engine_order(request, words):
    return database_engine.ranked_ids(_passing(request), query_terms(words), 0, 100)


@pytest.mark.parametrize(
    ("query", "per_page"), [("q=节水", 5), ("q=节水&sector=education", 3), ("q=节水&sector=industry", 1)]
)
def test_every_page_agrees_with_the_backends_ranking(irrigation, ranking, query, per_page):
    request = _request(f"{query}&per_page={per_page}")
    engine_order = _engine_order(request, "节水")
    assert len(engine_order) > 2 * per_page
    database_engine.forget_text_matches()
    for page in (1, 2, 3):
        result = search(_request(f"{query}&per_page={per_page}&page={page}"))
        assert [hit.page.pk for hit in result.hits] == engine_order[(page - 1) * per_page : page * per_page]
        assert result.total == len(engine_order)


def test_a_filter_too_narrow_for_the_candidates_ranks_every_match(irrigation, ranking, monkeypatch):
    monkeypatch.setattr(database_engine, "CANDIDATES_AT_MOST", 4)
    request = _request("q=节水&sector=industry&per_page=2")
    engine_order = _engine_order(request, "节水")
    database_engine.forget_text_matches()
    result = search(request)
    assert [hit.page.pk for hit in result.hits] == engine_order[:2]
    assert result.total == len(engine_order) == 4


def test_pages_beyond_the_candidates_list_every_match_once(irrigation, ranking, monkeypatch):
    """A first page ranked among a few candidates, the next pages from the whole ranking: nothing twice or lost."""
    monkeypatch.setattr(database_engine, "CANDIDATES", 4)
    monkeypatch.setattr(database_engine, "CANDIDATE_MARGIN", 1)
    engine_order = _engine_order(_request("q=节水"), "节水")
    database_engine.forget_text_matches()
    pages = [[hit.page.pk for hit in search(_request(f"q=节水&per_page=3&page={page}")).hits] for page in (1, 2, 3, 4)]
    listed = [page_id for page in pages for page_id in page]
    assert sorted(listed) == sorted(engine_order) and len(engine_order) == 12
    assert pages[0] == [page_id for page_id in engine_order if page_id in pages[0]], "in the backend's order"


def test_the_first_page_ranks_only_the_indexs_nearest_matches(irrigation):
    _use_the_rum_index()
    database_engine.forget_text_matches()
    with CaptureQueriesContext(connection) as queries:
        result = search(_request("q=节水&per_page=5"))
    nearest = [query["sql"] for query in queries if "<=>" in query["sql"]]
    assert nearest and all("LIMIT" in sql for sql in nearest), "candidates from the index's order, so many"
    ranking = [query["sql"] for query in queries if "ts_rank" in query["sql"]]
    assert ranking and all("<=>" in sql for sql in ranking), "ts_rank scores the candidates, never every match"
    assert result.total == 12 and [hit.page.pk for hit in result.hits] == _engine_order(_request("q=节水"), "节水")[:5]
