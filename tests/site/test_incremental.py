"""`tracker serve` renders again only what a saved file changes: the pages it picks, and the parse cache."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.core.cache import ParseCache
from generator.core.checks import check_repository
from generator.core.progress import compute_progress
from generator.site.incremental import changed_pages
from generator.site.render import page_plan

from conftest import REPO, make_repo

KON_TUM = "kon-tum-phong-chong-xam-hai-tre-em"
GIA_LAI = "gia-lai-tre-em-hoan-canh-dac-biet"
TODAY = date(2026, 11, 22)
REPORT = f"""
  - task: {KON_TUM}/2.5
    agency: kon-tum-so-y-te
    date: 2026-11-20
    status: in_progress
    note: Đang thanh tra các cơ sở.
"""


def state(repo: Path, cache: ParseCache, today: date = TODAY):
    dataset, diagnostics = check_repository(repo, cache)
    assert not diagnostics
    progress = compute_progress(dataset, today)
    return progress, list(page_plan(progress))


def with_report(tmp_path: Path, report: str = REPORT):
    """The state before and after `report` is appended to the real ledger, and the pages that change."""
    repo, cache = make_repo(tmp_path / "repo", REPO), ParseCache()
    before, paths = state(repo, cache)
    ledger = repo / "tasks.yaml"
    ledger.write_text(ledger.read_text("utf-8").replace("reports: []", "reports:") + report, "utf-8")
    after, _ = state(repo, cache)
    return before, after, changed_pages(before, after, paths)


def test_nothing_saved_renders_only_the_summaries(tmp_path):
    repo, cache = make_repo(tmp_path / "repo", REPO), ParseCache()
    before, paths = state(repo, cache)
    after, _ = state(repo, cache)
    assert after.dataset.directives[0] is before.dataset.directives[0]  # unchanged files are not parsed again
    fresh = changed_pages(before, after, paths)
    assert fresh and not any(p.startswith(("van-ban/", "co-quan/")) and not p.endswith("index.md") for p in fresh)
    assert "index.md" in fresh and "qua-han.md" in fresh


def test_a_new_report_renders_its_directive_and_its_agency(tmp_path):
    before, after, fresh = with_report(tmp_path)
    assert f"van-ban/{KON_TUM}.md" in fresh and "co-quan/kon-tum-so-y-te.md" in fresh
    # Also given tasks of that directive, but its page lists its own assignments only: the same before and after.
    assert "co-quan/kon-tum-cong-an-tinh.md" not in fresh
    police = "co-quan/kon-tum-cong-an-tinh.md"
    assert page_plan(before)[police]() == page_plan(after)[police]()
    assert f"van-ban/{GIA_LAI}.md" not in fresh
    assert not any(p.startswith("co-quan/gia-lai-") for p in fresh)
    assert after.dataset.directives == before.dataset.directives


def test_an_edited_directive_renders_its_page_and_its_agencies(tmp_path):
    repo, cache = make_repo(tmp_path / "repo", REPO), ParseCache()
    before, paths = state(repo, cache)
    source = repo / "directives" / f"{GIA_LAI}.yaml"
    source.write_text(source.read_text("utf-8").replace("trẻ em bị bỏ rơi", "trẻ em bị bỏ rơi (sửa)", 1), "utf-8")
    after, _ = state(repo, cache)
    fresh = changed_pages(before, after, paths)
    assert f"van-ban/{GIA_LAI}.md" in fresh and f"van-ban/{KON_TUM}.md" not in fresh
    assert "co-quan/gia-lai-so-y-te.md" in fresh and "co-quan/kon-tum-so-y-te.md" not in fresh


def test_another_day_renders_everything(tmp_path):
    repo, cache = make_repo(tmp_path / "repo", REPO), ParseCache()
    before, paths = state(repo, cache)
    after, _ = state(repo, cache, date(2026, 11, 23))
    assert changed_pages(before, after, paths) == set(paths)


def test_a_report_leaves_the_reports_of_periods_ended_before_it_as_they_were(tmp_path):
    before, after, fresh = with_report(tmp_path)
    ended = ["bao-cao-dinh-ky/2026-6-thang.md", "bao-cao-dinh-ky/2025-ca-nam.md", "bao-cao-dinh-ky/2025-6-thang.md"]
    assert "bao-cao-dinh-ky/2026-ca-nam.md" in fresh and not fresh & set(ended)
    old_pages, new_pages = page_plan(before), page_plan(after)
    assert all(old_pages[p]() == new_pages[p]() for p in ended)  # skipping them shows nothing stale


def test_a_report_dated_back_renders_the_periods_it_falls_in(tmp_path):
    back_dated = REPORT.replace("2026-11-20", "2025-05-10").replace("status: in_progress", "status: done")
    before, after, fresh = with_report(tmp_path, back_dated)
    assert {"bao-cao-dinh-ky/2025-6-thang.md", "bao-cao-dinh-ky/2025-ca-nam.md"} <= fresh
    old_pages, new_pages = page_plan(before), page_plan(after)
    assert old_pages["bao-cao-dinh-ky/2025-6-thang.md"]() != new_pages["bao-cao-dinh-ky/2025-6-thang.md"]()


def test_a_report_dated_on_a_periods_last_day_renders_that_period(tmp_path):
    on_the_last_day = REPORT.replace("2026-11-20", "2026-06-30").replace("status: in_progress", "status: done")
    before, after, fresh = with_report(tmp_path, on_the_last_day)
    assert "bao-cao-dinh-ky/2026-6-thang.md" in fresh  # its figures are as of 30/06, when this report counts
    assert "bao-cao-dinh-ky/2025-ca-nam.md" not in fresh
    old_pages, new_pages = page_plan(before), page_plan(after)
    assert old_pages["bao-cao-dinh-ky/2026-6-thang.md"]() != new_pages["bao-cao-dinh-ky/2026-6-thang.md"]()


@pytest.mark.parametrize(
    ("task", "agency", "month"),
    [("1.1", "demo-so-b", "2025-05"), ("2.3/2025-q1", "demo-cong-an", "2025-03")],  # March: its only overdue row
)
def test_a_page_left_out_is_one_whose_content_is_the_same(tmp_path, monkeypatch, task, agency, month):
    """Soundness: every page whose Markdown differs after a saved report is among those rendered again; the overdue
    list's months are split even when short, so that a month left alone is left out."""
    from generator.site import overdue

    from conftest import DEMO

    monkeypatch.setattr(overdue, "OVERDUE_PAGE_ROWS", 0)
    repo, cache, today = make_repo(tmp_path / "repo", DEMO), ParseCache(), date(2025, 12, 1)
    before, paths = state(repo, cache, today)
    folder = repo / "reports" / "demo-ke-hoach" / task
    folder.mkdir(parents=True)
    (folder / f"2025-12-01-{agency}-090000-aaaa.yaml").write_text(
        f"task: demo-ke-hoach/{task}\nagency: {agency}\ndate: 2025-12-01\nstatus: done\nnote: Xong.\n", "utf-8"
    )
    after, paths = state(repo, cache, today)  # what the plugin asks about: the pages of the new state
    fresh = changed_pages(before, after, paths)
    old, new = page_plan(before), page_plan(after)
    differ = {path for path in paths if path not in old or old[path]() != new[path]()}
    assert differ <= fresh
    months = {path for path in paths if path.startswith("qua-han/")}
    if month == "2025-05":
        assert f"qua-han/{month}.md" in differ and len(months) > 1 and not months <= fresh
    else:  # March had one row: its page goes, and May's link to the month before it changes
        assert f"qua-han/{month}.md" not in paths and "qua-han/2025-05.md" in differ


