"""The reminder cadence: the stage an assignment is in decides whether a reminder goes out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from generator.core.checks import check_repository
from generator.core.markup import environment
from generator.core.model import Loc, Reported, Role
from generator.core.progress import Row, compute_progress
from generator.core.status import compute_status
from generator.remind.digest import OFFICE, Cadence, Digest, assignment_key, compute_digests
from generator.remind.notify import ISSUE_LIMIT, Notifier

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


def test_an_agency_hears_of_work_due_within_seven_days_from_the_seventh_day_before():
    # demo-ke-hoach/2.2 is due from demo-so-a on 2025-06-30; its 2025-q2 period (due 06-20) is overdue by then.
    assert digests_on(date(2025, 6, 22))["demo-so-a"].due_soon == ()
    so_a = digests_on(date(2025, 6, 23))["demo-so-a"]
    assert [(e.row.item.key, e.stage) for e in so_a.due_soon] == [("demo-ke-hoach/2.2", "before-7")]
    assert so_a.stages == {
        "demo-ke-hoach/2.3/2025-q2@demo-so-a": "overdue-1",
        "demo-ke-hoach/2.2@demo-so-a": "before-7",
    }
    assert so_a.name == "Sở A (demo)" and so_a.update_url == "https://edit.example"
    assert so_a.due_soon[0].link.startswith("https://so.example/") and so_a.due_soon[0].title
    on_the_day = digests_on(date(2025, 6, 30))["demo-so-a"]
    assert [e.row.item.key for e in on_the_day.due_today] == ["demo-ke-hoach/2.2"] and on_the_day.due_soon == ()


def test_without_a_site_address_the_entries_have_no_links():
    dataset, _problems = check_repository(DEMO)
    digests = compute_digests(compute_progress(dataset, date(2025, 6, 23)), Cadence())
    assert [e.link for d in digests for e in d.entries] != [] and {e.link for d in digests for e in d.entries} == {None}


# -- how much a message lists: the first entries, then a link to the rest on the site ---------------------------


def many(digest: Digest, overdue: int, soon: int) -> Digest:
    """The digest with its first entry listed `overdue` times as overdue and `soon` times as due soon."""
    (entry, *_rest) = digest.entries
    return replace(digest, overdue=(entry,) * overdue, due_today=(), due_soon=(entry,) * soon)


def notifier(site_url: str | None = "https://so.example/") -> Notifier:
    dataset, _problems = check_repository(DEMO)
    return Notifier(environment("generator.remind"), dataset.registry, 14, site_url=site_url)


def test_an_issue_lists_fifty_entries_a_mail_two_hundred_then_links_the_rest():
    digests = digests_on(date(2025, 5, 29))
    agency = many(digests["demo-so-b"], 40, 30)
    body = notifier()._render("issue.md.j2", agency, ISSUE_LIMIT, markers="")
    assert body.count("demo-ke-hoach/1.1") >= 50 and "… và 20 nhiệm vụ khác: xem [trang theo dõi](" in body
    assert "(https://so.example/co-quan/demo-so-b/)" in body
    text = notifier().text(many(digests["demo-so-b"], 150, 60))
    assert "… và 10 nhiệm vụ khác: xem https://so.example/co-quan/demo-so-b/." in text
    office = notifier().text(many(digests[OFFICE], 201, 0))
    assert "… và 1 nhiệm vụ khác: xem https://so.example/qua-han/." in office
    assert "… và 1 nhiệm vụ khác." in notifier(None).text(many(digests[OFFICE], 201, 0))  # no site: no link
    assert "nhiệm vụ khác" not in notifier().text(many(digests[OFFICE], 200, 0))


def test_each_section_lists_what_the_sections_before_it_left_room_for():
    digest = many(digests_on(date(2025, 5, 29))["demo-so-b"], 6, 4)
    sections = []
    fake = SimpleNamespace(get_template=lambda _name: SimpleNamespace(render=lambda **kw: sections.append(kw) or ""))
    n = notifier()
    n.env = fake
    n._render("issue.md.j2", digest, 5)
    ((kw),) = sections
    assert [(title, count, len(listed)) for title, count, listed in kw["sections"]] == [
        ("Quá hạn", 6, 5),
        ("Đến hạn hôm nay", 0, 0),
        ("Sắp đến hạn", 4, 0),  # no room left: none, not one
    ]
    assert kw["more"] == 5 and kw["more_url"] == "https://so.example/co-quan/demo-so-b/"


def test_the_day_before_is_its_own_stage_and_work_outside_every_stage_is_listed_not_remembered():
    so_a = digests_on(date(2025, 6, 29))["demo-so-a"]
    assert [(e.row.item.key, e.stage) for e in so_a.due_soon] == [("demo-ke-hoach/2.2", "before-1")]
    # A wider window lists 2.2 ten days ahead, before its first stage (7 days): nothing to remember yet.
    wide = digests_on(date(2025, 6, 20), Cadence(window=10))["demo-so-a"]
    assert [(e.row.item.key, e.stage) for e in wide.due_soon] == [("demo-ke-hoach/2.2", None)]
    assert "demo-ke-hoach/2.2@demo-so-a" not in wide.stages
