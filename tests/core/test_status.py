"""The status of one assignment, at every boundary the tracking offices count by."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from generator.core.clock import vietnam_today
from generator.core.model import Loc, Report, Reported
from generator.core.status import Category, compute_status

DEADLINE = date(2025, 5, 15)


def report(day: str, status: str = "done", completed: str | None = None, blocked: bool = False) -> Report:
    return Report(
        task="d/1",
        agency="a",
        date=date.fromisoformat(day),
        status=Reported(status),
        completed=date.fromisoformat(completed) if completed else None,
        note=None,
        blocked=blocked,
        difficulties=None,
        proposals=None,
        evidence=(),
        loc=Loc("tasks.yaml", 1),
    )


@pytest.mark.parametrize(
    ("deadline", "reports", "today", "category", "days_overdue"),
    [
        # not done, with a deadline
        (DEADLINE, [], "2025-05-01", Category.IN_PROGRESS, 0),  # 14 days left
        (DEADLINE, [], "2025-05-07", Category.IN_PROGRESS, 0),  # 8 days left: not yet "due soon"
        (DEADLINE, [], "2025-05-08", Category.DUE_SOON, 0),  # 7 days left
        (DEADLINE, [], "2025-05-15", Category.DUE_SOON, 0),  # due today is not overdue
        (DEADLINE, [], "2025-05-16", Category.OVERDUE, 1),  # due yesterday
        (DEADLINE, [], "2026-11-22", Category.OVERDUE, 556),
        (DEADLINE, [report("2025-05-10", "in_progress")], "2025-05-20", Category.OVERDUE, 5),
        # done, with a deadline
        (DEADLINE, [report("2025-05-15")], "2025-06-01", Category.DONE_ON_TIME, 0),  # done on the deadline
        (DEADLINE, [report("2025-05-16")], "2025-06-01", Category.DONE_LATE, 1),  # a day late
        (DEADLINE, [report("2025-05-20", completed="2025-05-14")], "2025-06-01", Category.DONE_ON_TIME, 0),
        (DEADLINE, [report("2025-06-01", completed="2025-05-18")], "2025-06-01", Category.DONE_LATE, 3),
        # without a deadline
        (None, [], "2025-05-01", Category.ONGOING, 0),
        (None, [report("2025-04-01", "in_progress")], "2025-05-01", Category.ONGOING, 0),
        (None, [report("2025-04-01")], "2025-05-01", Category.DONE, 0),
        # the report in force
        (DEADLINE, [report("2025-05-10"), report("2025-05-12", "in_progress")], "2025-06-01", Category.OVERDUE, 17),
        (DEADLINE, [report("2025-05-12", "in_progress"), report("2025-05-10")], "2025-06-01", Category.OVERDUE, 17),
        (DEADLINE, [report("2025-05-20")], "2025-05-10", Category.DUE_SOON, 0),  # a later report is not known yet
    ],
)
def test_category(deadline, reports, today, category, days_overdue):
    status = compute_status(deadline, reports, date.fromisoformat(today))
    assert (status.category, status.days_overdue) == (category, days_overdue)


def test_same_day_reports_keep_ledger_order():
    first, second = report("2025-05-10", "in_progress"), report("2025-05-10")
    assert compute_status(DEADLINE, [first, second], date(2025, 6, 1)).category is Category.DONE_ON_TIME
    assert compute_status(DEADLINE, [second, first], date(2025, 6, 1)).category is Category.OVERDUE


def test_blocked_and_history_follow_the_latest_report():
    reports = [report("2025-05-01", "in_progress", blocked=True), report("2025-05-03", "in_progress")]
    assert compute_status(DEADLINE, reports, date(2025, 5, 2)).blocked
    later = compute_status(DEADLINE, reports, date(2025, 5, 4))
    assert not later.blocked
    assert [r.date.day for r in later.history] == [1, 3]


def test_due_soon_window_is_configurable():
    assert compute_status(DEADLINE, [], date(2025, 5, 1), due_soon_days=14).category is Category.DUE_SOON
    assert compute_status(DEADLINE, [], date(2025, 5, 1), due_soon_days=13).category is Category.IN_PROGRESS


@pytest.mark.parametrize(
    ("instant", "vietnam_date"),
    [
        (datetime(2025, 5, 15, 16, 59, tzinfo=UTC), date(2025, 5, 15)),  # 23:59 in Hà Nội
        (datetime(2025, 5, 15, 17, 0, tzinfo=UTC), date(2025, 5, 16)),  # midnight in Hà Nội, still the 15th in UTC
        (datetime(2025, 12, 31, 17, 30, tzinfo=UTC), date(2026, 1, 1)),
    ],
)
def test_today_is_vietnams_date(instant, vietnam_date):
    assert vietnam_today(instant) == vietnam_date


def test_a_task_turns_overdue_at_midnight_vietnam_time_not_utc():
    just_after_midnight_in_vietnam = datetime(2025, 5, 15, 17, 5, tzinfo=UTC)
    today = vietnam_today(just_after_midnight_in_vietnam)
    assert compute_status(DEADLINE, [], today).category is Category.OVERDUE


def test_each_category_has_its_label_and_says_whether_it_is_done():
    assert {c.value: (c.label, c.is_done) for c in Category} == {
        "done_on_time": ("Hoàn thành đúng hạn", True),
        "done_late": ("Hoàn thành quá hạn", True),
        "done": ("Hoàn thành", True),
        "in_progress": ("Đang thực hiện, trong hạn", False),
        "due_soon": ("Sắp đến hạn", False),
        "overdue": ("Quá hạn", False),
        "ongoing": ("Thường xuyên", False),
    }
