"""Validation and behaviour of the campaign models that editors and later apps rely on."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaign.models import FilingStatus
from campaign.validators import validate_public_office_phone
from tests.factories import (
    CampaignContactFactory,
    LiveStreamChannelFactory,
    NewsPageFactory,
    StandardPageFactory,
    ThemeDayFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (datetime.date(2023, 3, 21), FilingStatus.NOT_YET_OPEN),
        (datetime.date(2023, 3, 22), FilingStatus.OPEN),
        (datetime.date(2023, 6, 30), FilingStatus.OPEN),
        (datetime.date(2023, 7, 1), FilingStatus.CLOSED),
    ],
)
def test_filing_window_includes_its_first_and_last_day(campaign, day, status):
    assert campaign.filing_status(on=day) == status
    assert campaign.filing_is_open(on=day) is (status == FilingStatus.OPEN)


def test_filing_window_must_not_close_before_it_opens(campaign):
    campaign.filing_closes_on = datetime.date(2023, 3, 1)
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "filing_closes_on" in error.value.message_dict


def test_liaisons_must_be_named_before_filing_closes(campaign):
    campaign.liaison_deadline = datetime.date(2023, 7, 1)
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "liaison_deadline" in error.value.message_dict


def test_summary_cannot_be_due_before_filing_closes(campaign):
    campaign.summary_deadline = datetime.date(2023, 6, 1)
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "summary_deadline" in error.value.message_dict


def test_key_dates_are_listed_in_date_order_and_skip_missing_ones(campaign):
    campaign.summary_deadline = None
    labels_and_days = campaign.key_dates()
    days = [day for _label, day in labels_and_days]
    assert days == sorted(days)
    assert days == [datetime.date(2023, 3, 17), datetime.date(2023, 3, 22), datetime.date(2023, 6, 30)]


def test_theme_day_cannot_end_before_it_starts(campaign):
    day = ThemeDayFactory.build(page=campaign, starts_on=datetime.date(2023, 3, 28), ends_on=datetime.date(2023, 3, 22))
    with pytest.raises(ValidationError):
        day.full_clean()


def test_each_live_stream_has_a_qr_code_of_its_own_link(campaign):
    first = LiveStreamChannelFactory(page=campaign, url="https://live.example.cn/a")
    second = LiveStreamChannelFactory(page=campaign, url="https://live.example.cn/b")
    svg = str(first.qr_svg())
    assert svg.startswith("<svg")
    assert "<path" in svg
    assert svg != str(second.qr_svg())
    assert str(first.qr_svg()) == svg


def test_qr_code_title_is_escaped():
    channel = LiveStreamChannelFactory.build(name="<script>alert(1)</script>", url="https://live.example.cn/x")
    svg = str(channel.qr_svg())
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


@pytest.mark.parametrize(
    "phone", ["010-63200001", "(010)63200001", "0311-8888 6666", "010-63200001-123", "400-810-1234"]
)
def test_office_phones_are_accepted(phone):
    validate_public_office_phone(phone)


@pytest.mark.parametrize("phone", ["13812345678", "+86 138 1234 5678", "138-1234-5678", "0086 13912345678"])
def test_personal_mobile_numbers_are_refused_for_public_contacts(phone):
    with pytest.raises(ValidationError) as error:
        validate_public_office_phone(phone)
    assert error.value.code == "mobile_not_public"


@pytest.mark.parametrize("phone", ["call me", "12345", ""])
def test_malformed_phones_are_refused(phone):
    with pytest.raises(ValidationError) as error:
        validate_public_office_phone(phone)
    assert error.value.code == "invalid_phone"


def test_contact_with_mobile_number_fails_model_validation(campaign):
    contact = CampaignContactFactory.build(page=campaign, phone="13812345678")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "phone" in error.value.message_dict


def test_bulletin_needs_an_issue_number(news_index):
    page = NewsPageFactory.build(is_bulletin=True, bulletin_issue=None)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "bulletin_issue" in error.value.message_dict


def test_issue_number_without_bulletin_flag_is_refused(news_index):
    page = NewsPageFactory.build(is_bulletin=False, bulletin_issue=3)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "is_bulletin" in error.value.message_dict


def test_meta_description_falls_back_to_summary_and_is_bounded(news_index):
    page = NewsPageFactory(parent=news_index, summary="各地" * 200, search_description="")
    assert page.meta_description().startswith("各地各地")
    assert len(page.meta_description()) <= 150
    page.search_description = "专门撰写的分享描述"
    assert page.meta_description() == "专门撰写的分享描述"


def test_every_page_knows_its_campaign(campaign, news_index):
    news = NewsPageFactory(parent=news_index)
    guide = StandardPageFactory(parent=campaign)
    nested = StandardPageFactory(parent=guide)
    for page in (campaign, news_index, news, guide, nested):
        assert page.campaign.pk == campaign.pk
