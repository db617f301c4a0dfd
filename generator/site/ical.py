"""Calendar feeds (.ics) of deadlines that Outlook and Google Calendar can subscribe to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import cast

from icalendar import Calendar, Event

from generator.core.progress import Progress, Row
from generator.core.wording import directive_title, item_title

PRODUCT = "-//directive-tracker//Theo doi nhiem vu//VI"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    return calendar


def _event(uid: str, rows: list[Row], progress: Progress, site_url: str | None) -> Event:
    item = rows[0].item
    registry = progress.dataset.registry
    event = Event()
    event.add("uid", f"{uid}@directive-tracker")
    # A stamp from the data's day, not the clock, so the same data gives the same file.
    event.add("dtstamp", datetime.combine(progress.today, datetime.min.time(), tzinfo=UTC))
    event.add("dtstart", item.deadline)
    event.add("dtend", cast(date, item.deadline) + timedelta(days=1))  # only dated items have an event
    event.add("summary", f"Hạn: {item_title(item)}")
    agencies = "; ".join(f"{registry.display_name(r.agency_id)} ({r.status.category.label})" for r in rows)
    original = f"\nHạn ban đầu: {item.original_deadline.isoformat()}" if item.original_deadline else ""
    event.add(
        "description",
        f"{item.task.text}\n\nVăn bản: {directive_title(item.directive)}\n"
        f"Đơn vị: {agencies}\nMã nhiệm vụ: {item.key}{original}",
    )
    if site_url:
        event.add("url", f"{site_url}van-ban/{item.directive.id}/#{item.anchor}")
    return event


class Calendars:
    """Every feed of the site. Each dated item's event is serialised once and shared by the feed of all deadlines
    and by the feed of each agency given it (same UID everywhere: it is the same deadline)."""

    def __init__(self, progress: Progress, site_url: str | None) -> None:
        self.progress = progress
        grouped: dict[str, list[Row]] = {}
        for row in progress.rows:
            if row.item.deadline:
                grouped.setdefault(row.item.key, []).append(row)
        self.events = {key: _event(key, rows, progress, site_url).to_ical() for key, rows in grouped.items()}

    def feed(self, name: str, rows: Iterable[Row]) -> bytes:
        """One all-day event per dated item among `rows`."""
        keys = dict.fromkeys(row.item.key for row in rows if row.item.deadline)
        head, end = _calendar(name).to_ical().rsplit(b"END:VCALENDAR", 1)
        return b"".join((head, *(self.events[key] for key in keys), b"END:VCALENDAR", end))
