import pytest
from wagtail.models import Page

from tests.factories import JurisdictionFactory, JurisdictionPageFactory, ShowcaseIndexPageFactory


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


def reload(page):
    return Page.objects.get(pk=page.pk).specific
