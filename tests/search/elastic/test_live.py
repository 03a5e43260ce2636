"""Against a real cluster: run with ELASTICSEARCH_URL set, e.g. to the compose file's Elasticsearch.

    docker compose -f docker/compose.yaml up -d search
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python -m pytest tests/search/elastic/test_live.py

(the compose file does not publish port 9200; add ``ports: ["9200:9200"]`` to
its ``search`` service, or run the tests inside the ``web`` container). Each
test works on its own alias and deletes its indices afterwards.
"""

import io
import os
import uuid

import pytest
from django.core.management import call_command

from search.elastic import client as elastic_client
from search.elastic import engine, sync
from search.segmentation import query_terms
from search.types import SearchFilters, SearchRequest
from showcase.models import RecommendedSlot
from tests.factories import (
    ActivityPageFactory,
    NewsPageFactory,
    RegionFactory,
    SectorFactory,
    UnitFactory,
    VideoPageFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL pointing at a cluster"),
]


@pytest.fixture
def alias(settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX = f"test-jieshui-{uuid.uuid4().hex[:12]}"
    yield settings.ELASTICSEARCH_INDEX
    client = elastic_client.get_client()
    # Deleting by wildcard is refused by default (action.destructive_requires_name), so by name.
    for name in client.indices.get(index=f"{settings.ELASTICSEARCH_INDEX}-*").body:
        client.options(ignore_status=404).indices.delete(index=name)
    elastic_client.reset_clients()


@pytest.fixture
def corpus(campaign, news_index, hebei, shanxi):
    """Four pages whose every field is chosen, so that what each query should find is known."""
    education = SectorFactory(name="教育", slug="education")
    community = SectorFactory(name="社区", slug="community")
    province = RegionFactory(name="河北省", slug="hebei")
    city = RegionFactory(name="石家庄市", slug="shijiazhuang", parent=province)
    shanxi_region = RegionFactory(name="山西省", slug="shanxi")
    school = _item(
        ActivityPageFactory,
        hebei,
        "节水宣传进校园活动",
        "组织学生参观节水教育基地。",
        "石家庄市教育局",
        [education],
        [city],
    )
    river = _item(
        ActivityPageFactory,
        hebei,
        "河湖长制宣传进社区",
        "河湖长走进社区讲解河湖保护。",
        "河北省河湖保护中心",
        [community],
        [province],
    )
    video = _item(
        VideoPageFactory,
        shanxi,
        "家庭节约用水小妙招",
        "一分钟了解家庭用水小窍门。",
        "太原市融媒体中心",
        [community],
        [shanxi_region],
    )
    news = NewsPageFactory(
        parent=news_index,
        title="世界水日主题宣传活动启动",
        summary="各地围绕世界水日开展主题宣传。",
        body=[("paragraph", "<p>宣传走进社区和校园。</p>")],
    )
    news.save_revision().publish()
    return {"school": school, "river": river, "video": video, "news": news}


def _item(factory, parent, title, summary, unit_name, sectors, regions):
    unit = UnitFactory(name=unit_name, jurisdiction=parent.jurisdiction)
    extra = {"venue": "市民广场"} if factory is ActivityPageFactory else {}
    page = factory(parent=parent, title=title, summary=summary, unit=unit, live=False, **extra)
    page.sectors.add(*sectors)
    page.regions.add(*regions)
    page.save_revision().publish()
    return page


def _rebuild():
    call_command("search_rebuild_elasticsearch", verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())


def _refresh(alias):
    elastic_client.get_client().indices.refresh(index=alias)


def _search(text="", **request):
    search_request = SearchRequest(text=text, **request)
    return engine.search(search_request, query_terms(search_request.text))


def test_a_rebuild_makes_a_seeded_item_findable_with_highlights(alias, corpus):
    _rebuild()
    result = _search("节水")
    assert corpus["school"].pk in result.ids
    assert corpus["video"].pk in result.ids, "节约用水 is a synonym of 节水"
    assert corpus["river"].pk not in result.ids
    assert "<mark>节水</mark>" in result.highlights[corpus["school"].pk]["title"]


def test_one_character_finds_words_containing_it(alias, corpus):
    _rebuild()
    assert set(_search("校").ids) == {corpus["school"].pk, corpus["news"].pk}
    assert {corpus["school"].pk, corpus["river"].pk} <= set(_search("宣").ids)


def test_a_compound_finds_its_parts_and_types_narrow(alias, corpus):
    _rebuild()
    assert corpus["school"].pk in _search("节水宣传").ids
    assert _search("宣传", types=("news",)).ids == [corpus["news"].pk]


def test_words_found_only_apart_are_partial_matches_never_hits(alias, corpus):
    _rebuild()
    result = _search("节水 河湖")
    assert result.ids == [] and result.total == 0
    assert {corpus["school"].pk, corpus["river"].pk, corpus["video"].pk} == set(result.partial_ids)


def test_facets_count_with_the_other_filters_and_a_city_counts_for_its_province(alias, corpus):
    _rebuild()
    everything = _search("")
    assert everything.total == 4
    assert everything.facet_counts["region"] == {"hebei": 2, "shijiazhuang": 1, "shanxi": 1}
    assert everything.facet_counts["type"] == {"activity": 2, "video": 1, "news": 1}
    hebei_only = _search("", filters=SearchFilters(region=("hebei",)))
    assert sorted(hebei_only.ids) == sorted([corpus["school"].pk, corpus["river"].pk])
    assert hebei_only.facet_counts["region"]["shanxi"] == 1, "a facet's own choice does not narrow its counts"
    assert hebei_only.facet_counts["sector"] == {"education": 1, "community": 1}


def test_sorting_newest_first_and_paging(alias, corpus):
    _rebuild()
    first = _search("", sort="newest", per_page=2)
    second = _search("", sort="newest", per_page=2, page=2)
    assert len(first.ids) == len(second.ids) == 2
    assert not set(first.ids) & set(second.ids)


def test_typing_ahead_and_spelling_suggestions(alias, corpus):
    _rebuild()
    assert "节水宣传进校园活动" in engine.suggest("节水")
    assert "节水宣传进校园活动" in engine.suggest("校园"), "suggestions start at any word of a title"
    assert "节水宣传" in _search("节税宣传").suggestions


def test_featured_follows_recommended_slots(alias, corpus, showcase):
    _rebuild()
    RecommendedSlot.objects.create(showcase=showcase, item=corpus["river"])
    assert sync.apply_now([corpus["river"].pk])
    _refresh(alias)
    assert _search("", filters=SearchFilters(featured=("yes",))).ids == [corpus["river"].pk]


def test_unpublishing_removes_the_item(alias, corpus, django_capture_on_commit_callbacks):
    _rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        corpus["school"].unpublish()
    _refresh(alias)
    assert corpus["school"].pk not in _search("节水").ids


def test_a_second_rebuild_replaces_the_index_behind_the_alias(alias, corpus):
    _rebuild()
    client = elastic_client.get_client()
    [first] = client.indices.get_alias(name=alias).body
    _rebuild()
    [second] = client.indices.get_alias(name=alias).body
    assert second != first
    assert not client.indices.exists(index=first)
    assert corpus["school"].pk in _search("节水").ids
