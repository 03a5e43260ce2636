"""Highlights mark whole words as the segmenter cuts the text, never a piece across two words."""

from search.highlight import highlight_title, remarked, snippet
from search.segmentation import query_terms


def _title(query, text):
    return str(highlight_title(text, query_terms(query)))


def test_a_synonym_standing_across_two_words_is_not_marked():
    marked = _title("节水", "江西省水利厅倡导省水")
    assert marked == "江西省水利厅倡导<mark>省水</mark>", "省水 (a synonym of 节水) only where it is a word"


def test_a_word_inside_a_dictionary_compound_is_marked():
    assert _title("节水", "开展节水型社会建设") == "开展<mark>节水</mark>型社会建设"
    assert _title("节水宣传", "节水宣传进校园活动") == "<mark>节水宣传</mark>进校园活动"


def test_a_name_the_dictionary_does_not_know_is_marked_whole():
    assert _title("海委", "海委举办节水宣传") == "<mark>海委</mark>举办节水宣传"


def test_numbers_and_latin_words_are_marked_in_any_width():
    assert _title("3.22", "３．２２世界水日ＣＣＴＶ特别节目").startswith("<mark>3.22</mark>")
    assert "<mark>CCTV</mark>" in _title("cctv", "３．２２世界水日ＣＣＴＶ特别节目")


def test_a_one_character_query_marks_the_character_where_it_stands():
    assert _title("水", "水利厅") == "<mark>水</mark>利厅"


def test_the_snippet_starts_near_the_first_whole_word_and_escapes_the_rest():
    text = "江西省水利厅" + "。" * 60 + "<b>节水</b>"
    marked = str(snippet(text, query_terms("省水")))
    assert marked.startswith("…") and "<mark>节水</mark>" in marked, "the first whole word, not 省水 in 江西省水利厅"
    assert "&lt;b&gt;" in marked


def test_an_engines_fragment_keeps_its_text_and_gets_whole_word_marks():
    fragment = "江西<mark>省水</mark>利厅倡导<mark>节水</mark> &lt;i&gt;"
    assert str(remarked(fragment, query_terms("节水"))) == "江西省水利厅倡导<mark>节水</mark> &lt;i&gt;"
