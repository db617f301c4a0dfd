"""The overdue list, split by the month of its deadlines once it is long.

At 5,000 synthetic tasks the overdue page listed 12,436 assignments on one page of 5 MiB, the site's largest; at
100,000 tasks it would be some 75 MiB, more than a browser shows. Past OVERDUE_PAGE_ROWS assignments the page lists
the months with their counts and each month has its own page (`qua-han/<yyyy-mm>.md`), oldest first as the list
was; every overdue assignment is on exactly one of them. A shorter list stays one page, sorted and filtered in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from generator.core.progress import Row

OVERDUE_PAGE_ROWS = 1000  # a longer overdue list is split by month
FOLDER = "qua-han"  # beside qua-han.md, whose page is qua-han/index.html: the months' pages are qua-han/<month>/


@dataclass(frozen=True)
class Month:
    slug: str  # "2025-05"
    label: str  # "5/2025"
    rows: list[Row]  # in attention order (the longest overdue first), as the whole list

    @property
    def page(self) -> str:
        return f"{FOLDER}/{self.slug}.md"


def months(overdue: list[Row]) -> list[Month]:
    """The overdue assignments by the month of their deadline, oldest first; none when the list is short enough
    for one page. Overdue work always has a deadline."""
    if len(overdue) <= OVERDUE_PAGE_ROWS:
        return []
    grouped: dict[tuple[int, int], list[Row]] = {}
    for row in overdue:
        deadline = row.item.deadline
        assert deadline is not None  # overdue: past a deadline
        grouped.setdefault((deadline.year, deadline.month), []).append(row)
    return [Month(f"{y:04d}-{m:02d}", f"{m}/{y}", grouped[y, m]) for y, m in sorted(grouped)]


@dataclass(frozen=True)
class Line:
    """One task of the overdue list with every agency late on it: a task given to a group of 100 communes was 100
    rows repeating its text, directive and deadline (of 53,727 overdue rows at 20,000 synthetic tasks, 21,132
    lines)."""

    rows: tuple[Row, ...]  # in attention order; one item, so one deadline and one count of days

    @property
    def first(self) -> Row:
        return self.rows[0]

    @property
    def blocked(self) -> list[Row]:
        return [r for r in self.rows if r.status.blocked]

    @property
    def unreported(self) -> int:
        return sum(1 for r in self.rows if not r.status.history)


def by_item(rows: list[Row]) -> list[Line]:
    """Rows in attention order as lines, one per item: `attention_order` puts one item's rows next to each other."""
    return [Line(tuple(g)) for _, g in groupby(rows, key=lambda r: (r.item.key, r.status.days_overdue))]
