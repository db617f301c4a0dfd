"""Every assignment with its status as of one day: the computed state that pages and exports read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from generator.core.assignments import Assignee, Item, assignees_of, items_of
from generator.core.model import Dataset, Report, Role
from generator.core.status import DUE_SOON_DAYS, ORDER, Status, compute_status


@dataclass(frozen=True)
class Row:
    """One item for one agency: the unit that is counted, listed and exported."""

    item: Item
    agency_id: str
    role: Role
    via_group: str | None
    status: Status


@dataclass(frozen=True)
class Progress:
    today: date
    due_soon_days: int
    dataset: Dataset
    items: tuple[Item, ...]
    items_by_directive: dict[str, tuple[Item, ...]]
    rows: tuple[Row, ...]
    rows_by_item: dict[str, tuple[Row, ...]]
    rows_by_agency: dict[str, tuple[Row, ...]]


def compute_progress(dataset: Dataset, today: date, due_soon_days: int = DUE_SOON_DAYS) -> Progress:
    reports: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in dataset.reports:
        reports[report.task, report.agency].append(report)
    items: list[Item] = []
    by_directive: dict[str, tuple[Item, ...]] = {}
    rows: list[Row] = []
    by_item: dict[str, list[Row]] = defaultdict(list)
    by_agency: dict[str, list[Row]] = defaultdict(list)
    expansions: dict[tuple[str, Role], list[Assignee]] = {}
    for directive in dataset.directives:
        assignees = {task.id: assignees_of(task, dataset.registry, expansions) for task in directive.tasks}
        own = tuple(items_of(directive, today))
        by_directive[directive.id] = own
        items.extend(own)
        for item in own:
            for who in assignees[item.task.id]:
                status = compute_status(item.deadline, reports.get((item.key, who.agency_id), ()), today, due_soon_days)
                row = Row(item, who.agency_id, who.role, who.via_group, status)
                rows.append(row)
                by_item[item.key].append(row)
                by_agency[who.agency_id].append(row)
    return Progress(
        today=today,
        due_soon_days=due_soon_days,
        dataset=dataset,
        items=tuple(items),
        items_by_directive=by_directive,
        rows=tuple(rows),
        rows_by_item={k: tuple(v) for k, v in by_item.items()},
        rows_by_agency={k: tuple(v) for k, v in by_agency.items()},
    )


_RANK = {category: i for i, category in enumerate(ORDER)}


def attention_order(rows: Iterable[Row]) -> list[Row]:
    """Overdue first (longest first), then due soon, then the rest by deadline."""

    def key(row: Row) -> tuple[int, int, int, str, str]:
        deadline = row.item.deadline.toordinal() if row.item.deadline else 10**9
        return (_RANK[row.status.category], -row.status.days_overdue, deadline, row.item.key, row.agency_id)

    return sorted(rows, key=key)
