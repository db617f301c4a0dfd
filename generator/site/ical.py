"""Calendar feeds (.ics) of deadlines that Outlook and Google Calendar can subscribe to.

A calendar is for the work still to do: it holds every deadline of work not yet done, and the deadlines of the last
RECENT_DAYS days whether done or not (so that a subscriber sees what just closed), not every deadline ever. At 5,000
tasks the feeds of every deadline were 20 MiB, a sixth of the site; the open data keep every deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import cast

from icalendar import Calendar, Event

from generator.core.progress import Progress, Row
from generator.core.wording import directive_title, item_title

PRODUCT = "-//directive-tracker//Theo doi nhiem vu//VI"
RECENT_DAYS = 90  # a deadline this many days past stays in the calendars even when the work is done


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    return calendar


def in_calendar(row: Row, today: date) -> bool:
    """Whether the row's deadline is in the calendars: dated, and still to do or due within RECENT_DAYS."""
    deadline = row.item.deadline
    return deadline is not None and (not row.status.category.is_done or deadline >= today - timedelta(RECENT_DAYS))


def _event(uid: str, rows: list[Row], progress: Progress, site_url: str | None, agencies: bool) -> Event:
    item = rows[0].item
    registry = progress.dataset.registry
    event = Event()
    event.add("uid", f"{uid}@directive-tracker")
    # A stamp from the data's day, not the clock, so the same data gives the same file.
    event.add("dtstamp", datetime.combine(progress.today, datetime.min.time(), tzinfo=UTC))
    event.add("dtstart", item.deadline)
    event.add("dtend", cast(date, item.deadline) + timedelta(days=1))  # only dated items have an event
    event.add("summary", f"Hạn: {item_title(item)}")
    # Who has it and how far each is: in the calendar of all deadlines. An agency's own calendar is its own work.
    named = "; ".join(f"{registry.display_name(r.agency_id)} ({r.status.category.label})" for r in rows)
    given = f"Đơn vị: {named}\n" if agencies else ""
    original = f"\nHạn ban đầu: {item.original_deadline.isoformat()}" if item.original_deadline else ""
    event.add(
        "description",
        f"{item.task.text}\n\nVăn bản: {directive_title(item.directive)}\n{given}Mã nhiệm vụ: {item.key}{original}",
    )
    if site_url:
        event.add("url", f"{site_url}van-ban/{item.directive.id}/#{item.anchor}")
    return event


class Calendars:
    """Every feed of the site. Each item's event is serialised once for the feed of all deadlines (with its
    agencies) and once for the agencies' feeds (without), under the same UID everywhere: it is the same deadline."""

    def __init__(self, progress: Progress, site_url: str | None) -> None:
        self.progress = progress
        today = progress.today
        grouped: dict[str, list[Row]] = {}
        for row in progress.rows:
            if row.item.deadline:
                grouped.setdefault(row.item.key, []).append(row)
        # An item is in the calendar of all deadlines while any of its agencies' rows is.
        listed = {k: rows for k, rows in grouped.items() if any(in_calendar(r, today) for r in rows)}
        self.all_events = {k: _event(k, rows, progress, site_url, True).to_ical() for k, rows in listed.items()}
        self.own_events = {k: _event(k, rows, progress, site_url, False).to_ical() for k, rows in listed.items()}

    def feed_of_all(self, name: str) -> bytes:
        return self._feed(name, self.all_events.values())

    def feed(self, name: str, rows: Iterable[Row]) -> bytes:
        """An agency's feed: one all-day event per row of `rows` that is in the calendars."""
        today = self.progress.today
        keys = dict.fromkeys(row.item.key for row in rows if in_calendar(row, today))
        return self._feed(name, (self.own_events[key] for key in keys))

    @staticmethod
    def _feed(name: str, events: Iterable[bytes]) -> bytes:
        head, end = _calendar(name).to_ical().rsplit(b"END:VCALENDAR", 1)
        return b"".join((head, *events, b"END:VCALENDAR", end))
