"""What a page's document holds: the public page's text and facet keys, nothing private, nothing unpublished."""

import datetime
import json

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.models import Comment, PageViewRestriction

from campaign.models import NewsPage
from search.elastic.documents import Ancestry, build_document, document_for, documents_for, iter_documents
from showcase.models import ActivityEvidence, ActivityPage, RecommendedSlot, record_rating
from showcase.permissions.grants import evidence_collection_for
from tests.factories import (
    ActivityPageFactory,
    LiaisonFactory,
    NewsPageFactory,
    RegionFactory,
    SectorFactory,
    UserFactory,
    VideoPageFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def tagged_activity(hebei):
    province = RegionFactory(name="河北省", slug="hebei")
    city = RegionFactory(name="石家庄市", slug="shijiazhuang", parent=province)
    page = ActivityPageFactory(
        parent=hebei,
        title="节水宣传进校园活动",
        summary="组织学生参观节水教育基地。",
        venue="石家庄市第一中学",
        body=[
            ("paragraph", "<p>同学们学习<b>节约用水</b>知识。</p>"),
            ("quote", {"text": "节水从我做起", "attribution": ""}),
        ],
        outcomes="<p>发放倡议书<strong>500</strong>份。</p>",
    )
    page.sectors.add(SectorFactory(name="教育", slug="education"))
    page.regions.add(city)
    page.keywords.add("世界水日")
    page.save_revision().publish()
    return ActivityPage.objects.get(pk=page.pk)


def _source(page):
    return document_for(page).to_dict()


def test_an_activity_document_holds_its_text_and_facet_keys(campaign, tagged_activity):
    document = document_for(tagged_activity)
    source = document.to_dict()
    assert document.meta.id == tagged_activity.pk
    assert source["page_id"] == tagged_activity.pk
    assert source["type"] == "activity"
    assert source["title"] == "节水宣传进校园活动"
    assert source["summary"] == "组织学生参观节水教育基地。"
    assert source["campaign"] == campaign.slug == "jieshui-2023"
    assert source["jurisdiction"] == "hebei"
    assert source["sectors"] == ["education"]
    assert source["path"] == tagged_activity.path
    assert source["view_count"] == 0


def test_a_city_counts_for_its_province_too(tagged_activity):
    assert _source(tagged_activity)["regions"] == ["hebei", "shijiazhuang"]


def test_the_body_is_the_plain_text_of_the_blocks_and_the_outcomes(tagged_activity):
    body = _source(tagged_activity)["body"]
    assert "同学们学习节约用水知识。" in body
    assert "节水从我做起" in body
    assert "发放倡议书500份。" in body
    assert "<" not in body


def test_venue_and_keywords_are_searchable_but_apart(tagged_activity):
    assert _source(tagged_activity)["related_text"].split("\n") == ["石家庄市第一中学", "世界水日"]


def test_unit_sector_region_and_jurisdiction_names_are_names_not_text(tagged_activity):
    source = _source(tagged_activity)
    jurisdiction = tagged_activity.jurisdiction
    assert source["names"] == [
        tagged_activity.unit.name,
        "教育",
        "石家庄市",
        "河北省",
        *dict.fromkeys([jurisdiction.name, jurisdiction.short_name]),
    ]
    assert tagged_activity.unit.name not in source["related_text"]


def test_the_year_is_the_year_of_first_publication_in_china(tagged_activity):
    new_year_in_beijing = datetime.datetime(2023, 12, 31, 17, 0, tzinfo=UTC)
    ActivityPage.objects.filter(pk=tagged_activity.pk).update(first_published_at=new_year_in_beijing)
    source = _source(tagged_activity)
    assert source["year"] == "2024"
    assert source["first_published_at"] == new_year_in_beijing


def test_suggestions_come_from_the_title_weighted_by_views(tagged_activity):
    ActivityPage.objects.filter(pk=tagged_activity.pk).update(view_count=41)
    suggest = _source(tagged_activity)["title_suggest"]
    assert suggest["input"][0] == "节水宣传进校园活动"
    assert "校园活动" in suggest["input"]
    assert suggest["weight"] == 42


def test_a_rating_counts_only_where_the_zone_shows_ratings(showcase, tagged_activity):
    record_rating(tagged_activity, "A+", None)
    assert "rating" not in _source(tagged_activity)
    showcase.show_rating_badges = True
    showcase.save()
    assert _source(tagged_activity)["rating"] == "A+"


def test_recommended_slots_are_stored_as_display_periods(showcase, tagged_activity):
    starts = timezone.now() - datetime.timedelta(days=1)
    ends = timezone.now() + datetime.timedelta(days=6)
    RecommendedSlot.objects.create(showcase=showcase, item=tagged_activity, starts_at=starts, ends_at=ends)
    assert _source(tagged_activity)["featured_periods"] == [{"gte": starts, "lt": ends}]


def test_an_open_ended_slot_is_unbounded(showcase, tagged_activity):
    RecommendedSlot.objects.create(showcase=showcase, item=tagged_activity)
    document = document_for(tagged_activity).to_dict()
    assert document["featured_periods"] == [{}]
    assert json.loads(json.dumps(document, default=str))["featured_periods"] == [{}]


def test_an_item_without_tags_rating_or_slot_has_no_such_fields(hebei):
    source = _source(VideoPageFactory(parent=hebei, title="节水主题宣传片"))
    assert source["type"] == "video"
    for absent in ("sectors", "regions", "rating", "featured_periods", "body", "year"):
        assert absent not in source, absent


def test_a_news_document_has_the_campaign_and_body_but_no_showcase_facets(campaign, news_index):
    news = NewsPageFactory(parent=news_index, title="世界水日主题宣传活动启动", body=[("heading", "启动仪式")])
    source = _source(news)
    assert source["type"] == "news"
    assert source["campaign"] == campaign.slug
    assert source["body"] == "启动仪式"
    assert "jurisdiction" not in source
    assert "related_text" not in source


def test_a_draft_has_no_document(hebei):
    draft = ActivityPageFactory(parent=hebei, live=False)
    assert document_for(draft) is None


def test_an_unpublished_page_has_no_document(tagged_activity):
    tagged_activity.unpublish()
    assert document_for(tagged_activity) is None


def test_a_page_under_a_view_restriction_has_no_document(hebei, tagged_activity):
    PageViewRestriction.objects.create(page=hebei, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    assert document_for(tagged_activity) is None


def test_pages_that_are_not_items_have_no_document_and_need_no_deletion(campaign, showcase, hebei):
    assert document_for(hebei) is None
    assert documents_for([campaign.pk, showcase.pk, hebei.pk, 987654]) == {987654: None}


def test_the_document_is_built_from_the_live_page_not_a_newer_draft(tagged_activity):
    tagged_activity.title = "尚未发布的新标题"
    tagged_activity.save_revision()
    draft_object = tagged_activity.get_latest_revision_as_object()
    assert _source(draft_object)["title"] == "节水宣传进校园活动"


def test_nothing_private_reaches_the_document(hebei, tagged_activity):
    unit = tagged_activity.unit
    unit.address = "石家庄市裕华区槐安东路 88 号"
    unit.save()
    LiaisonFactory(unit=unit, name="王小明", mobile="13912345678", email="private.person@example.cn")
    evidence = wagtail_factories.DocumentFactory(
        title="签到表 13800138000", collection=evidence_collection_for(hebei.jurisdiction)
    )
    ActivityEvidence.objects.create(page=tagged_activity, document=evidence, description="佐证：现场签到表")
    Comment.objects.create(
        page=tagged_activity, user=UserFactory(), text="审核意见：请补充现场照片", contentpath="title"
    )
    tagged_activity.save_revision().publish()

    serialized = json.dumps(_source(tagged_activity), ensure_ascii=False, default=str)
    for private in ("13912345678", "private.person", "王小明", "13800138000", "签到表", "佐证", "槐安东路", "审核意见"):
        assert private not in serialized, private


def test_a_rebuild_reads_every_live_public_item_and_nothing_else(campaign, news_index, hebei, shanxi):
    live = [ActivityPageFactory(parent=hebei), VideoPageFactory(parent=shanxi), NewsPageFactory(parent=news_index)]
    ActivityPageFactory(parent=hebei, live=False)
    restricted = ActivityPageFactory(parent=shanxi)
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert sorted(document.meta.id for document in iter_documents()) == sorted(page.pk for page in live)


def test_documents_built_in_a_batch_equal_those_built_one_by_one(news_index, tagged_activity, hebei):
    other = VideoPageFactory(parent=hebei)
    news = NewsPage.objects.get(pk=NewsPageFactory(parent=news_index).pk)
    batch = documents_for([tagged_activity.pk, other.pk, news.pk])
    for page in (tagged_activity, other, news):
        assert batch[page.pk].to_dict() == document_for(page).to_dict()
        assert build_document(type(page).objects.get(pk=page.pk), Ancestry()).to_dict() == batch[page.pk].to_dict()
