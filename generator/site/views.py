"""View-models: the computed progress sorted, grouped and labelled the way each page shows it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from generator.core.addresses import agency_page
from generator.core.assignments import Item
from generator.core.collation import vi_key
from generator.core.model import Agency, Directive, Group, Registry, Report
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
class Share:
    """`n` of `of`: a percentage that always carries its denominator."""

    n: int
    of: int

    @property
    def percent(self) -> str | None:
        """Whole percent, as pages print it; None when there is nothing to divide by."""
        return f"{100 * self.n / self.of:.0f}%" if self.of else None


@dataclass(frozen=True)
class Headline:
    """What a leader asks first, counted so that no figure can mislead.

    Work with a deadline and ongoing work (no deadline) are counted apart: a share of "all assignments" would let
    the ongoing ones dilute what is overdue. Every share names its denominator."""

    total: int
    dated: int  # assignments with a deadline
    overdue: int
    due_soon: int
    in_progress: int
    done_dated: int
    undated: int  # ongoing work: no deadline
    done_undated: int
    unreported: int  # assignments never reported on, as of today
    unreported_dated: int
    oldest_unreported_deadline: date | None  # the earliest deadline among those never reported on
    oldest_unreported_issued: date | None  # the earliest date of issue among directives whose work is unreported
    unreported_overdue: int

    @classmethod
    def of(cls, rows: Iterable[Row]) -> Headline:
        rows = list(rows)
        c = Counter(r.status.category for r in rows)
        silent = [r for r in rows if not r.status.history]
        deadlines = [r.item.deadline for r in silent if r.item.deadline]
        issued = [r.item.directive.date for r in silent if r.item.directive.date]
        return cls(
            total=len(rows),
            dated=sum(1 for r in rows if r.item.deadline),
            overdue=c[Category.OVERDUE],
            due_soon=c[Category.DUE_SOON],
            in_progress=c[Category.IN_PROGRESS],
            done_dated=c[Category.DONE_ON_TIME] + c[Category.DONE_LATE],
            undated=sum(1 for r in rows if not r.item.deadline),
            done_undated=c[Category.DONE],
            unreported=len(silent),
            unreported_dated=len(deadlines),
            oldest_unreported_deadline=min(deadlines, default=None),
            oldest_unreported_issued=min(issued, default=None),
            unreported_overdue=sum(1 for r in silent if r.status.category is Category.OVERDUE),
        )

    @property
    def overdue_share(self) -> Share:
        return Share(self.overdue, self.dated)

    @property
    def done_share(self) -> Share:
        return Share(self.done_dated, self.dated)

    @property
    def due_soon_share(self) -> Share:
        return Share(self.due_soon, self.dated)

    @property
    def in_progress_share(self) -> Share:
        return Share(self.in_progress, self.dated)

    @property
    def unreported_share(self) -> Share:
        return Share(self.unreported, self.total)

    @property
    def done_undated_share(self) -> Share:
        return Share(self.done_undated, self.undated)


@dataclass(frozen=True)
class AgencyLine:
    id: str
    name: str
    page: str  # path of the agency's page, relative to the site root
    counts: Counts
    blocked: int
    league: League


# A group given a task through its members shows as one line of progress and its members listed by status (one
# link each) once it has more members than this; smaller groups keep a full row per member in the table.
GROUP_ROWS = 5


@dataclass(frozen=True)
class GroupProgress:
    group: Group
    done: int
    total: int
    members: tuple[Row, ...] = ()  # the members' rows, when they are folded out of the table

    @property
    def by_category(self) -> list[tuple[Category, list[Row]]]:
        """The folded members by status, in the order pages list statuses, each list in the table's order."""
        return [
            (c, [r for r in self.members if r.status.category is c])
            for c in ORDER
            if any(r.status.category is c for r in self.members)
        ]


# Reports listed per assignment (an item and one agency) on the directive's page: one agency's 50,000 reports on one
# item once made a 4.5 MB page. A monthly report over two years and a half still shows whole.
REPORTS_SHOWN = 30


