"""What is tracked: each task, deliverable or period (an item), for each agency it is given to."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from slugify import slugify

from generator.core.model import Deliverable, Directive, Every, Extension, Recurrence, Registry, Role, Task

_ROLE_RANK = {Role.LEAD: 0, Role.COOPERATING: 1, Role.REQUESTED: 2}
_MONTHS_PER = {Every.MONTH: 1, Every.QUARTER: 3, Every.HALF_YEAR: 6, Every.YEAR: 12}
_PERIOD_ID = {
    Every.MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    Every.QUARTER: re.compile(r"^(\d{4})-q([1-4])$"),
    Every.HALF_YEAR: re.compile(r"^(\d{4})-h([12])$"),
    Every.YEAR: re.compile(r"^(\d{4})()$"),
}
_PERIOD_TITLE = {
    Every.MONTH: "Tháng {n}/{y}",
    Every.QUARTER: "Quý {n}/{y}",
    Every.HALF_YEAR: "6 tháng {half} năm {y}",
    Every.YEAR: "Năm {y}",
}


@dataclass(frozen=True)
class Item:
    """A tracked unit: a task, one of its deliverables, or one period of a periodic task."""

    key: str  # the id reports use: directive/task or directive/task/part
    directive: Directive
    task: Task
    part_id: str | None
    part_title: str | None
    deadline: date | None  # the deadline in force: the latest approved extension, if any
    original_deadline: date | None  # the first deadline, set only when it was extended
    deadline_text: str | None
    extensions: tuple[Extension, ...]

    @property
    def anchor(self) -> str:
        return anchor_for(self.task.id, self.part_id)


@dataclass(frozen=True)
class Assignee:
    agency_id: str  # an agency, or a group that has no members listed yet
    role: Role
    via_group: str | None


@functools.lru_cache(maxsize=4096)  # every directive numbers its tasks 1.1, 1.2, …: the same few ids, slugified once
def anchor_for(task_id: str, part_id: str | None = None) -> str:
    return "nv-" + slugify(task_id if part_id is None else f"{task_id}-{part_id}")


def task_key(directive_id: str, task_id: str, part_id: str | None = None) -> str:
    return f"{directive_id}/{task_id}" + (f"/{part_id}" if part_id else "")


def _item(directive: Directive, task: Task, part: Deliverable | None = None) -> Item:
    extensions = part.extensions if part else task.extensions
    original = part.deadline if part else task.deadline
    deadline = extensions[-1].deadline if extensions else original
    return Item(
        key=task_key(directive.id, task.id, part.id if part else None),
        directive=directive,
        task=task,
        part_id=part.id if part else None,
        part_title=part.title if part else None,
        deadline=deadline,
        original_deadline=original if extensions else None,
        deadline_text=part.deadline_text if part else task.deadline_text,
        extensions=extensions,
    )


def items_of(directive: Directive, today: date) -> Iterator[Item]:
    for task in directive.tasks:
        if task.deliverables:
            yield from (_item(directive, task, d) for d in task.deliverables)
        elif task.recurrence:
            for period in periods(task.recurrence, today):
                yield _item(directive, task, period)
        else:
            yield _item(directive, task)


def periods(rec: Recurrence, today: date) -> Iterator[Deliverable]:
    """The periods of a recurrence from its start up to its end, or up to the period that holds today."""
    step = _MONTHS_PER[rec.every]
    year, month0 = rec.start.year, (rec.start.month - 1) // step * step  # first month of the period, 0-based
    last = rec.end or today
    while (year, month0 + 1) <= (last.year, last.month):  # no date made past the end: year 9999 has no next
        yield _period(rec, year, month0 // step + 1)
        month0 += step
        if month0 >= 12:
            year, month0 = year + 1, 0


def period(rec: Recurrence, part_id: str) -> Deliverable | None:
    """The period a report names (e.g. `2025-q2`), if it is one of this recurrence's."""
    match = _PERIOD_ID[rec.every].match(part_id)
    if not match:
        return None
    year, n = int(match.group(1)), int(match.group(2) or 1)
    if (rec.every is Every.MONTH and not 1 <= n <= 12) or year < 1:  # `2025-13`, `0000-q1`: no such period
        return None
    step = _MONTHS_PER[rec.every]
    starts_in_range = date(year, (n - 1) * step + 1, 1) >= date(
        rec.start.year, (rec.start.month - 1) // step * step + 1, 1
    )
    ends_in_range = rec.end is None or date(year, (n - 1) * step + 1, 1) <= rec.end
    return _period(rec, year, n) if starts_in_range and ends_in_range else None


def _period(rec: Recurrence, year: int, n: int) -> Deliverable:
    step = _MONTHS_PER[rec.every]
    last_month = n * step
    due = date(year, last_month, min(rec.day, calendar.monthrange(year, last_month)[1]))
    part_id = {
        Every.MONTH: f"{year}-{n:02d}",
        Every.QUARTER: f"{year}-q{n}",
        Every.HALF_YEAR: f"{year}-h{n}",
        Every.YEAR: f"{year}",
    }[rec.every]
    title = _PERIOD_TITLE[rec.every].format(n=n, y=year, half="đầu" if n == 1 else "cuối")
    return Deliverable(part_id, f"Kỳ {title}", due, None, (), rec.loc)


def assignees_of(
    task: Task, registry: Registry, expansions: dict[tuple[str, Role], list[Assignee]] | None = None
) -> list[Assignee]:
    """Every agency that tracks this task, groups expanded to their members, each agency once.

    An agency named twice (directly, and through a group) keeps its strongest role. Pass the same `expansions`
    dict for every task of one registry to expand each group only once.
    """
    chosen: dict[str, Assignee] = {}
    expansions = {} if expansions is None else expansions
    for named in task.assignees:
        if named.agency is None:
            continue  # named only in words ("các sở, ngành có liên quan"): shown, not tracked
        expanded = expansions.get((named.agency, named.role))
        if expanded is None:
            members = registry.members.get(named.agency) if named.agency in registry.groups else None
            expanded = expansions[named.agency, named.role] = (
                [Assignee(m, named.role, named.agency) for m in members]
                if members
                else [Assignee(named.agency, named.role, None)]
            )
        for candidate in expanded:
            current = chosen.get(candidate.agency_id)
            if current is None or _ROLE_RANK[candidate.role] < _ROLE_RANK[current.role]:
                chosen[candidate.agency_id] = candidate
    return list(chosen.values())
