"""Fixtures shared by the suite: a published campaign as the default site, its showcase zone, two jurisdictions."""

import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, Site

from tests.factories import (
    CampaignHomePageFactory,
    JurisdictionFactory,
    JurisdictionPageFactory,
    NewsIndexPageFactory,
    ShowcaseIndexPageFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _test_database_dropped_cleanly(django_db_setup, django_db_blocker):
    """Close what the fault drill's killed workers may leave connected, so the test database can be dropped.

    A worker killed with SIGKILL while its server process waits on a lock
    leaves that server process connected until the lock frees; PostgreSQL
    then refuses to drop the test database at the end of the run.
    """
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit and view counts start at zero in every test, as they would in a fresh deployment."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """The rate limiter's clock, moved by hand: windows end without waiting, and never end mid-test by chance."""
    from campaign import ratelimit

    now = [1_700_000_000.0]  # 20 s into a minute
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    return now


@pytest.fixture(autouse=True)
def _fresh_facet_index():
    """Each test's database is rolled back, ids and change log included: no worker's index may outlive it."""
    from search import facet_index

    facet_index.forget()
    yield
    facet_index.forget()


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def campaign(root_page):
    """A live campaign home page that the default site serves at ``/``."""
    page = CampaignHomePageFactory(parent=root_page, title="节水中国 你我同行", slug="jieshui-2023")
    site = Site.objects.get(is_default_site=True)
    site.root_page = page
    site.site_name = "节水中国 你我同行"
    site.save()
    return page


@pytest.fixture
def news_index(campaign):
    return NewsIndexPageFactory(parent=campaign)


@pytest.fixture
def showcase(campaign):
    return ShowcaseIndexPageFactory(parent=campaign)


@pytest.fixture
def hebei(showcase):
    jurisdiction = JurisdictionFactory(name="河北省水利厅", short_name="河北", code="hebei")
    return JurisdictionPageFactory(parent=showcase, jurisdiction=jurisdiction)


@pytest.fixture
def shanxi(showcase):
    jurisdiction = JurisdictionFactory(name="山西省水利厅", short_name="山西", code="shanxi")
    return JurisdictionPageFactory(parent=showcase, jurisdiction=jurisdiction)


@pytest.fixture
def on_day(monkeypatch):
    """Call with a date to make it today (the filing window and campaign year checks read ``localdate``)."""

    def set_day(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_day
