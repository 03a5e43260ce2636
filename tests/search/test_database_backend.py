"""The segmenting database backend: what Wagtail's own search (admin, choosers) finds, and what the index holds."""

import re

import pytest
import wagtail_factories
from modelsearch.backends import get_search_backend
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.search.models import IndexEntry

from search.backends.segmenting import SegmentingBackendMixin
from showcase.models import ActivityPage
from tests.factories import ActivityPageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def _indexed_text(page):
    entries = IndexEntry.objects.filter(object_id=str(page.pk))
    return " ".join(f"{entry.title} {entry.body}" for entry in entries)


def _found(query, model=ActivityPage):
    return {page.pk for page in model.objects.live().search(query)}


def test_the_backend_is_the_segmenting_one_for_this_database():
    assert isinstance(get_search_backend(), SegmentingBackendMixin)


def test_index_rows_hold_words_not_runs_of_characters(hebei):
    page = publish(ActivityPageFactory, hebei, "节水宣传进校园活动", "开展再生水利用科普。")
    tokens = set(re.findall(r"[^\s':]+", _indexed_text(page)))  # SQLite keeps text, PostgreSQL a tsvector
    assert {"节水", "宣传", "校园", "再生水"} <= tokens, "modelsearch's indexer is replaced: text is cut into words"
    assert "节水宣传进校园活动" not in tokens


def test_wagtails_own_search_finds_chinese_words_inside_longer_text(hebei):
    page = publish(ActivityPageFactory, hebei, "节水宣传进校园活动", "开展再生水利用科普。")
    assert page.pk in _found("节水")
    assert page.pk in _found("校园")
    assert page.pk in _found("再生水")
    assert page.pk in _found("水"), "a one-character query finds titles containing the character"
    assert page.pk not in _found("灌溉")


def test_the_admin_page_search_finds_chinese(client, hebei, admin_user):
    page = publish(ActivityPageFactory, hebei, "节水宣传进校园活动", "开展再生水利用科普。")
    client.force_login(admin_user)
    response = client.get("/admin/pages/search/", {"q": "校园"})
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_unpublishing_removes_the_page_from_the_index(hebei):
    page = publish(ActivityPageFactory, hebei, "节水宣传进校园活动")
    page.unpublish()
    assert not IndexEntry.objects.filter(object_id=str(page.pk)).exists()
    page.save_revision().publish()
    assert page.pk in _found("校园"), "publishing again puts it back"


def test_drafts_are_never_indexed(hebei):
    draft = ActivityPageFactory(parent=hebei, title="尚未发布的节水草稿", live=False)
    draft.save_revision()
    assert not IndexEntry.objects.filter(object_id=str(draft.pk)).exists()


def test_a_view_restriction_removes_the_subtree_and_lifting_it_restores_it(hebei):
    page = publish(ActivityPageFactory, hebei, "节水宣传进校园活动")
    restriction = PageViewRestriction.objects.create(page=hebei, restriction_type=PageViewRestriction.LOGIN)
    assert not IndexEntry.objects.filter(object_id=str(page.pk)).exists()
    restriction.delete()
    assert page.pk in _found("校园")


def test_moving_keeps_the_page_findable_and_deleting_removes_it(hebei, shanxi):
    page = publish(ActivityPageFactory, hebei, "节水宣传进校园活动")
    Page.objects.get(pk=page.pk).move(shanxi, pos="last-child")
    assert page.pk in _found("校园")
    Page.objects.get(pk=page.pk).delete()
    assert not IndexEntry.objects.filter(object_id=str(page.pk)).exists()


def test_the_image_chooser_search_finds_chinese_titles(db):
    image = wagtail_factories.ImageFactory(title="世界水日节水宣传海报")
    assert image in get_image_model().objects.search("海报")
    assert image in get_image_model().objects.search("世界水日")
