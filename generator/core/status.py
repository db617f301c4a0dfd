"""The status of one assignment as of one day: a pure function of its deadline, its reports and today."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from generator.core.model import Report, Reported

DUE_SOON_DAYS = 7


class Category(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    DONE = "done"
    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ONGOING = "ongoing"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def is_done(self) -> bool:
        return self in (Category.DONE_ON_TIME, Category.DONE_LATE, Category.DONE)


LABELS = {
    Category.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Category.DONE_LATE: "Hoàn thành quá hạn",
    Category.DONE: "Hoàn thành",
    Category.IN_PROGRESS: "Đang thực hiện, trong hạn",
    Category.DUE_SOON: "Sắp đến hạn",
    Category.OVERDUE: "Quá hạn",
    Category.ONGOING: "Thường xuyên",
}

# The order pages list categories and sort tasks in: what needs attention first.
ORDER = (
    Category.OVERDUE,
    Category.DUE_SOON,
    Category.IN_PROGRESS,
    Category.ONGOING,
    Category.DONE_LATE,
    Category.DONE_ON_TIME,
    Category.DONE,
)


@dataclass(frozen=True)
class Status:
    category: Category
    days_overdue: int  # days past the deadline: until today if not done, until completion if done late
    days_left: int | None  # days until the deadline (0 = due today), None without a deadline
    latest: Report | None  # the report in force as of today
    history: tuple[Report, ...]  # every report known as of today, oldest first

    @property
    def blocked(self) -> bool:
        return self.latest is not None and self.latest.blocked


def compute_status(
    deadline: date | None, reports: Iterable[Report], today: date, due_soon_days: int = DUE_SOON_DAYS
) -> Status:
    """Classify an assignment. `reports` are this assignment's, in ledger order; later ones are ignored."""
    history = tuple(sorted((r for r in reports if r.date <= today), key=lambda r: r.date))
    latest = history[-1] if history else None
    days_left = None if deadline is None else (deadline - today).days
    if latest is not None and latest.status is Reported.DONE:
        if deadline is None:
            return Status(Category.DONE, 0, None, latest, history)
        late = (latest.completed_on - deadline).days
        category = Category.DONE_LATE if late > 0 else Category.DONE_ON_TIME
        return Status(category, max(late, 0), days_left, latest, history)
    if days_left is None:
        return Status(Category.ONGOING, 0, None, latest, history)
    if days_left < 0:
        return Status(Category.OVERDUE, -days_left, days_left, latest, history)
    category = Category.DUE_SOON if days_left <= due_soon_days else Category.IN_PROGRESS
    return Status(category, 0, days_left, latest, history)
