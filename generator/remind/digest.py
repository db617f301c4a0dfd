"""What to remind whom about, and when: digests per agency, staged so each reminder goes out once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.core.addresses import item_url
from generator.core.model import Registry
from generator.core.progress import Progress, Row, attention_order
from generator.core.status import Category
from generator.core.wording import item_title

OFFICE = "van-phong"  # the digest for the Office's maintainers (escalation)


@dataclass(frozen=True)
class Cadence:
    """When reminders go out: N days before a deadline, on the day, then every `every` days while overdue."""

    before: tuple[int, ...] = (7, 1)
    every: int = 7
    window: int = 7  # digests list what falls due within this many days
    escalate_after: int = 14  # overdue for this many days: the Office hears of it too

    def stage(self, row: Row) -> str | None:
        """The reminder stage an assignment is in; a new stage is what makes a reminder go out."""
        status = row.status
        if status.category is Category.OVERDUE:
            return f"overdue-{(status.days_overdue - 1) // self.every + 1}"
        if status.category.is_done or status.days_left is None:
            return None
        if status.days_left == 0:
            return "due-today"
        passed = [b for b in self.before if status.days_left <= b]
        return f"before-{min(passed)}" if passed else None


@dataclass(frozen=True)
class Entry:
    row: Row
    stage: str | None
    title: str
    link: str | None  # the task on the published site


@dataclass(frozen=True)
class Digest:
    key: str  # an agency id, or OFFICE
    name: str
    today: date
    overdue: tuple[Entry, ...]
    due_today: tuple[Entry, ...]
    due_soon: tuple[Entry, ...]
    emails: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()  # GitHub logins or org/teams
    update_url: str | None = None  # where the agency adds its report
    stages: dict[str, str] = field(default_factory=dict)  # assignment -> stage, to remember once sent

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.overdue + self.due_today + self.due_soon

    @property
    def pending(self) -> bool:
        return bool(self.entries)

    def has_news(self, sent: dict[str, str]) -> bool:
        """True if some assignment reached a stage not reminded yet."""
        return any(sent.get(key) != stage for key, stage in self.stages.items())


def assignment_key(row: Row) -> str:
    return f"{row.item.key}@{row.agency_id}"


def _entry(row: Row, stage: str | None, site_url: str | None) -> Entry:
    link = item_url(site_url, row.item) if site_url else None
    return Entry(row, stage, item_title(row.item), link)


def _digest(
    key: str, name: str, rows: list[Row], progress: Progress, cadence: Cadence, site_url: str | None, **who: Any
) -> Digest:
    entries = [_entry(r, cadence.stage(r), site_url) for r in attention_order(rows)]
    return Digest(
        key=key,
        name=name,
        today=progress.today,
        overdue=tuple(e for e in entries if e.row.status.category is Category.OVERDUE),
        due_today=tuple(e for e in entries if e.row.status.days_left == 0 and not e.row.status.category.is_done),
        due_soon=tuple(e for e in entries if (e.row.status.days_left or 0) > 0),
        stages={assignment_key(e.row): e.stage for e in entries if e.stage},
        **who,
    )


def _pending(row: Row, cadence: Cadence) -> bool:
    status = row.status
    if status.category is Category.OVERDUE:
        return True
    return not status.category.is_done and status.days_left is not None and 0 <= status.days_left <= cadence.window


def compute_digests(
    progress: Progress,
    cadence: Cadence,
    site_url: str | None = None,
    update_url: str | None = None,
    office_emails: tuple[str, ...] = (),
) -> list[Digest]:
    """One digest per agency with an assignment, pending or not (an empty one closes its reminder issue),
    then the Office's digest of what has been overdue longer than `cadence.escalate_after` days."""
    registry: Registry = progress.dataset.registry
    digests = []
    for agency_id, rows in sorted(progress.rows_by_agency.items()):
        agency = registry.agencies.get(agency_id)
        digests.append(
            _digest(
                agency_id,
                registry.display_name(agency_id),
                [r for r in rows if _pending(r, cadence)],
                progress,
                cadence,
                site_url,
                emails=agency.emails if agency else (),
                mentions=agency.github if agency else (),
                update_url=update_url,
            )
        )
    late = [
        r
        for r in progress.rows
        if r.status.category is Category.OVERDUE and r.status.days_overdue >= cadence.escalate_after
    ]
    digests.append(
        _digest(
            OFFICE,
            "Văn phòng UBND tỉnh: nhiệm vụ quá hạn kéo dài",
            late,
            progress,
            cadence,
            site_url,
            emails=office_emails,
            mentions=registry.maintainers,
            update_url=update_url,
        )
    )
    return digests
