"""The request bodies sent to Elasticsearch, read through ``to_dict()``."""

import pytest

from search.elastic.engine import MAX_RESULT_WINDOW, PARTIAL_HITS, build_partial_search, build_search, build_suggest
from search.segmentation import QueryTerm, query_terms
from search.types import FACETS, SearchFilters, SearchRequest

FIELDS = ["title^3", "summary^2", "body", "related_text"]


def _body(text="", **request):
    search_request = SearchRequest(text=text, **request)
    return build_search(search_request, query_terms(search_request.text)).to_dict()


def _phrase(word, boost=None):
    query = {"query": word, "type": "phrase", "fields": FIELDS, "tie_breaker": 0.3}
    if boost is not None:
        query["boost"] = boost
    return {"multi_match": query}


def _names(*words):
    return {"terms": {"names": list(words), "boost": 0.2}}


def _either(*options):
    return {"bool": {"should": list(options), "minimum_should_match": 1}}


def test_the_search_reads_the_alias_and_asks_for_ids_and_an_exact_total(settings):
    search = build_search(SearchRequest(text="节水"), query_terms("节水"))
    assert search._index == [settings.ELASTICSEARCH_INDEX]
    body = search.to_dict()
    assert body["_source"] is False
    assert body["track_total_hits"] is True


def test_a_word_is_a_phrase_over_the_text_fields_with_its_synonyms():
    [term] = _body("节水")["query"]["bool"]["must"]
    assert term["bool"]["minimum_should_match"] == 1
    should = term["bool"]["should"]
    assert len(should) == 4
    assert _phrase("节水") in should
    assert should[-1] == _names("节水", "节约用水", "省水"), "or the whole name of the unit or a facet value"
    assert _phrase("节约用水", 0.8) in should
    assert _phrase("省水", 0.8) in should


def test_a_synonym_typed_by_the_user_finds_the_usual_word_as_on_the_database():
    should = _body("节约用水")["query"]["bool"]["must"][0]["bool"]["should"]
    assert _phrase("节约用水") in should
    assert _phrase("节水", 0.8) in should
    assert _phrase("省水", 0.8) in should
    assert should[-2] == {"bool": {"must": [_phrase("节约"), _phrase("用水")], "boost": 0.5}}


def test_a_word_the_dictionary_does_not_know_is_one_phrase_of_its_characters():
    [term] = query_terms("冀水")
    assert term.characters == ("冀", "水")
    assert _body("冀水")["query"]["bool"]["must"] == [_either(_phrase("冀水"), _names("冀水"))]


def test_a_compound_matches_as_a_whole_or_by_all_its_parts():
    must = _body("节水宣传")["query"]["bool"]["must"]
    assert must == [
        _either(
            _phrase("节水宣传"),
            {"bool": {"must": [_phrase("节水"), _phrase("宣传")], "boost": 0.5}},
            _names("节水宣传"),
        )
    ]


def test_every_term_must_match():
    must = _body("校园 节水宣传周")["query"]["bool"]["must"]
    assert len(must) == len(query_terms("校园 节水宣传周")) == 3


def test_a_term_without_synonyms_or_parts_is_a_single_phrase():
    terms = [QueryTerm("cctv", ("cctv",))]
    body = build_search(SearchRequest(text="CCTV"), terms).to_dict()
    assert body["query"]["bool"]["must"] == [_either(_phrase("cctv"), _names("cctv"))]


def test_every_word_is_a_must_clause_and_partial_matches_are_a_separate_query():
    terms = query_terms("摄影比赛")
    full = build_search(SearchRequest(text="摄影比赛"), terms).to_dict()
    every_word = full["query"]["bool"]["must"]
    assert len(every_word) == len(terms) == 2, "a hit holds every word: one must clause each"

    partial = build_partial_search(SearchRequest(text="摄影比赛", sort="newest"), terms).to_dict()
    assert partial["query"]["bool"]["must"] == [
        {"bool": {"should": every_word, "minimum_should_match": 1, "must_not": [{"bool": {"must": every_word}}]}}
    ], "some of the words, never all of them: those are the hits"
    assert partial["size"] == PARTIAL_HITS and partial.get("from", 0) == 0
    assert partial["sort"][0] == "_score", "partial matches come best first whatever the hits' order"
    assert "aggs" not in partial and "suggest" not in partial, "facets and corrections come from the full search"
    assert partial["highlight"] == full["highlight"]


