"""Cutting Chinese into words: the same cut for what is indexed and what is searched."""

from search.segmentation import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    index_text,
    index_tokens,
    normalize,
    normalize_for_display,
    query_terms,
)


def _words(text):
    return [term.word for term in query_terms(text)]


def test_campaign_terms_stay_whole_and_their_parts_are_indexed_too():
    tokens = index_tokens("推进节水型社会建设，争当水效领跑者")
    assert {"节水型社会", "节水", "社会", "水效领跑者"} <= set(tokens)
    assert _words("节水型社会") == ["节水型社会"]
    assert _words("河长制 五水共治") == ["河长制", "五水共治"]


def test_a_compound_query_word_also_matches_its_parts():
    (term,) = query_terms("节水宣传")
    assert term.parts == ("节水", "宣传")
    (unsplittable,) = query_terms("世界水日")
    assert unsplittable.parts == (), "世界 alone would find every mention of the world"


def test_synonyms_and_variants_come_with_the_word():
    (term,) = query_terms("节约用水")
    assert "节水" in term.alternatives
    (date,) = query_terms("3·22")
    assert date.word == "3.22" and "世界水日" in date.alternatives
    (university,) = query_terms("高校")
    assert "大学" in university.alternatives


def test_mixed_chinese_and_latin_text():
    assert _words("3.22 世界水日") == ["3.22", "世界水日"]
    assert _words("CCTV报道") == ["cctv", "报道"]
    assert "h5" in index_tokens("节水H5小游戏上线")


def test_full_width_letters_digits_and_dots_meet_their_usual_form():
    assert normalize("ＣＣＴＶ　３．２２") == "cctv 3.22"
    assert normalize_for_display("ＣＣＴＶ，３．２２") == "CCTV，3.22", "Chinese punctuation is kept for display"
    assert index_tokens("３．２２世界水日") == index_tokens("3.22世界水日")


def test_punctuation_and_empty_queries_give_no_terms():
    for text in ["", "   ", "，。！？", "🙂🙂", "___", None]:
        assert query_terms(text) == []


def test_function_words_are_dropped_unless_they_are_all_there_is():
    assert _words("节水和环保") == ["节水", "环保"]
    assert _words("和") == ["和"]


def test_one_character_queries_search_that_character_and_titles_index_their_characters():
    assert _words("水") == ["水"]
    assert "旱" in index_text("抗旱节水宣传", with_characters=True).split()


def test_very_long_queries_are_clamped_never_an_error():
    terms = query_terms("节水宣传活动进校园进社区进企业" * 200)
    assert 0 < len(terms) <= MAX_QUERY_TERMS
    assert sum(len(term.word) for term in terms) <= MAX_QUERY_CHARS
    assert query_terms("x" * 100_000)[0].word == "x" * MAX_QUERY_CHARS
