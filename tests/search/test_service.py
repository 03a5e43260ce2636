"""The search service's contract on the database engine (SQLite here, PostgreSQL in CI's second pass)."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from search.database_engine import PARTIAL_HITS
from search.service import search
from search.types import MAX_PER_PAGE, SearchFilters, SearchRequest
from showcase.models import RecommendedSlot, ShowcaseItemPage
from showcase.models.review import record_rating
from tests.factories import ActivityPageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def _keys(result, corpus):
    by_id = {page.pk: key for key, page in corpus.items()}
    return [by_id.get(hit.page.pk, "other") for hit in result.hits]


def _partial_keys(result, corpus):
    by_id = {page.pk: key for key, page in corpus.items()}
    return [by_id.get(hit.page.pk, "other") for hit in result.partial_hits]


def _counts(result, facet):
    return {value.value: value.count for value in result.facets[facet]}


def _request(query="", **fixed):
    return SearchRequest.from_querydict(QueryDict(query), **fixed)


def test_a_chinese_word_finds_the_pages_that_contain_it(corpus):
    result = search(text="节水")
    assert set(_keys(result, corpus)) == {"school", "factory", "farm", "news"}
    assert result.total == 4


def test_synonyms_find_the_words_the_unit_wrote(corpus):
    assert "school" in _keys(search(text="节约用水"), corpus)
    assert _keys(search(text="3.22"), corpus) == ["video"], "3.22 finds 世界水日 written with full-width digits"
    assert _keys(search(text="cctv"), corpus) == ["video"]


def test_hits_hold_every_word_and_partial_matches_come_apart(corpus, hebei):
    publish(ActivityPageFactory, hebei, "节水灌溉示范")
    precise = search(text="节水 灌溉")
    assert set(_keys(precise, corpus)) == {"farm", "other"} and precise.total == 2, "only the pages holding both"
    assert precise.partial_hits, "two pages hold both words: too few, so the pages holding one are offered apart"
    assert {"school", "factory", "news"} <= set(_partial_keys(precise, corpus))
    assert not {"farm", "other"} & set(_partial_keys(precise, corpus)), "a hit is never repeated among them"
    assert precise.partial_total == len(precise.partial_hits)

    for n in range(3):
        publish(ActivityPageFactory, hebei, f"节水灌溉示范{n}")
    enough = search(text="节水 灌溉")
    assert enough.total == 5 and enough.partial_hits == [] and enough.partial_total == 0

    nothing = search(text="灌溉 钢铁")
    assert nothing.hits == [] and nothing.total == 0, "no page holds both words: no hit, never a padded list"
    assert "factory" in _partial_keys(nothing, corpus)
    assert nothing.partial_total == 6, "the factory (钢铁), the farm and the four demonstrations (灌溉)"
    assert len(nothing.partial_hits) == PARTIAL_HITS, "the best few, not all of them"
    assert search(text="灌溉 钢铁", page=2).partial_hits == [], "offered with the first page only"
    assert search(text="灌溉").partial_hits == [], "one word: a page holds it or not"


def test_partial_matches_keep_to_the_filters(corpus):
    result = search(_request("q=灌溉+钢铁&sector=industry"))
    assert result.total == 0
    assert _partial_keys(result, corpus) == ["factory"]


def test_a_filter_narrows_and_every_other_facet_is_counted_with_it(corpus):
    result = search(_request("q=节水&sector=education"))
    assert set(_keys(result, corpus)) == {"school", "farm"}
    assert _counts(result, "sector") == {"education": 2, "industry": 1, "agriculture": 1}, "own facet ignores itself"
    assert _counts(result, "type") == {"activity": 2}
    assert _counts(result, "jurisdiction") == {"hebei": 1, "shanxi": 1}
    assert _counts(result, "region") == {"hebei": 1, "shanxi": 1}, "a city counts for its province"
    assert [value.selected for value in result.facets["sector"]] == [True, False, False]


def test_values_within_a_facet_are_alternatives_and_facets_combine(corpus):
    assert search(_request("q=节水&sector=education&sector=industry")).total == 3
    assert _keys(search(_request("q=节水&sector=education&jurisdiction=hebei")), corpus) == ["school"]


def test_news_is_searched_with_the_items_and_can_be_chosen_alone(corpus):
    result = search(_request("q=节水"))
    assert _counts(result, "type") == {"activity": 3, "news": 1}
    assert _keys(search(_request("q=节水&type=news")), corpus) == ["news"]


def test_ratings_are_filterable_only_where_the_campaign_shows_them(corpus, showcase):
    record_rating(corpus["school"], "A+", None)
    record_rating(corpus["farm"], "B", None)
    assert _counts(search(text="节水"), "rating") == {}
    assert search(_request("q=节水&rating=A%2B")).total == 0, "a hidden rating cannot be probed with a filter"

    showcase.show_rating_badges = True
    showcase.save_revision().publish()
    assert _counts(search(text="节水"), "rating") == {"A+": 1, "B": 1}
    assert _keys(search(_request("q=节水&rating=A%2B")), corpus) == ["school"]


def test_featured_and_year_facets(corpus, showcase):
    RecommendedSlot.objects.create(showcase=showcase, item=corpus["farm"])
    result = search(_request("q=节水&featured=yes"))
    assert _keys(result, corpus) == ["farm"]
    year = str(corpus["farm"].first_published_at.astimezone().year)
    assert _counts(search(text="节水"), "year") == {year: 4}
    assert search(_request(f"q=节水&year={year}")).total == 4
    assert search(_request("q=节水&year=1999")).total == 0


def test_campaign_facet_names_the_campaign(corpus, campaign):
    result = search(text="节水")
    assert [(value.value, value.label, value.count) for value in result.facets["campaign"]] == [
        (campaign.slug, campaign.title, 4)
    ]


def test_sorting_by_newest_and_most_viewed(corpus):
    newest = _keys(search(_request("q=节水&sort=newest")), corpus)
    assert newest[0] == "news" and newest[-1] == "school"
    type(corpus["factory"]).objects.filter(pk=corpus["factory"].pk).update(view_count=500)
    assert _keys(search(_request("q=节水&sort=most_viewed")), corpus)[0] == "factory"


def test_most_viewed_puts_the_most_visited_first_then_the_newest(corpus):
    item_model = ShowcaseItemPage
    item_model.objects.filter(pk=corpus["farm"].pk).update(view_count=7)
    item_model.objects.filter(pk=corpus["school"].pk).update(view_count=7)
    item_model.objects.filter(pk=corpus["video"].pk).update(view_count=30)

    keys = _keys(search(_request("sort=most_viewed&type=activity&type=video")), corpus)
    # Equal counts go newest first (farm was published after school); unvisited items follow, newest first.
    assert keys == ["video", "farm", "school", "factory"]
    assert _keys(search(_request("sort=most_viewed&sector=education")), corpus) == ["video", "farm", "school"]
    assert _keys(search(_request("sort=most_viewed&sector=education&page=2&per_page=2")), corpus) == ["school"]


def test_most_viewed_reads_new_view_counts_within_a_minute(corpus, monkeypatch):
    from search import facet_index

    item_model = ShowcaseItemPage
    assert _keys(search(_request("sort=most_viewed&type=activity")), corpus)[0] == "farm"
    item_model.objects.filter(pk=corpus["school"].pk).update(view_count=3)
    later = timezone.now() + facet_index.POPULARITY_MAX_AGE + datetime.timedelta(seconds=1)
    monkeypatch.setattr(facet_index.timezone, "now", lambda: later)
    assert _keys(search(_request("sort=most_viewed&type=activity")), corpus)[0] == "school"


def test_most_viewed_never_lists_an_unpublished_item(corpus):
    item_model = ShowcaseItemPage
    item_model.objects.filter(pk=corpus["factory"].pk).update(view_count=99)
    assert _keys(search(_request("sort=most_viewed")), corpus)[0] == "factory"
    corpus["factory"].unpublish()
    assert "factory" not in _keys(search(_request("sort=most_viewed")), corpus)


def test_relevance_puts_the_title_match_first(corpus, hebei):
    publish(ActivityPageFactory, hebei, "社区活动", "顺带提到灌溉。")
    keys = [hit.page.title for hit in search(text="灌溉").hits]
    assert keys[0] == "高效节水灌溉现场会"


def test_hits_carry_escaped_highlights(corpus, hebei):
    publish(ActivityPageFactory, hebei, "<script>alert(1)</script>节水课堂", "节水<b>知识</b>")
    hit = next(hit for hit in search(text="节水课堂").hits if "课堂" in hit.page.title)
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<mark>节水</mark>" in hit.title_html or "<mark>节水课堂</mark>" in hit.title_html
    assert "&lt;b&gt;" in hit.snippet


def test_snippets_keep_chinese_punctuation_and_mark_full_width_matches(corpus):
    school = next(hit for hit in search(text="节水").hits if hit.page.pk == corpus["school"].pk)
    assert "，" in school.snippet, "Chinese punctuation is not turned into ASCII"
    video = search(text="3.22").hits[0]
    assert "<mark>3.22</mark>" in video.title_html


def test_an_empty_query_lists_everything_newest_first(corpus):
    result = search(text="")
    assert result.total == 5
    assert _keys(result, corpus)[0] == "news"


def test_queries_that_hold_nothing_searchable_match_everything_rather_than_fail(corpus):
    for text in ["！！！", "   ", "🙂", "'\"%_*"]:
        assert search(text=text).total == 5


def test_a_misspelt_word_gets_a_suggestion_that_finds_something(corpus):
    result = search(text="节水罐溉")
    assert result.hits == [] and result.partial_hits, "罐溉 is in no page: the pages about 节水 are offered apart"
    assert "节水灌溉" in result.suggestions
    assert search(text="罐溉").total == 0 and "灌溉" in search(text="罐溉").suggestions


def test_a_suggestion_finds_something_within_the_chosen_filters_and_then_ranks(corpus, hebei):
    assert "灌溉" in search(_request("q=罐溉&sector=education")).suggestions
    assert "灌溉" not in search(_request("q=罐溉&sector=industry")).suggestions, "no industry page mentions 灌溉"
    publish(ActivityPageFactory, hebei, "社区活动", "顺带提到灌溉。")
    assert "灌溉" in search(text="罐溉").suggestions, "checked without ranking, kept for the search that follows"
    assert search(text="灌溉").hits[0].page.title == "高效节水灌溉现场会", "the title match first"


def test_a_word_too_many_is_suggested_away(corpus):
    result = search(text="灌溉 钢铁 节水")
    assert set(result.suggestions) & {"灌溉 节水", "钢铁 节水"}


def test_pagination_is_clamped_and_reports_pages(corpus):
    request = SearchRequest(text="节水", page=99999, per_page=10_000)
    assert request.per_page == MAX_PER_PAGE and request.page == 1000
    result = search(request)
    assert result.hits == [] and result.total == 4
    first = search(SearchRequest(text="节水", per_page=3))
    assert len(first.hits) == 3 and first.num_pages == 2 and first.has_next()
    second = search(SearchRequest(text="节水", per_page=3, page=2))
    assert len(second.hits) == 1
    assert {hit.page.pk for hit in first.hits}.isdisjoint(hit.page.pk for hit in second.hits)


def test_junk_filters_are_dropped_not_fatal(corpus):
    query = QueryDict("q=节水&sector=" + "x" * 500 + "&type=spaceship&year=abcd&sort=sideways&page=-3")
    request = SearchRequest.from_querydict(query)
    assert request.sort == "relevance" and request.page == 1 and request.filters.sector == ()
    assert search(request).total == 0, "an unknown type matches nothing"


def test_drafts_and_restricted_pages_are_never_results(corpus, hebei):
    draft = ActivityPageFactory(parent=hebei, title="节水草稿活动", live=False)
    draft.save_revision()
    assert draft.pk not in {hit.page.pk for hit in search(text="草稿").hits}

    corpus["school"].unpublish()
    assert "school" not in _keys(search(text="校园"), corpus)


def test_the_query_count_does_not_grow_with_the_page_size(corpus, hebei, vocab, django_assert_max_num_queries):
    for n in range(20):
        publish(ActivityPageFactory, hebei, f"节水活动{n}", "", [vocab["education"]], [vocab["hebei"]])
    search(SearchRequest(text="节水"))  # a worker loads its facet index once, at its first search
    for per_page in (5, 20):
        with django_assert_max_num_queries(16):
            result = search(SearchRequest(text="节水", per_page=per_page, filters=SearchFilters(sector=("education",))))
            [list(hit.page.sectors.all()) for hit in result.hits]
        assert len(result.hits) == per_page


def test_every_page_of_a_ranked_search_agrees_with_the_engines_own_ranking(corpus, hebei, vocab):
    """The kept best-first order serves any filter and any page exactly as the backend ranks the same pages."""
    from search import database_engine
    from search.segmentation import query_terms

    for n in range(12):
        sectors = [vocab["education"]] if n % 3 else [vocab["industry"]]
        title = f"灌溉{'节水' if n % 2 else '改造'}项目{n}"
        publish(ActivityPageFactory, hebei, title, f"{'节水' * (n % 4 + 1)}，第{n}期。", sectors)
    terms = query_terms("节水")
    for query, per_page in (("q=节水", 5), ("q=节水&sector=education", 4), ("q=节水&sector=industry", 2)):
        request = _request(f"{query}&per_page={per_page}")
        base = database_engine.base_queryset(request)
        passing = base.filter(pk__in=database_engine.FilterContext(request.filters).apply(base).values("pk"))
        engine_order = database_engine.ranked_ids(passing, terms, 0, 100)
        assert len(engine_order) > 2 * per_page
        database_engine.forget_text_matches()
        for page in (1, 2, 3):
            ours = [hit.page.pk for hit in search(_request(f"{query}&per_page={per_page}&page={page}")).hits]
            assert ours == engine_order[(page - 1) * per_page : page * per_page], (query, page)


def test_unit_and_facet_names_are_not_text_but_a_whole_name_finds_its_items(corpus):
    assert search(text="广播").total == 0, "a piece of the unit name 山西广播电视台 finds nothing"
    assert search(text="钢铁集团").total == 0
    assert _keys(search(text="山西广播电视台"), corpus) == ["video"], "the unit's whole name finds its items"
    assert set(_keys(search(text="河北"), corpus)) == {"school", "factory"}, "a province's name, its cities' items too"
    assert set(_keys(search(text="农业"), corpus)) == {"farm"}, "a sector's name"


def test_items_found_by_a_name_follow_those_holding_the_word_in_their_text(corpus, hebei, vocab):
    publish(ActivityPageFactory, hebei, "河北节水宣传", "河北各地开展节水宣传。", [vocab["industry"]], [vocab["hebei"]])
    keys = _keys(search(text="河北 节水"), corpus)
    assert keys[0] == "other", "the item whose text says 河北 first"
    assert set(keys[1:]) == {"school", "factory"}, "then the items filed under 河北 (or its city) holding 节水"
