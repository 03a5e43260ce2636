"""The admin's bad query values: a clear refusal that says what to fix, never a server error, and nothing changed."""

import pytest
from django.urls import reverse

from tests.factories import LiaisonFactory, UnitFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/tiered-review/"
TWENTY_DIGITS = "9" * 20


@pytest.fixture
def directory(hebei):
    unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市节水办")
    return LiaisonFactory(name="冀联络", unit=unit, mobile="13811112222")


@pytest.mark.parametrize("campaign_id", [TWENTY_DIGITS, f"-{TWENTY_DIGITS}", "٩" * 20])
def test_the_review_report_refuses_a_campaign_beyond_any_id_and_offers_the_page_without_it(
    admin_client, campaign, campaign_id
):
    response = admin_client.get(REPORT, {"campaign": campaign_id, "date_from": "2023-03-01"})

    assert response.status_code == 400
    assert response.context["message"] == (
        "“campaign”是一个超出任何记录编号或数量范围的数字。请从列表的筛选项中选择，或从地址中删除它。"
    )
    assert response.context["without_it"] == f"{REPORT}?date_from=2023-03-01"


@pytest.mark.parametrize("campaign_id", ["-1", "abc", "1.5", "0"])
def test_the_review_report_says_a_campaign_that_does_not_exist_is_not_a_choice(admin_client, campaign, campaign_id):
    response = admin_client.get(REPORT, {"campaign": campaign_id})

    assert response.status_code == 200
    assert response.context["filters"].errors["campaign"]


def test_a_nul_character_in_a_search_is_refused_rather_than_sent_to_the_database(admin_client, directory):
    response = admin_client.get(reverse("showcase_liaison_modeladmin_index"), {"q": "冀\x00"})

    assert response.status_code == 400
    assert "NUL" in response.context["message"]


def test_a_long_number_typed_into_a_search_box_is_still_searched(admin_client, directory):
    listing = reverse("showcase_liaison_modeladmin_index")

    assert admin_client.get(listing, {"q": "13811112222"}).context["all_count"] == 1
    assert "冀联络" in admin_client.get(listing, {"q": "13811112222"}).content.decode()
    assert admin_client.get(listing, {"q": TWENTY_DIGITS}).status_code == 200


@pytest.mark.parametrize("chosen", ["abc", "1.5", "１", TWENTY_DIGITS, "9" * 5000])
def test_a_chooser_refuses_a_chosen_id_that_is_not_a_record_number(admin_client, directory, chosen):
    response = admin_client.get("/admin/snippets/choose/showcase/sector/chosen-multiple/", {"id": chosen})

    assert response.status_code == 400
    assert response.context["message"].startswith("“id”")


@pytest.mark.parametrize("query", [{"page": "2"}, {"jurisdiction": "abc"}, {"unit": "abc"}])
def test_a_directory_filter_it_does_not_offer_shows_the_whole_list_with_a_note(admin_client, directory, query):
    listing = reverse("showcase_liaison_modeladmin_index")

    response = admin_client.get(listing, query, follow=True)

    assert response.redirect_chain == [(listing, 302)]
    assert "冀联络" in response.content.decode()
    assert "无法按该条件筛选列表" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/assessment/judging/{TWENTY_DIGITS}/",
        "/admin/snippets/choose/showcase/sector/chosen/abc/",
        "/admin/documents/chooser/chosen/1.5/",
        "/admin/showcase/unit/edit/abc/",
        f"/admin/showcase/liaison/inspect/{'9' * 5000}/",
    ],
    ids=["round-of-a-campaign-beyond-any-id", "chosen-snippet", "chosen-document", "unit", "liaison"],
)
def test_an_id_in_the_path_that_is_no_record_number_is_not_found(admin_client, directory, path):
    assert admin_client.get(path).status_code == 404


def test_a_real_id_in_the_path_still_opens_the_record(admin_client, directory):
    response = admin_client.get(reverse("showcase_liaison_modeladmin_inspect", args=[directory.pk]))

    assert response.status_code == 200
    assert "冀联络" in response.content.decode()
