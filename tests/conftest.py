"""Fixtures shared by the suite: a published campaign served as the default site."""

import shutil

import pytest
from django.conf import settings
from wagtail.models import Page, Site

from tests.factories import CampaignHomePageFactory, NewsIndexPageFactory


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


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
