"""The reminder cadence: the stage an assignment is in decides whether a reminder goes out."""

from __future__ import annotations

from datetime import date

import pytest

from generator.core.model import Loc, Reported, Role
from generator.core.progress import Row
from generator.core.status import compute_status
from generator.remind.digest import Cadence


def row_due(deadline: date, today: date, done: bool = False) -> Row:
    from generator.core.assignments import Item
    from generator.core.model import Report

    reports = [Report("d/1", "a", today, Reported.DONE, None, None, False, None, None, (), Loc("t", 1))] if done else []
    item = Item("d/1", None, None, None, None, deadline, None, None, ())
    return Row(item, "a", Role.LEAD, None, compute_status(deadline, reports, today))


@pytest.mark.parametrize(
    ("days_before", "stage"),
    [
        (8, None),
        (7, "before-7"),
        (2, "before-7"),
        (1, "before-1"),
        (0, "due-today"),
        (-1, "overdue-1"),
        (-7, "overdue-1"),
        (-8, "overdue-2"),
        (-15, "overdue-3"),
    ],
)
def test_stages(days_before, stage):
    deadline = date(2025, 5, 15)
    today = date.fromordinal(deadline.toordinal() - days_before)
    assert Cadence().stage(row_due(deadline, today)) == stage


def test_done_work_has_no_stage():
    assert Cadence().stage(row_due(date(2025, 5, 15), date(2025, 5, 20), done=True)) is None
