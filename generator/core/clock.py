"""The only place that reads the clock: "today" is the date in Vietnam, whatever the machine's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnam_today(now: datetime | None = None) -> date:
    """Vietnam's date at the instant `now` (an aware datetime; the current instant by default)."""
    instant = now if now is not None else datetime.now(UTC)
    return instant.astimezone(VIETNAM).date()


def parse_today(value: str | None) -> date:
    """`--today YYYY-MM-DD`, or Vietnam's date when not given. Raises ValueError on a bad date."""
    if not value:
        return vietnam_today()
    return date.fromisoformat(value)
