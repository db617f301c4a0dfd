"""View-models: the computed progress sorted, grouped and labelled the way each page shows it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import cast

from generator.core.addresses import agency_page
from generator.core.assignments import Item
from generator.core.model import Agency, Dataset, Directive, Group, Registry, Report
from generator.core.progress import Progress, Row, attention_order
from generator.core.status import ORDER, Category
from generator.core.wording import ROLE_LABELS

UPCOMING_DAYS = 30
DASHBOARD_OVERDUE = 20


@dataclass(frozen=True)
class Counts:
    by_category: dict[Category, int]
    total: int

    @classmethod
    def of(cls, rows: Iterable[Row]) -> Counts:
        counter = Counter(row.status.category for row in rows)
        return cls({c: counter.get(c, 0) for c in ORDER}, sum(counter.values()))

    def __getitem__(self, category: str) -> int:
        return self.by_category[Category(category)]

    @property
    def done(self) -> int:
        return sum(n for c, n in self.by_category.items() if c.is_done)


@dataclass(frozen=True)
class League:
    """The counts Vietnamese offices publish for a set of assignments, as of one day."""

    done_on_time: int
    done_late: int
    within_deadline: int  # not done, deadline not yet passed (in progress or due soon)
    overdue: int  # not done, deadline passed
    ongoing: int  # no deadline, not done
    done_undated: int  # no deadline, done
    due_so_far: int  # assignments whose deadline is today or earlier: the completion rate's denominator
    done_due_so_far: int
    key_tasks: int

    @classmethod
    def of(cls, rows: Iterable[Row], today: date) -> League:
        rows = list(rows)
        c = Counter(r.status.category for r in rows)
        due = [r for r in rows if r.item.deadline and r.item.deadline <= today]
        return cls(
            done_on_time=c[Category.DONE_ON_TIME],
            done_late=c[Category.DONE_LATE],
            within_deadline=c[Category.IN_PROGRESS] + c[Category.DUE_SOON],
            overdue=c[Category.OVERDUE],
            ongoing=c[Category.ONGOING],
            done_undated=c[Category.DONE],
            due_so_far=len(due),
            done_due_so_far=sum(r.status.category.is_done for r in due),
            key_tasks=sum(r.item.task.key for r in rows),
        )

    @property
    def total(self) -> int:
        return (
            self.done_on_time + self.done_late + self.within_deadline + self.overdue + self.ongoing + self.done_undated
        )

    @property
    def rate(self) -> float | None:
        """Share of the assignments due so far that are done, or None when nothing is due yet."""
        return self.done_due_so_far / self.due_so_far if self.due_so_far else None


@dataclass(frozen=True)
class AgencyLine:
    id: str
    name: str
    page: str  # path of the agency's page, relative to the site root
    counts: Counts
    blocked: int
    league: League


@dataclass(frozen=True)
class GroupProgress:
    group: Group
    done: int
    total: int


@dataclass(frozen=True)
class ItemView:
    item: Item
    rows: tuple[Row, ...]
    groups: tuple[GroupProgress, ...]
    untracked: tuple[tuple[str, str], ...]  # (text, role label) of bodies named only in words

    @property
    def reports(self) -> list[Report]:
        history = [report for row in self.rows for report in row.status.history]
        return sorted(history, key=lambda r: (r.date, r.agency))


def overdue_rows(progress: Progress) -> list[Row]:
    return attention_order(r for r in progress.rows if r.status.category is Category.OVERDUE)


def upcoming_rows(progress: Progress) -> list[Row]:
    horizon = progress.today + timedelta(days=UPCOMING_DAYS)
    rows = (
        r
        for r in progress.rows
        if not r.status.category.is_done and r.item.deadline and progress.today <= r.item.deadline <= horizon
    )
    return sorted(rows, key=lambda r: (r.item.deadline, r.item.key, r.agency_id))


def agency_lines(progress: Progress) -> list[AgencyLine]:
    registry = progress.dataset.registry
    lines = [
        AgencyLine(
            aid,
            registry.display_name(aid),
            agency_page(aid),
            Counts.of(rows),
            sum(r.status.blocked for r in rows),
            League.of(rows, progress.today),
        )
        for aid, rows in progress.rows_by_agency.items()
    ]
    return sorted(lines, key=lambda a: (-a.counts["overdue"], -a.counts["due_soon"], a.name))


def item_view(item: Item, progress: Progress) -> ItemView:
    rows = tuple(attention_order(progress.rows_by_item.get(item.key, ())))
    registry = progress.dataset.registry
    groups = []
    for gid in dict.fromkeys(r.via_group for r in rows if r.via_group):
        members = [r for r in rows if r.via_group == gid]
        groups.append(
            GroupProgress(registry.groups[gid], sum(r.status.category.is_done for r in members), len(members))
        )
    untracked = tuple((a.text, ROLE_LABELS[a.role]) for a in item.task.assignees if a.agency is None and a.text)
    return ItemView(item, rows, tuple(groups), untracked)


def directive_items(directive: Directive, progress: Progress) -> dict[str, list[ItemView]]:
    """Task id -> its item views (one, or one per deliverable or period), in the directive's order."""
    views: dict[str, list[ItemView]] = {task.id: [] for task in directive.tasks}
    for item in progress.items_by_directive[directive.id]:
        views[item.task.id].append(item_view(item, progress))
    return views


