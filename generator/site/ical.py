"""Calendar feeds (.ics) of deadlines that Outlook and Google Calendar can subscribe to.

A calendar is for what is coming and what just passed: it holds every deadline from RECENT_DAYS ago onward, done or
not, as its own all-day event. Work still to do whose deadline is older than that is not an event of its own (a
calendar shows it in a month no one opens again, and at 5,000 tasks those events were most of the 12 MiB of
calendars): each feed has instead one event on the data's day, "N việc quá hạn từ trước", naming the most overdue
of them and where the full list is (the overdue pages, the agency's page). So a subscriber always sees the old
overdue work, today, however old the data's deadlines are; the open data keep every deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import cast

from icalendar import Calendar, Event

from generator.core import addresses
from generator.core.progress import Progress, Row
from generator.core.wording import directive_title, item_title, vn_date

PRODUCT = "-//directive-tracker//Theo doi nhiem vu//VI"
RECENT_DAYS = 90  # a deadline this many days past, or later, is an event of its own whatever its state
NAMED_OLD = 20  # the old overdue items named in the day's event; the rest are counted and linked
OVERDUE_PAGE = "qua-han.md"  # the full overdue list (by month past a thousand)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    return calendar


def window_start(today: date) -> date:
    """The first deadline that is an event of its own."""
    return today - timedelta(RECENT_DAYS)


def in_calendar(row: Row, today: date) -> bool:
    """Whether the row's deadline is an event of its own: dated, due RECENT_DAYS ago or later."""
    deadline = row.item.deadline
    return deadline is not None and deadline >= window_start(today)


def is_old_open(row: Row, today: date) -> bool:
    """Work still to do whose deadline is before the window: counted in the day's event, not an event itself."""
    deadline = row.item.deadline
    return deadline is not None and deadline < window_start(today) and not row.status.category.is_done


def _day_event(event: Event, uid: str, day: date) -> None:
    event.add("uid", f"{uid}@directive-tracker")
    # A stamp from the data's day, not the clock, so the same data gives the same file.
    event.add("dtstamp", datetime.combine(day, datetime.min.time(), tzinfo=UTC))


def _event(uid: str, rows: list[Row], progress: Progress, site_url: str | None, agencies: bool) -> Event:
    item = rows[0].item
    registry = progress.dataset.registry
    event = Event()
    _day_event(event, uid, progress.today)
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


def old_overdue_event(scope: str, rows: list[Row], progress: Progress, page: str, url: str | None) -> bytes:
    """The day's event of a feed: how many items still to do are due before the window, the most overdue named.
    `rows` are the feed's old open rows, one per item; `page` says in words where the full list is."""
    today = progress.today
    ordered = sorted(rows, key=lambda r: (r.item.deadline, r.item.key))
    event = Event()
    _day_event(event, f"qua-han-tu-truoc/{scope}", today)
    event.add("dtstart", today)
    event.add("dtend", today + timedelta(days=1))
    event.add("summary", f"{len(ordered)} việc quá hạn từ trước {vn_date(window_start(today))}")
    lines = [f"- {vn_date(r.item.deadline)}: {item_title(r.item)} ({r.item.key})" for r in ordered[:NAMED_OLD]]
    more = len(ordered) - NAMED_OLD
    if more > 0:
        lines.append(f"… và {more} việc khác.")
    head = (
        f"Việc chưa hoàn thành có hạn trước {vn_date(window_start(today))} (lịch chỉ ghi riêng từng hạn từ ngày đó"
        f" trở đi), quá hạn lâu nhất trước:"
    )
    where = f"Danh sách đầy đủ: {page}" + (f", {url}" if url else "") + "."
    event.add("description", "\n".join([head, *lines, "", where]))
    if url:
        event.add("url", url)
    return event.to_ical()


class Calendars:
    """Every feed of the site. Each item's event is serialised once for the feed of all deadlines (with its
    agencies) and once for the agencies' feeds (without), under the same UID everywhere: it is the same deadline."""

    def __init__(self, progress: Progress, site_url: str | None) -> None:
        self.progress = progress
        self.site_url = site_url
        today = progress.today
        grouped: dict[str, list[Row]] = {}
        for row in progress.rows:
            if row.item.deadline:
                grouped.setdefault(row.item.key, []).append(row)
        listed = {k: rows for k, rows in grouped.items() if in_calendar(rows[0], today)}
        self.all_events = {k: _event(k, rows, progress, site_url, True).to_ical() for k, rows in listed.items()}
        self.own_events = {k: _event(k, rows, progress, site_url, False).to_ical() for k, rows in listed.items()}
        # The feed of all deadlines counts an item once, whichever of its agencies still has it to do.
        old = {r.item.key: r for r in progress.rows if is_old_open(r, today)}
        url = f"{site_url}{addresses.page_url(OVERDUE_PAGE)}" if site_url else None
        self.all_old = old_overdue_event("tat-ca", list(old.values()), progress, 'trang "Quá hạn"', url) if old else b""

    def feed_of_all(self, name: str) -> bytes:
        return self._feed(name, (self.all_old, *self.all_events.values()))

    def feed(self, name: str, agency_id: str, rows: Iterable[Row]) -> bytes:
        """An agency's feed: one all-day event per row of `rows` in the window, and the day's event of its own old
        overdue work."""
        today = self.progress.today
        mine = list(rows)
        keys = dict.fromkeys(row.item.key for row in mine if in_calendar(row, today))
        old = list({r.item.key: r for r in mine if is_old_open(r, today)}.values())
        url = f"{self.site_url}{addresses.page_url(addresses.agency_page(agency_id))}" if self.site_url else None
        day = old_overdue_event(agency_id, old, self.progress, "trang của đơn vị", url) if old else b""
        return self._feed(name, (day, *(self.own_events[key] for key in keys)))

    @staticmethod
    def _feed(name: str, events: Iterable[bytes]) -> bytes:
        head, end = _calendar(name).to_ical().rsplit(b"END:VCALENDAR", 1)
        return b"".join((head, *events, b"END:VCALENDAR", end))
