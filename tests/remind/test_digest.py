"""The reminder cadence: the stage an assignment is in decides whether a reminder goes out."""

from __future__ import annotations

from datetime import date

import pytest

from generator.core.checks import check_repository
from generator.core.model import Loc, Reported, Role
from generator.core.progress import Row, compute_progress
from generator.core.status import compute_status
from generator.remind.digest import OFFICE, Cadence, Digest, assignment_key, compute_digests

from conftest import DEMO


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


# -- the digests of the demo data (in-process): who hears of what --------------------------------------------


def digests_on(day: date, cadence: Cadence | None = None) -> dict[str, Digest]:
    dataset, problems = check_repository(DEMO)
    assert not problems
    found = compute_digests(
        compute_progress(dataset, day), cadence or Cadence(), "https://so.example/", "https://edit.example"
    )
    return {d.key: d for d in found}


def test_the_office_hears_of_work_overdue_for_fourteen_days_from_the_fourteenth_day():
    # demo-ke-hoach/1.1 is due from demo-so-b on 2025-05-15: overdue 13 days on the 28th, 14 on the 29th.
    assert [e.row.item.key for e in digests_on(date(2025, 5, 28))[OFFICE].overdue] == ["demo-ke-hoach/2.3/2025-q1"]
    office = digests_on(date(2025, 5, 29))[OFFICE]
    assert sorted(assignment_key(e.row) for e in office.overdue) == [
        "demo-ke-hoach/1.1@demo-so-b",
        "demo-ke-hoach/2.3/2025-q1@demo-cong-an",
    ]
    assert office.due_today == office.due_soon == ()