def agency_groups(agency: Agency | None, registry: Registry) -> list[Group]:
    return [registry.groups[g] for g in agency.groups if g in registry.groups] if agency else []


@dataclass(frozen=True)
class Period:
    slug: str
    title: str
    start: date
    end: date
    as_of: date
    lines: list[tuple[str, League]]
    total: League
    overdue: list[Row]  # due within the period and overdue at its end
    carried: int  # overdue at its end, due before it began
    corrections: list[Report] = field(default_factory=list)  # dated within it, entered after it closed


@dataclass(frozen=True)
class PeriodLink:
    """A period as the index of periodic reports lists it, without its figures."""

    slug: str
    title: str
    start: date
    end: date
    as_of: date


PERIOD_YEARS = 2  # this year and the last: the periods offices report on; older figures stay in the open data


def period_bounds(progress: Progress) -> list[tuple[str, str, date, date]]:
    """The 6-month and full-year periods of the last PERIOD_YEARS years that have begun, newest first."""
    found = []
    for year in range(progress.today.year - PERIOD_YEARS + 1, progress.today.year + 1):
        found.append((f"{year}-6-thang", f"6 tháng đầu năm {year}", date(year, 1, 1), date(year, 6, 30)))
        found.append((f"{year}-ca-nam", f"năm {year}", date(year, 1, 1), date(year, 12, 31)))
    return list(reversed(found))


def period_report(
    progress: Progress,
    slug: str,
    title: str,
    start: date,
    end: date,
    compute: Callable[[Dataset, date, int], Progress],
) -> Period:
    """The figures of one period, as of its last day (or today, while it runs); `compute` recomputes progress.

    The overdue list holds the work due within the period; work overdue from earlier periods is counted, not
    listed again, so the pages together stay linear in the data."""
    as_of = min(end, progress.today)
    corrections = _corrections(progress, end)
    if corrections:  # the figures stay as they stood when the period closed
        kept = tuple(r for r in progress.dataset.reports if r.recorded_on <= end)
        state = compute(replace(progress.dataset, reports=kept), as_of, progress.due_soon_days)
    else:
        state = progress if as_of == progress.today else compute(progress.dataset, as_of, progress.due_soon_days)
    rows = [r for r in state.rows if r.item.deadline is None or r.item.deadline <= end]
    by_agency: dict[str, list[Row]] = {}
    for row in rows:
        by_agency.setdefault(row.agency_id, []).append(row)
    registry = progress.dataset.registry
    lines = sorted((registry.display_name(a), League.of(rs, as_of)) for a, rs in by_agency.items())
    late = [r for r in rows if r.status.category is Category.OVERDUE]
    overdue = attention_order(r for r in late if cast(date, r.item.deadline) >= start)  # overdue: it has one
    carried = len(late) - len(overdue)
    return Period(slug, title, start, end, as_of, lines, League.of(rows, as_of), overdue, carried, corrections)


def _corrections(progress: Progress, end: date) -> list[Report]:
    """Reports dated up to a closed period's end but entered into the ledger after it (a late paper report the
    Office entered, `recorded:`): shown as corrections to the period, not merged into figures already published."""
    if end >= progress.today:
        return []
    late = [r for r in progress.dataset.reports if r.date <= end < r.recorded_on]
    return sorted(late, key=lambda r: (r.recorded_on, r.date, r.agency, r.task))


@dataclass(frozen=True)
class Waiting:
    """What waits for the Office: requests for more time not yet answered, and work reported blocked."""

    requests: list[Row]  # the latest report of each asks for more time, and no extension has answered it
    blocked: list[Row]


def waiting(progress: Progress) -> Waiting:
    """A request counts as answered once the directive records an extension approved on or after the day it was
    made, or once the agency has reported again without asking (the Office refuses in writing, and the agency's
    next report says so)."""
    requests, blocked = [], []
    for row in progress.rows:
        latest = row.status.latest
        if latest is None:
            continue
        request = latest.extension_request
        answered = any(e.approved_on is not None and e.approved_on >= latest.date for e in row.item.extensions)
        if request is not None and not answered and not row.status.category.is_done:
            requests.append(row)
        if row.status.blocked and not row.status.category.is_done:
            blocked.append(row)
    return Waiting(attention_order(requests), attention_order(blocked))
