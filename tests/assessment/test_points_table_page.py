"""A publicity office shows its points table on its own site, under its own name, once the assessors publish it."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site

from assessment.models import PointsTablePage
from tests import factories

pytestmark = pytest.mark.django_db
OFFICE_HOST = "wushui.example.cn"


@pytest.fixture
def office_site(campaign):
    office = factories.OfficeHomePageFactory(
        parent=Page.get_first_root_node(), title="舟山市五水共治宣传", short_name="舟山治水"
    )
    Site.objects.create(hostname=OFFICE_HOST, port=80, root_page=office, site_name=office.title)
    return office


@pytest.fixture
def table_page(office_site):
    dinghai = factories.UnitFactory(name="定海区五水共治办")
    period = factories.AssessmentPeriodFactory(year=2022, bodies={dinghai: "county"}, quotas={"county": (2, 1)})
    return factories.PointsTablePageFactory(parent=office_site, title="2022年考核积分表", period=period)


def test_an_unpublished_period_shows_no_figures(client, table_page):
    response = client.get(table_page.url, HTTP_HOST=OFFICE_HOST)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["table"] is None
    assert "定海区五水共治办" not in html


def test_a_published_table_appears_under_the_offices_name_not_the_campaigns(client, table_page):
    table_page.period.points_published = True
    table_page.period.save()
    response = client.get(table_page.url, HTTP_HOST=OFFICE_HOST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "定海区五水共治办" in html
    assert "scheme-river" in html and "舟山治水" in html
    assert "节水中国" not in html


def test_the_old_table_address_sends_the_visitor_to_the_offices_site(client, table_page):
    table_page.period.points_published = True
    table_page.period.save()
    response = client.get(f"/assessment/points/{table_page.period_id}/")
    assert response.status_code == 302
    assert response["Location"] == f"http://{OFFICE_HOST}/{table_page.slug}/"


def test_a_points_table_belongs_to_an_office_not_to_a_campaign(campaign, office_site):
    assert PointsTablePage.can_create_at(office_site)
    assert not PointsTablePage.can_create_at(campaign)


def test_an_offices_phone_on_its_public_pages_cannot_be_a_mobile_number(office_site):
    office_site.contact_phone = "13800138000"
    with pytest.raises(ValidationError) as refused:
        office_site.full_clean()
    assert "contact_phone" in refused.value.message_dict