def test_partial_matches_stay_within_the_filters_and_the_bounds():
    request = SearchRequest(
        text="摄影比赛", filters=SearchFilters(sector=("education",)), types=("activity",), scope_path="00010002"
    )
    partial = build_partial_search(request, query_terms(request.text)).to_dict()
    assert partial["query"]["bool"]["filter"] == [
        {"terms": {"type": ["activity"]}},
        {"prefix": {"path": "00010002"}},
        {"bool": {"filter": [{"terms": {"sectors": ["education"]}}]}},
    ]


def test_one_character_is_searched_as_itself():
    assert _body("水")["query"]["bool"]["must"] == [_either(_phrase("水"), _names("水"))]


def test_no_text_matches_everything_and_lists_the_newest_first_without_highlights():
    body = _body("")
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["sort"][0] == {"first_published_at": {"order": "desc", "missing": "_last"}}
    assert "highlight" not in body
    assert "suggest" not in body


def test_types_and_scope_bound_the_query_itself_so_they_narrow_the_counts_too():
    body = _body("节水", types=("activity", "video"), scope_path="000100020003")
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"type": ["activity", "video"]}},
        {"prefix": {"path": "000100020003"}},
    ]
    assert "post_filter" not in body


def test_a_sites_area_bounds_the_query_to_any_of_its_subtrees():
    body = _body("节水", within=("00010002", "00010005"))
    assert body["query"]["bool"]["filter"] == [
        {
            "bool": {
                "should": [{"prefix": {"path": "00010002"}}, {"prefix": {"path": "00010005"}}],
                "minimum_should_match": 1,
            }
        }
    ]


def test_all_types_need_no_filter():
    assert "filter" not in _body("节水")["query"]["bool"]


def test_chosen_values_narrow_the_hits_after_the_counts():
    filters = SearchFilters(sector=("education", "community"), region=("hebei",), year=("2023",))
    body = _body("节水", filters=filters)
    assert body["post_filter"] == {
        "bool": {
            "filter": [
                {"terms": {"sectors": ["education", "community"]}},
                {"terms": {"regions": ["hebei"]}},
                {"terms": {"year": ["2023"]}},
            ]
        }
    }
    assert "filter" not in body["query"]["bool"]


def test_each_facet_is_counted_with_every_other_facet_chosen_but_not_its_own():
    filters = SearchFilters(sector=("education",), region=("hebei", "shanxi"), rating=("A+",))
    aggregations = _body("节水", filters=filters)["aggs"]
    assert set(aggregations) == {f"facet_{facet}" for facet in FACETS}
    sector = {"terms": {"sectors": ["education"]}}
    region = {"terms": {"regions": ["hebei", "shanxi"]}}
    rating = {"terms": {"rating": ["A+"]}}
    assert aggregations["facet_sector"]["filter"] == {"bool": {"filter": [region, rating]}}
    assert aggregations["facet_region"]["filter"] == {"bool": {"filter": [sector, rating]}}
    assert aggregations["facet_rating"]["filter"] == {"bool": {"filter": [sector, region]}}
    for facet in ("type", "campaign", "jurisdiction", "year", "featured"):
        assert aggregations[f"facet_{facet}"]["filter"] == {"bool": {"filter": [sector, region, rating]}}


def test_facet_values_are_counted_on_their_keyword_fields():
    aggregations = _body("节水")["aggs"]
    fields = {facet: aggregations[f"facet_{facet}"]["aggs"]["values"]["terms"]["field"] for facet in FACETS[:-1]}
    assert fields == {
        "type": "type",
        "campaign": "campaign",
        "sector": "sectors",
        "region": "regions",
        "jurisdiction": "jurisdiction",
        "rating": "rating",
        "year": "year",
    }
    assert aggregations["facet_type"]["filter"] == {"match_all": {}}
    assert aggregations["facet_region"]["aggs"]["values"]["terms"]["size"] >= 400


