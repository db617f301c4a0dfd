"""What is tracked, for whom, and in which order: items of tasks, deliverables and periods; groups expanded to
their members; the attention order of the pages. In-process, on the demo data and on recurrences made here."""

from __future__ import annotations

from datetime import date

import pytest

from generator.core.assignments import anchor_for, period, periods, task_key
from generator.core.checks import check_repository
from generator.core.model import Every, Loc, Recurrence
from generator.core.progress import attention_order, compute_progress

from conftest import DEMO, make_repo

DAY = date(2025, 6, 1)
HERE = Loc("d.yaml", 1)


@pytest.fixture(scope="module")
def progress():
    dataset, problems = check_repository(DEMO)
    assert not problems
    return compute_progress(dataset, DAY)


def rows_of(progress, key: str) -> dict[str, tuple]:
    return {r.agency_id: (r.role.value, r.via_group, r.status.category.value) for r in progress.rows_by_item[key]}


def test_items_are_tasks_deliverables_and_periods_in_the_order_of_the_directive(progress):
    keys = [item.key for item in progress.items]
    assert keys == [
        "demo-ke-hoach/1.1",
        "demo-ke-hoach/1.2",
        "demo-ke-hoach/2.1/6-thang",
        "demo-ke-hoach/2.1/ca-nam",
        "demo-ke-hoach/2.2",
        "demo-ke-hoach/2.3/2025-q1",
        "demo-ke-hoach/2.3/2025-q2",
        "demo-ke-hoach/2.3/2025-q3",
        "demo-ke-hoach/2.3/2025-q4",
        "demo-ke-hoach/3",
    ]
    assert [i.key for i in progress.items_by_directive["demo-ke-hoach"]] == keys
    assert len(progress.rows) == 19 and progress.today == DAY and progress.due_soon_days == 7


def test_a_group_is_tracked_for_each_member_and_a_group_without_members_as_one(progress):
    assert rows_of(progress, "demo-ke-hoach/1.1") == {
        "demo-so-a": ("lead", "demo-cac-so", "done_on_time"),
        "demo-so-b": ("lead", "demo-cac-so", "overdue"),
    }
    assert rows_of(progress, "demo-ke-hoach/3") == {"demo-cac-xa": ("requested", None, "ongoing")}
    assert rows_of(progress, "demo-ke-hoach/2.1/6-thang") == {
        "demo-so-a": ("lead", None, "done_late"),
        "demo-cong-an": ("cooperating", None, "overdue"),
    }
    assert {a: len(rows) for a, rows in progress.rows_by_agency.items()} == {
        "demo-so-a": 9,
        "demo-so-b": 2,
        "demo-cong-an": 7,
        "demo-cac-xa": 1,
    }


def test_reports_count_for_their_own_agency_and_item_only(progress):
    (row,) = [r for r in progress.rows_by_item["demo-ke-hoach/2.3/2025-q1"] if r.agency_id == "demo-cong-an"]
    assert row.status.latest is None and row.status.category.value == "overdue" and row.status.days_overdue == 73


def test_an_extended_deadline_keeps_the_original_beside_it(progress):
    (extended,) = [i for i in progress.items if i.key == "demo-ke-hoach/2.2"]
    assert (extended.deadline, extended.original_deadline) == (date(2025, 6, 30), date(2025, 3, 31))
    assert len(extended.extensions) == 1
    (plain,) = [i for i in progress.items if i.key == "demo-ke-hoach/1.1"]
    assert (plain.deadline, plain.original_deadline, plain.deadline_text) == (
        date(2025, 5, 15),
        None,
        "trước ngày 15 tháng 5 năm 2025",
    )
    (part,) = [i for i in progress.items if i.key == "demo-ke-hoach/2.1/ca-nam"]
    assert (part.part_id, part.part_title, part.deadline) == ("ca-nam", "Báo cáo cả năm", date(2025, 11, 20))
    assert part.anchor == "nv-2-1-ca-nam"


