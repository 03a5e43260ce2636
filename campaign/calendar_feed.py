"""A campaign's calendar: its key dates and theme days, as a page and as an iCalendar feed phones subscribe to.

The feed is written here (RFC 5545 needs only a few lines for all-day events)
rather than with a library, so the site carries no dependency for it; the tests
read it back with a real iCalendar parser.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

ICS_LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    key: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    description: str = ""

    @property
    def lasts_several_days(self):
        return self.ends_on > self.starts_on


def campaign_events(campaign):
    """The campaign's key dates and theme days in date order (theme days of several days stay one event)."""
    events = [
        CalendarEvent(key=f"key-{index}", title=str(label), starts_on=day, ends_on=day)
        for index, (label, day) in enumerate(campaign.key_dates())
    ]
    events += [
        CalendarEvent(
            key=f"theme-day-{day.pk}",
            title=day.name,
            starts_on=day.starts_on,
            ends_on=day.ends_on or day.starts_on,
            description=day.description,
        )
        for day in campaign.theme_days.all()
    ]
    return sorted(events, key=lambda event: (event.starts_on, event.title))


def _escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= ICS_LINE_OCTETS:
        return line
    parts, current = [], ""
    for character in line:
        limit = ICS_LINE_OCTETS if not parts else ICS_LINE_OCTETS - 1
        if len((current + character).encode()) > limit:
            parts.append(current)
            current = ""
        current += character
    parts.append(current)
    return "\r\n ".join(parts)


def ics_feed(campaign, events, host):
    """The iCalendar text of ``events``; ``host`` makes the events' UIDs unique across sites."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//jieshui-campaigns//campaign calendar//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(campaign.title)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:campaign-{campaign.pk}-{event.key}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.ends_on + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.title)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
