"""The pull-request rules for report files: new files by the agency's own accounts; merged files never touched."""

from __future__ import annotations

from datetime import date, datetime

from generator.core.clock import VIETNAM
from generator.core.ledger import add_report

from conftest import git, tracker

MORNING = datetime(2025, 6, 2, 9, 0, tzinfo=VIETNAM)


def report(repo, agency="demo-so-b", task="demo-ke-hoach/1.1", note="Đã hoàn thành.", moment=MORNING) -> str:
    fields = {"task": task, "agency": agency, "date": date(2025, 6, 2), "status": "done", "note": note}
    written, problems = add_report(repo, fields, moment)
    assert problems == [], problems
    return written


def check(repo, author: str):
    return tracker("check", "--base", "main", "--author", author, cwd=repo)


def merged_report(repo) -> str:
    """A report file on main, as if merged earlier; the test's branch `pr` then starts from it."""
    git(repo, "checkout", "-q", "main")
    written = report(repo)
    git(repo, "add", written)
    dated = {"GIT_COMMITTER_DATE": "2025-06-02T08:00:00+07:00", "GIT_AUTHOR_DATE": "2025-06-02T08:00:00+07:00"}
    git(repo, "commit", "-q", "-m", "merged report", env=dated)  # merged the day its report was made
    git(repo, "checkout", "-q", "-B", "pr", "main")
    return written


def test_a_new_report_file_by_a_member_passes(repo):
    written = report(repo)
    git(repo, "add", written)
    git(repo, "commit", "-q", "-m", "báo cáo")
    result = check(repo, "tran-b")
    assert result.returncode == 0, result.stdout


def test_a_new_report_file_for_another_agency_fails_on_that_file(repo):
    written = report(repo)
    result = check(repo, "le-a")  # not even committed yet: untracked files are part of the change
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if " P002 " in line)
    assert line.startswith(f"{written}:") and "`le-a`" in line and "`demo-so-b`" in line


def test_a_merged_report_file_modified_renamed_or_deleted_fails_even_for_a_maintainer(repo):
    written = merged_report(repo)
    path = repo / written
    path.write_text(path.read_text("utf-8").replace("Đã hoàn thành.", "Đã hoàn thành sớm."), "utf-8")
    for author in ("tran-b", "vp-office"):
        result = check(repo, author)
        assert result.returncode == 1 and f"{written}:1:1: P020 " in result.stdout, result.stdout
    git(repo, "checkout", "-q", "--", written)
    git(repo, "mv", written, written.replace("-0900", "-0901"))
    result = check(repo, "tran-b")
    assert result.returncode == 1 and f"{written}:1:1: P020 " in result.stdout
    git(repo, "reset", "-q", "--hard")
    git(repo, "rm", "-q", written)
    result = check(repo, "vp-office")
    assert result.returncode == 1 and " P020 " in result.stdout and "báo cáo mới" in result.stdout


def test_a_correction_is_a_new_file(repo):
    merged_report(repo)
    written = report(repo, note="Đính chính: hoàn thành ngày 01/06.", moment=MORNING.replace(hour=10))
    git(repo, "add", written)
    git(repo, "commit", "-q", "-m", "đính chính")
    result = check(repo, "tran-b")
    assert result.returncode == 0, result.stdout


def test_a_member_may_add_report_files_and_nothing_else_of_the_data(repo):
    written = report(repo)
    (repo / "directives" / "demo-moi.yaml").write_text(
        (repo / "directives" / "demo-ke-hoach.yaml").read_text("utf-8").replace("id: demo-ke-hoach", "id: demo-moi"),
        "utf-8",
    )
    result = check(repo, "tran-b")
    assert result.returncode == 1
    assert "directives/demo-moi.yaml:1:1: P003 " in result.stdout and f"{written}:1:1: P003" not in result.stdout
