"""Saved report files recomputed alone (`core.refresh`) give what a full reload of the same files gives: the same
model, the same problems, the same status of every row, and so the same pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.core.load import Layout
from generator.core.pipeline import Checked, checked_progress
from generator.core.refresh import refreshed
from generator.core.settings import Settings
from generator.site.render import page_plan

from conftest import DEMO, make_repo

TODAY = date(2025, 5, 18)
FOLDER = "reports/demo-ke-hoach/1.1"


def report(agency: str = "demo-so-b", status: str = "done", day: str = "2025-05-18", task: str = "1.1") -> str:
    return f"task: demo-ke-hoach/{task}\nagency: {agency}\ndate: {day}\nstatus: {status}\nnote: Xong.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo", DEMO)
    for name, text in {
        f"{FOLDER}/2025-05-12-demo-so-a-090000-aaaa.yaml": report("demo-so-a", "in_progress", "2025-05-12"),
        f"{FOLDER}/2025-05-14-demo-so-b-090000-aaaa.yaml": report("demo-so-b", "in_progress", "2025-05-14"),
        "reports/demo-ke-hoach/1.2/2025-05-14-demo-so-a-090000-aaaa.yaml": report(
            "demo-so-a", day="2025-05-14", task="1.2"
        ),
    }.items():
        write(repo, name, text)
    return repo


def write(repo: Path, name: str, text: str) -> None:
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(text, "utf-8")


def full(repo: Path) -> Checked:
    return checked_progress(Settings(repo, TODAY))


def assert_same(got: Checked | None, repo: Path) -> None:
    expected = full(repo)
    assert got is not None
    assert got.dataset == expected.dataset
    assert sorted(got.diagnostics) == sorted(expected.diagnostics)
    assert got.progress == expected.progress
    if expected.progress is not None:
        assert got.progress is not None
        pages, expected_pages = page_plan(got.progress), page_plan(expected.progress)
        assert pages.keys() == expected_pages.keys()
        assert all(pages[path]() == expected_pages[path]() for path in pages)


SAVES = {
    "a new report that changes a status": lambda r: write(
        r, f"{FOLDER}/2025-05-18-demo-so-b-090000-aaaa.yaml", report()
    ),
    "a report sorted before the others": lambda r: write(
        r, f"{FOLDER}/2025-05-01-demo-so-a-090000-aaaa.yaml", report("demo-so-a", "in_progress", "2025-05-01")
    ),
    "a report edited": lambda r: write(
        r, f"{FOLDER}/2025-05-14-demo-so-b-090000-aaaa.yaml", report("demo-so-b", "done", "2025-05-14")
    ),
    "a report deleted": lambda r: (r / f"{FOLDER}/2025-05-14-demo-so-b-090000-aaaa.yaml").unlink(),
    "two reports on two tasks": lambda r: (
        write(r, f"{FOLDER}/2025-05-18-demo-so-a-090000-aaaa.yaml", report("demo-so-a")),
        write(
            r,
            "reports/demo-ke-hoach/2.1/6-thang/2025-05-18-demo-so-a-090000-aaaa.yaml",
            report("demo-so-a", task="2.1/6-thang"),
        ),
    ),
    "a report with a problem in its name (a warning-free error)": lambda r: write(
        r, f"{FOLDER}/2025-05-19-demo-so-b-090000-aaaa.yaml", report()
    ),
    "a report by an agency not given the task": lambda r: write(
        r, f"{FOLDER}/2025-05-18-demo-cong-an-090000-aaaa.yaml", report("demo-cong-an")
    ),
    "a report that does not read": lambda r: write(r, f"{FOLDER}/2025-05-18-demo-so-b-090000-aaaa.yaml", "task: [x\n"),
}


@pytest.mark.parametrize("name", SAVES)
def test_saved_report_files_recomputed_alone_equal_a_full_reload(repo, name):
    before = full(repo)
    assert before.progress is not None
    files = {p.as_posix() for p in (repo / "reports").rglob("*.yaml")}
    SAVES[name](repo)
    names = files ^ {p.as_posix() for p in (repo / "reports").rglob("*.yaml")}
    names |= {f"{repo}/{FOLDER}/2025-05-14-demo-so-b-090000-aaaa.yaml"} if "edited" in name else set()
    names = {Path(n).relative_to(repo).as_posix() for n in names}
    assert names
    assert_same(refreshed(before, Layout(repo), names), repo)


def test_after_an_error_the_next_save_takes_the_full_reload(repo):
    name = f"{FOLDER}/2025-05-18-demo-so-b-090000-aaaa.yaml"
    before = full(repo)
    write(repo, name, "task: [x\n")
    broken = refreshed(before, Layout(repo), {name})
    assert broken is not None and broken.progress is None  # nothing is shown from wrong data, as after a full load
    assert refreshed(broken, Layout(repo), {name}) is None  # no progress to start from: the full reload


def test_anything_but_report_files_takes_the_full_reload(repo):
    before = full(repo)
    for names in ({"tasks.yaml"}, {"directives/demo-ke-hoach.yaml"}, {f"{FOLDER}/ghi-chu.txt"}, set()):
        assert refreshed(before, Layout(repo), names) is None
