"""Bulk reindexing (``search.indexing.reindex``) against saving pages one at a time.

The demo, a restore and the admin's "rebuild" fill the index in bulk; editors
fill it page by page through Wagtail's signal handlers. A search must find the
same pages with the same ranking either way, so both must write the same rows.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends import get_search_backend
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from search.indexing import reindex
from search.sync import refresh_page
from showcase.models import ActivityPage, Unit
from tests.factories import ActivityPageFactory, NewsPageFactory, VideoPageFactory

pytestmark = pytest.mark.django_db

# The id is the database's; the title norm depends on the titles indexed so far (see the title norm test).
NOT_COMPARED = {"id", "title_norm"}


def _entries(pages):
    return IndexEntry.objects.filter(object_id__in=[str(page.pk) for page in pages])


def _rows(pages):
    """The pages' index rows by (content type, object id); on PostgreSQL the text columns read as tsvectors."""
    columns = [field.attname for field in IndexEntry._meta.concrete_fields if field.attname not in NOT_COMPARED]
    return {(row["content_type_id"], row["object_id"]): row for row in _entries(pages).values(*columns)}


def _entry_ids(pages):
    return dict(_entries(pages).values_list("object_id", "pk"))


def _refresh_each(pages):
    """What the signal handlers do when each page is saved: one page at a time, freshly loaded."""
    for page in pages:
        refresh_page(Page.objects.get(pk=page.pk))


def _publish(factory, parent, sectors=(), regions=(), keywords=(), **fields):
    if "unit" not in fields and factory is not NewsPageFactory:
        fields["unit"], _created = Unit.objects.get_or_create(
            name="石家庄市水务局", jurisdiction=parent.specific.jurisdiction
        )
    page = factory(parent=parent, **fields)
    for manager, tags in ((getattr(page, "sectors", None), sectors), (getattr(page, "regions", None), regions)):
        if tags:
            manager.add(*tags)
    if keywords:
        page.keywords.add(*keywords)
    page.save_revision().publish()
    return page


@pytest.fixture
def pages(hebei, shanxi, news_index, vocab):
    v = vocab
    return [
        # Tags attached in an order that is neither their ids' nor their names' order.
        _publish(
            ActivityPageFactory,
            hebei,
            sectors=[v["agriculture"], v["education"], v["industry"]],
            regions=[v["shijiazhuang"], v["hebei"]],
            keywords=["再生水", "节水型社会", "校园"],
            title="节水宣传进校园活动",
            summary="石家庄市第一中学开展节水知识竞赛，学生学习节约用水。",
            venue="石家庄市第一中学礼堂",
            body=[
                ("paragraph", "<p>活动分为<b>知识竞赛</b>和参观两部分。</p>"),
                ("quote", {"text": "节约用水，从我做起。", "attribution": "校长"}),
            ],
            outcomes="<ul><li>参与学生 1,200 人</li><li>发放手册 3.22 万册</li></ul>",
        ),
        _publish(
            ActivityPageFactory,
            shanxi,
            sectors=[v["industry"]],
            regions=[v["shanxi"]],
            title="钢铁企业废水循环利用开放日",
            summary="工业节水改造成果展示，再生水用于冷却。",
        ),
        _publish(ActivityPageFactory, hebei, title="无标签的节水活动", summary="没有行业和地区。"),
        _publish(VideoPageFactory, hebei, sectors=[v["education"]], keywords=["抖音"], title="家庭节水小窍门"),
        _publish(NewsPageFactory, news_index, title="世界水日各地开展节水宣传", summary="各地水利部门开展宣传。"),
    ]


def test_the_pages_are_indexed_when_published(pages):
    assert set(_entry_ids(pages)) >= {str(page.pk) for page in pages}


def test_reindexing_an_empty_index_writes_the_rows_saving_each_page_writes(pages):
    _refresh_each(pages)
    saved = _rows(pages)
    _entries(pages).delete()

    assert reindex() == len(pages)

    assert _rows(pages) == saved


def test_reindexing_over_existing_rows_updates_them_in_place(pages):
    """Changes made without signals reach the index, and each row keeps its id (the facet index maps ids to pages)."""
    school = pages[0]
    ActivityPage.objects.filter(pk=school.pk).update(summary="改为组织学生参观污水处理厂。", venue="石家庄市污水处理厂")
    school.sectors.through.objects.filter(content_object=school, tag__slug="agriculture").delete()
    ids = _entry_ids(pages)

    reindex()

    assert _entry_ids(pages) == ids
    reindexed = _rows(pages)
    _refresh_each(pages)
    assert _rows(pages) == reindexed
    row = reindexed[(school.content_type_id, str(school.pk))]
    assert "处理厂" in str(row["body"]) and "农业" not in str(row["body"])


def test_reindexing_sets_the_title_norms_a_full_rebuild_sets(pages):
    _entries(pages).delete()
    reindex()
    norms = dict(_entries(pages).values_list("pk", "title_norm"))

    get_search_backend().get_index_for_model(ActivityPage)._refresh_title_norms(full=True)

    assert dict(_entries(pages).values_list("pk", "title_norm")) == pytest.approx(norms)


def test_reindexing_costs_the_same_queries_for_more_pages(pages, hebei, vocab):
    """Tags, units and rows are read and written per chunk: more pages in a chunk add no query."""

    def queries_to_reindex():
        with CaptureQueriesContext(connection) as queries:
            reindex(models=[ActivityPage])
        return len(queries)

    few = queries_to_reindex()
    for number in range(3):
        _publish(
            ActivityPageFactory,
            hebei,
            sectors=[vocab["education"]],
            regions=[vocab["hebei"]],
            keywords=[f"关键词{number}"],
            title=f"节水活动{number}",
        )
    assert queries_to_reindex() == few


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="worker processes cannot open the tests' in-memory SQLite database"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reindexing_in_worker_processes_writes_the_same_rows(pages):
    _refresh_each(pages)
    saved = _rows(pages)
    _entries(pages).delete()

    assert reindex(chunk_size=2, workers=2) == len(pages)

    assert _rows(pages) == saved
