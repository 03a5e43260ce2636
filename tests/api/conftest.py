"""A small published campaign for the API's tests: activities and a video in two jurisdictions, a news item."""

import datetime

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken

from tests.factories import (
    ActivityPageFactory,
    NewsPageFactory,
    RegionFactory,
    SectorFactory,
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
