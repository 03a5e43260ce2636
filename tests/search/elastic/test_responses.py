"""Reading Elasticsearch's answers: hits, totals, facet counts, highlights and suggestions.

Each test sends a real request through the client and gets a recorded
response back (see ``recording``), so the parsing is tested on what the
client really hands over.
"""

from search.elastic import engine
from search.segmentation import query_terms
from search.types import FACETS, SearchFilters, SearchRequest

SEARCH = r"/jieshui-items/_search"


def _search(text, **request):
    search_request = SearchRequest(text=text, **request)
    return engine.search(search_request, query_terms(search_request.text))


def test_the_request_sent_is_the_built_one(cassette):
    cassette.on("POST", SEARCH, "search_facets")
    request = SearchRequest(text="节水", filters=SearchFilters(region=("hebei",)), page=2)
    engine.search(request, query_terms("节水"))
    [sent] = cassette.requests
    assert sent.body == engine.build_search(request, query_terms("节水")).to_dict()


def test_hits_come_back_as_page_ids_in_the_engines_order_with_the_total(cassette):
    cassette.on("POST", SEARCH, "search_facets")
    result = _search("节水")
    assert result.ids == [101, 57, 230]
    assert result.total == 27
    assert result.engine == "elasticsearch"


def test_every_facet_has_its_counts_keyed_by_value(cassette):
    cassette.on("POST", SEARCH, "search_facets")
    counts = _search("节水").facet_counts
    assert set(counts) == set(FACETS)
    assert counts["type"] == {"activity": 19, "video": 6, "news": 2}
    assert counts["campaign"] == {"jieshui-2023": 27}
    assert counts["region"] == {"hebei": 14, "shijiazhuang": 9, "shanxi": 12}
    assert counts["rating"] == {"A": 4, "A+": 2}
    assert counts["year"] == {"2023": 25, "2024": 2}
    assert counts["featured"] == {"yes": 3}


def test_empty_facets_are_empty_and_featured_with_no_items_has_no_value(cassette):
    cassette.on("POST", SEARCH, "search_few_hits")
    counts = _search("节税宣传").facet_counts
    assert counts == {facet: {} for facet in FACETS}


def test_highlights_give_the_marked_title_and_one_snippet_summary_first(cassette):
    cassette.on("POST", SEARCH, "search_facets")
    highlights = _search("节水").highlights
    assert highlights[101] == {
        "title": "石家庄市第一中学开展“<mark>节水</mark>进校园”主题宣传活动",
        "snippet": "3月22日，石家庄市第一中学在学校操场开展<mark>节水</mark>主题宣传，通过展板展示、有奖问答等形式普及"
        "<mark>节约用水</mark>知识",
    }


def test_a_snippet_from_the_body_keeps_elasticsearchs_html_escaping(cassette):
    cassette.on("POST", SEARCH, "search_facets")
    highlights = _search("节水").highlights
    assert highlights[57] == {
        "snippet": "活动现场，工作人员用通俗易懂的语言讲解<mark>节水</mark>知识，"
        "“R&amp;D 中心”的工程师演示了<mark>节水</mark>器具。"
    }
    assert 230 not in highlights


def test_enough_hits_need_no_spelling_suggestion(cassette):
    cassette.on("POST", SEARCH, "search_facets")
    assert _search("节水").suggestions == []


def test_few_hits_bring_corrections_as_long_as_the_query(cassette):
    cassette.on("POST", SEARCH, "search_few_hits")
    result = _search("节税宣传")
    assert result.total == 0
    assert result.ids == []
    assert result.suggestions == ["节水宣传", "节能宣传"]


def test_a_correction_follows_a_missing_or_extra_character():
    assert engine._closest_prefix("节水宣", "节水宣传进校园") == "节水宣"
    assert engine._closest_prefix("节水水宣传", "节水宣传进校园") == "节水宣传"
    assert engine._closest_prefix("节宣传", "节水宣传进校园") == "节水宣传"


def test_typing_ahead_gives_distinct_titles_of_the_matched_documents(cassette):
    cassette.on("POST", SEARCH, "suggest_titles")
    titles = engine.suggest("节水", limit=3)
    assert titles == ["节水宣传进校园活动", "社区居委会举办节水主题文艺汇演", "石家庄市水务局举办节水知识竞赛"]
    [sent] = cassette.requests
    assert sent.body == engine.build_suggest("节水", limit=3).to_dict()


def test_typing_ahead_on_a_site_keeps_the_titles_of_its_area(cassette):
    """The completion suggester cannot filter by path: more options are asked for and those outside are dropped."""
    cassette.on("POST", SEARCH, "suggest_titles_in_areas")
    titles = engine.suggest("节水", limit=3, within=("00010002",))
    assert titles == ["节水宣传进校园活动", "石家庄市水务局举办节水知识竞赛"]
    [sent] = cassette.requests
    assert sent.body["suggest"]["titles"]["completion"]["size"] == 18
    assert sent.body["_source"] == ["title", "path"]


def test_typing_ahead_stops_at_the_limit(cassette):
    cassette.on("POST", SEARCH, "suggest_titles")
    assert engine.suggest("节水", limit=1) == ["节水宣传进校园活动"]


def test_typing_only_spaces_asks_nothing(cassette):
    assert engine.suggest("  ") == []
    assert cassette.requests == []


def test_few_hits_for_every_word_bring_the_partial_matches_apart_like_the_database(cassette):
    cassette.on("POST", SEARCH, "search_few_hits", times=1)
    cassette.on("POST", SEARCH, "search_partial", times=1)
    request = SearchRequest(text="摄影比赛")
    terms = query_terms(request.text)
    assert len(terms) == 2
    result = engine.search(request, terms)
    full, partial = cassette.requests
    assert full.body == engine.build_search(request, terms).to_dict()
    assert partial.body == engine.build_partial_search(request, terms).to_dict()
    assert result.ids == [] and result.total == 0, "no page holds both words: no hit"
    assert result.partial_ids == [140, 141, 88, 64]
    assert result.partial_total == 4
    assert result.facet_counts["jurisdiction"] == {}, "facets count the hits, not the partial matches"
    assert result.highlights[140] == {"title": "青少年<mark>摄影</mark>大赛作品展"}
    assert result.suggestions == ["节水宣传", "节能宣传"], "corrections of the words as typed"


def test_partial_matches_are_asked_for_on_the_first_page_only(cassette):
    cassette.on("POST", SEARCH, "search_few_hits")
    _search("摄影比赛", page=2)
    assert len(cassette.requests) == 1


def test_one_word_never_brings_partial_matches(cassette):
    cassette.on("POST", SEARCH, "search_few_hits")
    assert len(query_terms("节税")) == 1
    _search("节税")
    assert len(cassette.requests) == 1


def test_enough_hits_for_every_word_bring_no_partial_matches(cassette):
    cassette.on("POST", SEARCH, "search_facets")
    assert len(query_terms("节水 校园")) == 2
    _search("节水 校园")
    assert len(cassette.requests) == 1
