"""A jurisdiction's video quota holds in the admin, after deletions and under concurrent submissions."""

import threading

import pytest
from django.db import connection, connections
from wagtail.test.utils.form_data import nested_form_data

from showcase.filing.quota import VideoQuotaExceeded, quota_usage
from showcase.models import VideoPage, VideoQuotaSlot
from tests.factories import RegionFactory, SectorFactory, UnitFactory, VideoPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_quota(showcase):
    showcase.video_quota = 3
    showcase.save_revision().publish()
    return showcase


def _fill(jurisdiction_page, count):
    return [VideoPageFactory(parent=jurisdiction_page) for _ in range(count)]


def test_each_video_takes_a_numbered_place(hebei, small_quota):
    videos = _fill(hebei, 3)
    assert sorted(VideoQuotaSlot.objects.values_list("number", flat=True)) == [1, 2, 3]
    assert {slot.video_id for slot in VideoQuotaSlot.objects.all()} == {v.pk for v in videos}


def test_video_beyond_the_quota_is_refused_and_not_saved(hebei, small_quota):
    _fill(hebei, 3)
    with pytest.raises(VideoQuotaExceeded) as error:
        VideoPageFactory(parent=hebei, title="第四个视频")
    assert "3" in error.value.messages[0]
    assert not VideoPage.objects.filter(title="第四个视频").exists()


def test_quota_is_per_jurisdiction(hebei, shanxi, small_quota):
    _fill(hebei, 3)
    VideoPageFactory(parent=shanxi)
    assert quota_usage(small_quota, shanxi.jurisdiction).used == 1


def test_deleting_a_video_frees_its_place(hebei, small_quota):
    videos = _fill(hebei, 3)
    videos[1].delete()
    replacement = VideoPageFactory(parent=hebei)
    assert replacement.quota_slot.number == 2


def test_admin_refuses_the_next_video_with_quota_and_usage(admin_client, hebei, small_quota):
    _fill(hebei, 3)
    data = nested_form_data(
        {
            "title": "超额视频",
            "slug": "extra",
            "unit": UnitFactory(jurisdiction=hebei.jurisdiction).pk,
            "sectors": SectorFactory(name="教育", slug="education").name,
            "regions": RegionFactory(name="河北", slug="hebei-r").name,
            "summary": "视频简介",
            "external_url": "https://www.douyin.com/video/1",
            "republished_url": "",
            "keywords": "",
        }
    )
    response = admin_client.post(f"/admin/pages/add/showcase/videopage/{hebei.pk}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3" in html and ("名额" in html or "places" in html)
    assert not VideoPage.objects.filter(slug="extra").exists()


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; this race runs on PostgreSQL (CI's second pass)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_cannot_beat_the_quota(hebei, small_quota):
    """Eight threads, each on its own database connection, race for the last places."""
    _fill(hebei, 1)
    outcomes = []
    barrier = threading.Barrier(8)

    def submit(n):
        try:
            barrier.wait()
            VideoPageFactory(parent=hebei, title=f"并发视频{n}", slug=f"race-{n}")
            outcomes.append("created")
        except VideoQuotaExceeded:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("created") == 2
    assert outcomes.count("refused") == 6
    assert VideoPage.objects.filter(jurisdiction=hebei.jurisdiction).count() == 3
    assert sorted(VideoQuotaSlot.objects.values_list("number", flat=True)) == [1, 2, 3]