def test_featured_means_in_a_slot_showing_now():
    body = _body("", filters=SearchFilters(featured=("yes",)))
    now = {"range": {"featured_periods": {"gte": "now", "lte": "now"}}}
    assert body["post_filter"] == {"bool": {"filter": [now]}}
    assert body["aggs"]["facet_featured"]["aggs"]["values"] == {"filter": now}
    assert body["aggs"]["facet_featured"]["filter"] == {"match_all": {}}


def test_an_unknown_featured_value_matches_nothing():
    body = _body("", filters=SearchFilters(featured=("no",)))
    assert body["post_filter"] == {"bool": {"filter": [{"match_none": {}}]}}


@pytest.mark.parametrize(
    ("sort", "text", "first_keys"),
    [
        ("relevance", "节水", ["_score", "first_published_at", "page_id"]),
        ("relevance", "", ["first_published_at", "page_id"]),
        ("newest", "节水", ["first_published_at", "page_id"]),
        ("most_viewed", "节水", ["view_count", "first_published_at", "page_id"]),
    ],
)
def test_sort_orders_end_in_a_stable_tie_break(sort, text, first_keys):
    order = _body(text, sort=sort)["sort"]
    assert [key if isinstance(key, str) else next(iter(key)) for key in order] == first_keys
    assert order[-1] == {"page_id": {"order": "desc"}}


def test_pages_are_windows_of_hits():
    body = _body("节水", page=3, per_page=20)
    assert (body["from"], body["size"]) == (40, 20)


def test_a_page_past_what_elasticsearch_serves_asks_for_no_hits_but_still_counts():
    body = _body("节水", page=1000, per_page=48)
    assert body["from"] == MAX_RESULT_WINDOW
    assert body["size"] == 0
    assert "aggs" in body


def test_a_page_straddling_the_window_is_cut_at_its_end():
    body = _body("节水", page=209, per_page=48)
    assert body["from"] + body["size"] == MAX_RESULT_WINDOW


def test_highlights_are_marked_and_html_escaped_on_title_summary_and_body():
    highlight = _body("节水")["highlight"]
    assert highlight["encoder"] == "html"
    assert highlight["pre_tags"] == ["<mark>"]
    assert highlight["post_tags"] == ["</mark>"]
    assert highlight["fields"]["title"] == {"number_of_fragments": 0}
    assert highlight["fields"]["summary"] == {"fragment_size": 100, "number_of_fragments": 1}
    assert highlight["fields"]["body"] == {"fragment_size": 100, "number_of_fragments": 1}
    assert "related_text" not in highlight["fields"]


def test_a_search_asks_for_spelling_corrections_from_the_titles():
    suggest = _body("节税宣传")["suggest"]["did_you_mean"]
    assert suggest["prefix"] == "节税宣传"
    assert suggest["completion"]["field"] == "title_suggest"
    assert suggest["completion"]["fuzzy"] == {
        "fuzziness": 1,
        "prefix_length": 0,
        "min_length": 2,
        "unicode_aware": True,
    }


def test_a_long_query_asks_for_no_spelling_correction():
    assert "suggest" not in _body("节水宣传进校园活动与节水型社会建设经验交流座谈会")


def test_typing_ahead_asks_for_titles_only():
    body = build_suggest("ＣＣＴＶ节水", limit=5).to_dict()
    assert body["size"] == 0
    assert body["_source"] == ["title"]
    completion = body["suggest"]["titles"]
    assert completion["prefix"] == "cctv节水"
    assert completion["completion"]["size"] == 10
    assert completion["completion"]["skip_duplicates"] is True
    assert completion["completion"]["fuzzy"]["min_length"] == 3


def test_typing_ahead_uses_the_start_of_a_long_prefix():
    completion = build_suggest("节水宣传进校园活动与节水型社会建设经验交流座谈会").to_dict()["suggest"]["titles"]
    assert completion["prefix"] == "节水宣传进校园活动与节水型社会建设经验交"


def test_typing_nothing_asks_for_nothing():
    assert build_suggest("   ") is None