def test_no_report_by_any_agency_on_any_task_leaves_a_changed_page_out(tmp_path, monkeypatch):
    """Soundness over the whole demo: for every assignment, a report marking it done (and one saying it is blocked)
    changes no page that `changed_pages` leaves out."""
    from generator.site import overdue

    from conftest import DEMO

    monkeypatch.setattr(overdue, "OVERDUE_PAGE_ROWS", 0)
    repo, cache, today = make_repo(tmp_path / "repo", DEMO), ParseCache(), date(2025, 6, 1)
    before, _ = state(repo, cache, today)
    old = {path: render() for path, render in page_plan(before).items()}
    pairs = sorted({(row.item.key, row.agency_id) for row in before.rows})
    assert len(pairs) > 15
    for n, (key, agency) in enumerate(pairs):
        directive, task = key.split("/", 1)
        folder = repo / "reports" / directive / task
        folder.mkdir(parents=True, exist_ok=True)
        status = "done" if n % 2 else "in_progress\nblocked: true\nproposals: Cần thêm kinh phí."
        saved = folder / f"2025-06-01-{agency}-090000-aaaa.yaml"
        saved.write_text(f"task: {key}\nagency: {agency}\ndate: 2025-06-01\nstatus: {status}\nnote: Xong.\n", "utf-8")
        after, now = state(repo, cache, today)
        fresh = changed_pages(before, after, now)
        new = page_plan(after)
        differ = {path for path in now if path not in old or old[path] != new[path]()}
        assert differ <= fresh, (key, agency, differ - fresh)
        saved.unlink()