@dataclass(frozen=True)
class ItemView:
    item: Item
    rows: tuple[Row, ...]
    groups: tuple[GroupProgress, ...]
    untracked: tuple[tuple[str, str], ...]  # (text, role label) of bodies named only in words
    table: tuple[Row, ...] = ()  # the rows shown one per agency: all but the members of folded groups

    @cached_property
    def _listed(self) -> tuple[list[Report], int]:
        shown = [report for row in self.rows for report in row.status.history[-REPORTS_SHOWN:]]
        older = sum(max(0, len(row.status.history) - REPORTS_SHOWN) for row in self.rows)
        return sorted(shown, key=lambda r: (r.date, r.agency)), older

    @property
    def reports(self) -> list[Report]:
        """What the directive's page lists: each agency's latest REPORTS_SHOWN reports on the item, oldest first."""
        return self._listed[0]

    @property
    def older_reports(self) -> int:
        """How many earlier reports the page leaves out (the ledger and the report files keep them all)."""
        return self._listed[1]

    @property
    def report_count(self) -> int:
        return len(self.reports) + self.older_reports


def overdue_rows(progress: Progress) -> list[Row]:
    return attention_order(r for r in progress.rows if r.status.category is Category.OVERDUE)


def split_done(rows: list[Row]) -> tuple[list[Row], list[tuple[Category, list[Row]]]]:
    """An agency's work still to do, as given (a table row each), and its work done by kind of done, in ORDER (a
    short line each: done work needs no report action, and its full rows were a quarter of an agency page)."""
    todo = [r for r in rows if not r.status.category.is_done]
    done = [(c, [r for r in rows if r.status.category is c]) for c in ORDER if c.is_done]
    return todo, [(c, mine) for c, mine in done if mine]


def upcoming_rows(progress: Progress) -> list[Row]:
    horizon = progress.today + timedelta(days=UPCOMING_DAYS)
    rows = (
        r
        for r in progress.rows
        if not r.status.category.is_done and r.item.deadline and progress.today <= r.item.deadline <= horizon
    )
    return sorted(rows, key=lambda r: (r.item.deadline, r.item.key, r.agency_id))


def agency_line(progress: Progress, aid: str) -> AgencyLine:
    rows, name = progress.rows_by_agency[aid], progress.dataset.registry.display_name(aid)
    blocked = sum(r.status.blocked for r in rows)
    return AgencyLine(aid, name, agency_page(aid), Counts.of(rows), blocked, League.of(rows, progress.today))


def agency_lines(progress: Progress) -> list[AgencyLine]:
    lines = [agency_line(progress, aid) for aid in progress.rows_by_agency]
    return sorted(lines, key=lambda a: (-a.counts["overdue"], -a.counts["due_soon"], vi_key(a.name), a.id))


def item_view(item: Item, progress: Progress) -> ItemView:
    rows = tuple(attention_order(progress.rows_by_item.get(item.key, ())))
    registry = progress.dataset.registry
    groups, folded = [], set()
    for gid in dict.fromkeys(r.via_group for r in rows if r.via_group):
        members = tuple(r for r in rows if r.via_group == gid)
        fold = len(members) > GROUP_ROWS
        if fold:
            folded.add(gid)
        done = sum(r.status.category.is_done for r in members)
        groups.append(GroupProgress(registry.groups[gid], done, len(members), members if fold else ()))
    untracked = tuple((a.text, ROLE_LABELS[a.role]) for a in item.task.assignees if a.agency is None and a.text)
    table = tuple(r for r in rows if r.via_group not in folded)
    return ItemView(item, rows, tuple(groups), untracked, table)


def directive_items(directive: Directive, progress: Progress) -> dict[str, list[ItemView]]:
    """Task id -> its item views (one, or one per deliverable or period), in the directive's order."""
    views: dict[str, list[ItemView]] = {task.id: [] for task in directive.tasks}
    for item in progress.items_by_directive[directive.id]:
        views[item.task.id].append(item_view(item, progress))
    return views


def directive_rows(directive: Directive, progress: Progress) -> list[Row]:
    """Every assignment of the directive's tasks."""
    return [r for item in progress.items_by_directive[directive.id] for r in progress.rows_by_item.get(item.key, ())]


def agency_groups(agency: Agency | None, registry: Registry) -> list[Group]:
    return [registry.groups[g] for g in agency.groups if g in registry.groups] if agency else []
