"""The campaign calendar: a page listing key dates and theme days, and an iCalendar feed phones subscribe to."""

import datetime

import pytest
from icalendar import Calendar
from wagtail.models import Site

from tests.factories.campaign import CampaignHomePageFactory, ThemeDayFactory

pytestmark = pytest.mark.django_db

LONG_DESCRIPTION = (
    "各地围绕“节水中国 你我同行”主题，开展节水进机关、进企业、进学校、进社区；; 逗号, 分号; 反斜杠\\ 换行\n第二行。" * 3
)


@pytest.fixture
def theme_days(campaign):
    ThemeDayFactory(page=campaign, name="世界水日", starts_on=datetime.date(2023, 3, 22))
    ThemeDayFactory(
        page=campaign,
        name="中国水周",
        starts_on=datetime.date(2023, 3, 22),
        ends_on=datetime.date(2023, 3, 28),
        description=LONG_DESCRIPTION,
    )


def test_the_calendar_page_lists_key_dates_and_theme_days_with_the_feed(client, campaign, theme_days):
    response = client.get("/calendar/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("世界水日", "中国水周", "2023年3月22日–3月28日", "/calendar/subscribe/"):
        assert text in html
    assert html.index("3月17日") < html.index("世界水日") < html.index("2023年6月30日"), "in date order"
    assert "/calendar/" in client.get("/").content.decode(), "the home page links to it"


def test_the_feed_parses_as_icalendar_with_every_date(client, campaign, theme_days):
    response = client.get("/calendar/subscribe/")
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "folded at 75 octets"
    calendar = Calendar.from_ical(raw)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {str(label) for label, _day in campaign.key_dates()} | {"世界水日", "中国水周"}
    week = events["中国水周"]
    assert week["DTSTART"].dt == datetime.date(2023, 3, 22)
    assert week["DTEND"].dt == datetime.date(2023, 3, 29), "the end of an all-day event is exclusive"
    assert str(week["DESCRIPTION"]) == LONG_DESCRIPTION, "escaped and folded text reads back unchanged"
    assert events["世界水日"]["DTEND"].dt == datetime.date(2023, 3, 23)
    assert len({str(event["UID"]) for event in events.values()}) == len(events)


def test_another_campaign_has_its_own_calendar(client, campaign, theme_days):
    other = CampaignHomePageFactory(parent=campaign.get_parent(), slug="jieshui-2024", year=2024)
    Site.objects.create(hostname="wuxi.example.cn", root_page=other, site_name="五水共治")
    ThemeDayFactory(page=other, name="城市节约用水宣传周", starts_on=datetime.date(2024, 5, 12))
    feed = Calendar.from_ical(client.get("/calendar/subscribe/", HTTP_HOST="wuxi.example.cn").content)
    summaries = {str(event["SUMMARY"]) for event in feed.walk("VEVENT")}
    assert "城市节约用水宣传周" in summaries and "中国水周" not in summaries
