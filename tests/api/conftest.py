"""The API tests' campaigns: a small published one per test, and a fuller one per module for generated requests."""

import datetime

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken, Page, Site

from showcase.permissions.roles import NATIONAL_EDITORS
from tests.factories import (
    ActivityPageFactory,
    AssessmentPeriodFactory,
    CampaignHomePageFactory,
    JurisdictionFactory,
    JurisdictionPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    RegionFactory,
    SectorFactory,
    ShowcaseIndexPageFactory,
    UnitFactory,
    UnitMemberFactory,
    UserFactory,
    VideoPageFactory,
)

API = "/api/v3"


def token_for(user, name="front-end"):
    _token, plaintext = APIToken.create_token(user=user, name=name)
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.fixture
def vocabulary(db):
    return {
        "school": SectorFactory(name="学校", slug="school"),
        "community": SectorFactory(name="社区", slug="community"),
        "hebei-province": RegionFactory(name="河北省", slug="hebei-province"),
        "shijiazhuang": RegionFactory(name="石家庄市", slug="shijiazhuang"),
    }


@pytest.fixture
def published(hebei, shanxi, news_index, vocabulary):
    """Three live activities, one live video and one news item, plus a draft that must never show."""
    image = get_image_model().objects.create(title="节水课堂", file=get_test_image_file())
    school = ActivityPageFactory(parent=hebei, title="节水宣传进校园", lead_image=image)
    school.sectors.add(vocabulary["school"])
    school.regions.add(vocabulary["shijiazhuang"])
    school.save_revision().publish()
    community = ActivityPageFactory(
        parent=hebei, title="社区节水讲座", starts_on=datetime.date(2023, 5, 2), ends_on=datetime.date(2023, 5, 2)
    )
    community.sectors.add(vocabulary["community"])
    community.save_revision().publish()
    shanxi_item = ActivityPageFactory(parent=shanxi, title="汾河节水行")
    shanxi_item.save_revision().publish()
    video = VideoPageFactory(parent=hebei, title="家庭节水小窍门")
    video.save_revision().publish()
    news = NewsPageFactory(parent=news_index, title="节水中国 你我同行 联合行动启动")
    news.save_revision().publish()
    draft = ActivityPageFactory(parent=hebei, title="尚未发布的草稿活动", live=False)
    draft.save_revision()
    return {
        "school": school,
        "community": community,
        "shanxi": shanxi_item,
        "video": video,
        "news": news,
        "draft": draft,
    }


FILING_DAY = datetime.date(2023, 4, 1)


def build_world():
    """The published campaign, one item waiting for its jurisdiction's review, a points table, and a token per role.

    Built once per module by ``api_world`` for the generated-request tests, which send thousands of requests
    and must not rebuild a campaign for each operation.
    """
    root = Page.get_first_root_node()
    campaign = CampaignHomePageFactory(parent=root, title="节水中国 你我同行", slug="jieshui-2023")
    site = Site.objects.get(is_default_site=True)
    site.root_page = campaign
    site.save()
    news_index = NewsIndexPageFactory(parent=campaign)
    showcase = ShowcaseIndexPageFactory(parent=campaign)
    hebei = JurisdictionPageFactory(
        parent=showcase, jurisdiction=JurisdictionFactory(name="河北省水利厅", short_name="河北", code="hebei")
    )
    shanxi = JurisdictionPageFactory(
        parent=showcase, jurisdiction=JurisdictionFactory(name="山西省水利厅", short_name="山西", code="shanxi")
    )
    school = SectorFactory(name="学校", slug="school")
    city = RegionFactory(name="石家庄市", slug="shijiazhuang")
    image = get_image_model().objects.create(title="节水课堂", file=get_test_image_file())
    live = ActivityPageFactory(parent=hebei, title="节水宣传进校园", lead_image=image)
    live.sectors.add(school)
    live.regions.add(city)
    live.save_revision().publish()
    ActivityPageFactory(parent=shanxi, title="汾河节水行").save_revision().publish()
    VideoPageFactory(parent=hebei, title="家庭节水小窍门").save_revision().publish()
    NewsPageFactory(parent=news_index, title="节水中国 你我同行 联合行动启动").save_revision().publish()

    unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市节水办")
    submitter = UserFactory(groups=[hebei.jurisdiction.submitters])
    UnitMemberFactory(user=submitter, unit=unit)
    draft = ActivityPageFactory(parent=hebei, title="尚未发布的草稿活动", live=False, unit=unit, owner=submitter)
    draft.save_revision(user=submitter)
    waiting = ActivityPageFactory(parent=hebei, title="等待审核的活动", live=False, unit=unit, owner=submitter)
    waiting.save_revision(user=submitter)
    waiting.get_workflow().start(waiting, submitter)

    AssessmentPeriodFactory(name="2022年宣传考核", year=2022, points_published=True, bodies={unit: "county"})
    return {
        "submitter": token_for(submitter),
        "moderator": token_for(UserFactory(groups=[hebei.jurisdiction.moderators])),
        "editor": token_for(UserFactory(groups=[NATIONAL_EDITORS.group()])),
    }


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    """``build_world()`` for a whole module, rolled back after it; each test's own changes are rolled back before.

    Requests are made through the WSGI application, whose request signals would close the database connection
    after each one, ending the module's transaction: they are disconnected meanwhile, as Django's test client does.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