def test_an_agency_named_directly_and_through_a_group_keeps_its_strongest_role(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    directive = repo / "directives" / "demo-ke-hoach.yaml"
    text = directive.read_text("utf-8")
    directive.write_text(
        text.replace(
            "      - agency: demo-cac-so\n        role: lead\n",
            "      - agency: demo-so-b\n        role: cooperating\n      - agency: demo-cac-so\n        role: lead\n"
            "      - agency: demo-so-a\n        role: requested\n      - agency: demo-so-a\n        role: lead\n",
        ).replace(
            "      - agency: demo-cong-an\n        role: cooperating\n",
            "      - agency: demo-cong-an\n        role: requested\n"
            "      - agency: demo-cong-an\n        role: cooperating\n",
        ),
        "utf-8",
    )
    dataset, problems = check_repository(repo)
    assert not problems
    found = rows_of(compute_progress(dataset, DAY), "demo-ke-hoach/1.2")
    # of two equal roles the first named stands: Sở A keeps the group it was first named through
    assert found == {"demo-so-b": ("lead", "demo-cac-so", "ongoing"), "demo-so-a": ("lead", "demo-cac-so", "ongoing")}
    assert rows_of(compute_progress(dataset, DAY), "demo-ke-hoach/2.2")["demo-cong-an"][0] == "cooperating"


def test_the_attention_order_puts_the_longest_overdue_first_then_due_soon_then_by_deadline(progress):
    order = [(r.item.key, r.agency_id) for r in attention_order(progress.rows)]
    assert order[:3] == [
        ("demo-ke-hoach/2.3/2025-q1", "demo-cong-an"),  # 73 days overdue
        ("demo-ke-hoach/1.1", "demo-so-b"),  # 17 days
        ("demo-ke-hoach/2.1/6-thang", "demo-cong-an"),  # 12 days
    ]
    in_progress = [key for key, _a in order[3:] if key.endswith(("2025-q2", "2.2"))]
    assert in_progress[0] == "demo-ke-hoach/2.3/2025-q2"  # due 20/06, before 2.2's 30/06
    # done on time comes last (nothing is done without a deadline here), by deadline: 20/03 before 15/05
    assert order[-2:] == [("demo-ke-hoach/2.3/2025-q1", "demo-so-a"), ("demo-ke-hoach/1.1", "demo-so-a")]
    assert order.index(("demo-ke-hoach/1.2", "demo-so-a")) < order.index(("demo-ke-hoach/2.1/6-thang", "demo-so-a"))


# -- periods ----------------------------------------------------------------------------------------------


def rec(every: Every, start: str, end: str | None = None, day: int = 20) -> Recurrence:
    return Recurrence(every, day, date.fromisoformat(start), date.fromisoformat(end) if end else None, HERE)


@pytest.mark.parametrize(
    ("recurrence", "today", "expected"),
    [
        (rec(Every.QUARTER, "2025-01-01", "2025-12-31"), "2025-02-01", ["2025-q1", "2025-q2", "2025-q3", "2025-q4"]),
        (rec(Every.QUARTER, "2025-02-15"), "2025-07-01", ["2025-q1", "2025-q2", "2025-q3"]),  # up to today's
        (rec(Every.QUARTER, "2025-02-15"), "2025-06-30", ["2025-q1", "2025-q2"]),
        (rec(Every.MONTH, "2025-11-01"), "2026-02-01", ["2025-11", "2025-12", "2026-01", "2026-02"]),
        (rec(Every.HALF_YEAR, "2025-07-01"), "2026-12-31", ["2025-h2", "2026-h1", "2026-h2"]),
        (rec(Every.YEAR, "2024-06-01", "2025-01-01"), "2030-01-01", ["2024", "2025"]),
        (rec(Every.MONTH, "2025-03-01", "2025-02-01"), "2025-06-01", []),  # ends before it starts
    ],
)
def test_the_periods_of_a_recurrence(recurrence, today, expected):
    assert [p.id for p in periods(recurrence, date.fromisoformat(today))] == expected


def test_each_period_is_due_on_its_day_of_its_last_month_or_that_months_last_day():
    found = {p.id: (p.title, p.deadline) for p in periods(rec(Every.MONTH, "2024-01-01", "2024-04-30", 31), DAY)}
    assert found == {
        "2024-01": ("Kỳ Tháng 1/2024", date(2024, 1, 31)),
        "2024-02": ("Kỳ Tháng 2/2024", date(2024, 2, 29)),
        "2024-03": ("Kỳ Tháng 3/2024", date(2024, 3, 31)),
        "2024-04": ("Kỳ Tháng 4/2024", date(2024, 4, 30)),
    }
    halves = [(p.title, p.deadline) for p in periods(rec(Every.HALF_YEAR, "2025-01-01", "2025-12-31"), DAY)]
    assert halves == [("Kỳ 6 tháng đầu năm 2025", date(2025, 6, 20)), ("Kỳ 6 tháng cuối năm 2025", date(2025, 12, 20))]
    (year,) = periods(rec(Every.YEAR, "2025-01-01", "2025-12-31", 5), DAY)
    assert (year.id, year.title, year.deadline) == ("2025", "Kỳ Năm 2025", date(2025, 12, 5))
    (quarter, *_rest) = periods(rec(Every.QUARTER, "2025-01-01", "2025-12-31"), DAY)
    assert (quarter.title, quarter.deadline) == ("Kỳ Quý 1/2025", date(2025, 3, 20))


@pytest.mark.parametrize(
    ("recurrence", "part_id", "deadline"),
    [
        (rec(Every.QUARTER, "2025-02-15", "2025-12-31"), "2025-q1", date(2025, 3, 20)),  # the start's own quarter
        (rec(Every.QUARTER, "2025-02-15", "2025-12-31"), "2025-q4", date(2025, 12, 20)),
        (rec(Every.QUARTER, "2025-02-15", "2025-10-01"), "2025-q4", date(2025, 12, 20)),  # begins before the end
        (rec(Every.QUARTER, "2025-04-01"), "2025-q1", None),  # before the start
        (rec(Every.QUARTER, "2025-01-01", "2025-09-30"), "2025-q4", None),  # after the end
        (rec(Every.QUARTER, "2025-01-01"), "2025-q5", None),
        (rec(Every.QUARTER, "2025-01-01"), "2025-03", None),  # a month's id for a quarterly task
        (rec(Every.MONTH, "2025-01-01"), "2025-12", date(2025, 12, 20)),
        (rec(Every.MONTH, "2025-01-01"), "2025-01", date(2025, 1, 20)),
        (rec(Every.QUARTER, "2025-03-31"), "2025-q1", date(2025, 3, 20)),  # the start's quarter, on its last month
        (rec(Every.HALF_YEAR, "2025-06-30"), "2025-h1", date(2025, 6, 20)),
        (rec(Every.MONTH, "2025-01-01"), "2025-13", None),
        (rec(Every.MONTH, "2025-01-01"), "2025-00", None),
        (rec(Every.HALF_YEAR, "2025-01-01"), "2025-h2", date(2025, 12, 20)),
        (rec(Every.YEAR, "2025-01-01"), "2026", date(2026, 12, 20)),
        (rec(Every.YEAR, "2025-01-01"), "2024", None),
    ],
)
def test_a_period_named_by_a_report(recurrence, part_id, deadline):
    found = period(recurrence, part_id)
    assert (found.deadline if found else None) == deadline
    if found:
        assert found.id == part_id


def test_ids_and_anchors():
    assert task_key("d", "1.1") == "d/1.1" and task_key("d", "2", "ca-nam") == "d/2/ca-nam"
    assert anchor_for("II.1.2") == "nv-ii-1-2" and anchor_for("2.1", "6-thang") == "nv-2-1-6-thang"


def test_a_deliverable_has_its_own_words_and_extensions_and_the_latest_extension_is_in_force(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    directive = repo / "directives" / "demo-ke-hoach.yaml"
    text = directive.read_text("utf-8")
    text = text.replace(
        "            deadline: 2025-11-20\n",
        "            deadline: 2025-11-20\n            deadline_text: cả năm trước ngày 20/11/2025\n"
        "            extensions:\n              - deadline: 2025-12-15\n                approved_on: 2025-11-01\n",
    )
    text = text.replace(
        "            document: 3/UBND-DEMO\n",
        "            document: 3/UBND-DEMO\n          - deadline: 2025-07-31\n            approved_on: 2025-06-20\n",
    )
    directive.write_text(text, "utf-8")
    dataset, problems = check_repository(repo)
    assert not problems
    items = {i.key: i for i in compute_progress(dataset, DAY).items}
    part = items["demo-ke-hoach/2.1/ca-nam"]
    assert (part.deadline, part.original_deadline, part.deadline_text, len(part.extensions)) == (
        date(2025, 12, 15),
        date(2025, 11, 20),
        "cả năm trước ngày 20/11/2025",
        1,
    )
    twice = items["demo-ke-hoach/2.2"]
    assert (twice.deadline, twice.original_deadline) == (date(2025, 7, 31), date(2025, 3, 31))
    assert (
        items["demo-ke-hoach/2.1/6-thang"].extensions == () and items["demo-ke-hoach/2.1/6-thang"].deadline_text is None
    )


def test_the_assignees_of_a_task_without_a_shared_memo(progress):
    from generator.core.assignments import assignees_of

    task = progress.dataset.directives[0].tasks[0]
    found = [(a.agency_id, a.role.value, a.via_group) for a in assignees_of(task, progress.dataset.registry)]
    assert found == [("demo-so-a", "lead", "demo-cac-so"), ("demo-so-b", "lead", "demo-cac-so")]
