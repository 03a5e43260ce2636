"""The index definition sent when an index is created: analyzers, facet fields, suggestions."""

from search.elastic.documents import ItemDocument, index_definition, suggest_inputs
from search.types import FACETS

TEXT_FIELDS = ("title", "summary", "body", "related_text")


def _definition():
    return index_definition()


def test_text_is_indexed_as_pairs_and_single_characters_and_searched_as_pairs():
    analysis = _definition()["settings"]["analysis"]
    assert analysis["analyzer"]["chinese_index"] == {
        "type": "custom",
        "tokenizer": "standard",
        "char_filter": ["date_dots"],
        "filter": ["cjk_width", "lowercase", "cjk_pairs_and_characters"],
    }
    assert analysis["filter"]["cjk_pairs_and_characters"] == {"type": "cjk_bigram", "output_unigrams": True}
    assert analysis["analyzer"]["chinese_query"]["filter"] == ["cjk_width", "lowercase", "cjk_bigram"]
    assert analysis["analyzer"]["chinese_query"]["tokenizer"] == "standard"


def test_no_plugin_is_needed():
    analysis = _definition()["settings"]["analysis"]
    built_in_filters = {"cjk_width", "lowercase", "cjk_bigram"}
    for name, definition in analysis["analyzer"].items():
        assert definition["tokenizer"] in ("standard", "keyword"), name
        for token_filter in definition["filter"]:
            assert token_filter in built_in_filters or analysis["filter"][token_filter]["type"] in built_in_filters
    assert {definition["type"] for definition in analysis["char_filter"].values()} == {"pattern_replace"}


def test_date_dots_become_one_dot_as_in_segmentation():
    date_dots = _definition()["settings"]["analysis"]["char_filter"]["date_dots"]
    assert date_dots["replacement"] == "."
    for dot in "·•・．。":
        assert dot in date_dots["pattern"]


def test_every_text_field_uses_the_chinese_analyzers_with_offsets_for_highlighting():
    properties = _definition()["mappings"]["properties"]
    for name in TEXT_FIELDS:
        assert properties[name] == {
            "type": "text",
            "analyzer": "chinese_index",
            "search_analyzer": "chinese_query",
            "index_options": "offsets",
        }, name


def test_every_facet_has_a_keyword_field():
    properties = _definition()["mappings"]["properties"]
    keyword_fields = {
        "type": "type",
        "campaign": "campaign",
        "sector": "sectors",
        "region": "regions",
        "jurisdiction": "jurisdiction",
        "rating": "rating",
        "year": "year",
    }
    assert set(keyword_fields) | {"featured"} == set(FACETS)
    for field in keyword_fields.values():
        assert properties[field] == {"type": "keyword"}, field
    assert properties["featured_periods"] == {"type": "date_range"}
    assert properties["path"] == {"type": "keyword"}


def test_sort_fields_are_typed():
    properties = _definition()["mappings"]["properties"]
    assert properties["first_published_at"] == {"type": "date"}
    assert properties["view_count"] == {"type": "integer"}
    assert properties["page_id"] == {"type": "integer"}


def test_titles_feed_a_completion_suggester_that_keeps_the_title_whole():
    definition = _definition()
    assert definition["mappings"]["properties"]["title_suggest"] == {
        "type": "completion",
        "analyzer": "title_prefix",
        "max_input_length": 50,
    }
    assert definition["settings"]["analysis"]["analyzer"]["title_prefix"]["tokenizer"] == "keyword"


def test_unknown_fields_are_refused_and_the_index_fits_one_node_or_more():
    definition = _definition()
    assert definition["mappings"]["dynamic"] == "strict"
    assert definition["settings"]["number_of_shards"] == 1
    assert definition["settings"]["auto_expand_replicas"] == "0-1"


def test_the_document_is_named_after_the_alias_setting(settings):
    assert ItemDocument._index._name == settings.ELASTICSEARCH_INDEX


def test_suggestions_start_at_every_word_of_a_title():
    inputs = suggest_inputs("节水宣传进校园活动")
    assert inputs[0] == "节水宣传进校园活动"
    assert "校园活动" in inputs
    assert "活动" in inputs
    assert all(len(entry) > 1 for entry in inputs)


def test_suggestion_inputs_are_normalized_and_bounded():
    assert suggest_inputs("ＣＣＴＶ 专访：3·22 世界水日")[0] == "cctv 专访:3.22 世界水日"
    long_title = "，".join(["节水宣传进校园活动"] * 10)
    assert len(suggest_inputs(long_title)) <= 12
