"""What waits for the Office: unanswered requests for more time and work reported blocked."""

from __future__ import annotations

from datetime import date, datetime

from generator.core.checks import check_repository
from generator.core.clock import VIETNAM
from generator.core.ledger import add_report
from generator.core.progress import compute_progress
from generator.site.waiting import waiting

from conftest import tracker

REQUEST = {
    "task": "demo-ke-hoach/2.2",
    "agency": "demo-so-a",
    "date": date(2025, 5, 20),
    "status": "in_progress",
    "note": "Đang làm.",
    "extension_request": {"until": date(2025, 8, 31), "reason": "Chờ số liệu của các huyện."},
}


def keys(rows) -> list[tuple[str, str]]:
    return [(r.item.key, r.agency_id) for r in rows]


def test_a_request_waits_until_an_extension_answers_it(demo_repo):
    _, problems = add_report(demo_repo, REQUEST, datetime(2025, 5, 20, 9, tzinfo=VIETNAM))
    assert problems == []
    dataset, _ = check_repository(demo_repo)
    pending = waiting(compute_progress(dataset, date(2025, 6, 1)))
    assert ("demo-ke-hoach/2.2", "demo-so-a") in keys(pending.requests)
    assert ("demo-ke-hoach/1.1", "demo-so-b") in keys(pending.blocked)  # the demo's blocked report
    result = tracker("build", "--today", "2025-06-01", cwd=demo_repo)
    assert result.returncode == 0, result.stderr
    html = (demo_repo / "site" / "cho-van-phong" / "index.html").read_text("utf-8")
    assert "Chờ số liệu của các huyện." in html and "31/08/2025" in html


def test_a_request_made_before_the_last_extension_is_answered(demo_repo):
    # The demo's task 2.2 has an extension approved on 2025-03-20: a request dated before it was answered by it.
    _, problems = add_report(demo_repo, {**REQUEST, "date": date(2025, 3, 15)}, datetime(2025, 3, 15, tzinfo=VIETNAM))
    assert problems == []
    dataset, _ = check_repository(demo_repo)
    assert ("demo-ke-hoach/2.2", "demo-so-a") not in keys(waiting(compute_progress(dataset, date(2025, 6, 1))).requests)


def test_reporting_again_without_asking_ends_the_request(demo_repo):
    add_report(demo_repo, REQUEST, datetime(2025, 5, 20, 9, tzinfo=VIETNAM))
    later = {k: v for k, v in REQUEST.items() if k != "extension_request"} | {"date": date(2025, 5, 25)}
    add_report(demo_repo, later, datetime(2025, 5, 25, 9, tzinfo=VIETNAM))
    dataset, _ = check_repository(demo_repo)
    assert waiting(compute_progress(dataset, date(2025, 6, 1))).requests == []
