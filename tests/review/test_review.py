"""The pull-request rules, on real git repositories made by the tests: a base commit and a pull-request commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.load import load_dataset
from generator.review.git import ReviewError, load_change
from generator.review.git import contents as _contents

from conftest import NEW_REPORT, REPORT_DAY, git, tracker


def edit(repo: Path, file: str, old: str, new: str) -> None:
    path = repo / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def append_report(repo: Path, report: str = NEW_REPORT) -> None:
    with (repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write(report)


def commit(repo: Path) -> None:
    git(repo, "commit", "-q", "-am", "pull request")


def check(repo: Path, author: str, *more: str, today: str = REPORT_DAY):
    return tracker("check", "--base", "main", "--author", author, "--today", today, *more, cwd=repo)


def test_a_report_for_another_agency_fails_naming_task_agency_and_author(repo):
    append_report(repo)
    commit(repo)
    result = check(repo, "le-a")
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if " P002 " in line)
    assert line.startswith("tasks.yaml:")
    assert "`le-a`" in line and "`demo-so-b`" in line and "`demo-ke-hoach/1.1`" in line


def test_the_same_report_by_a_member_passes(repo):
    append_report(repo)
    commit(repo)
    result = check(repo, "tran-b")
    assert result.returncode == 0, result.stdout


def test_membership_through_a_team(repo):
    append_report(repo)
    commit(repo)
    assert check(repo, "someone", "--team", "org/demo-so-b").returncode == 0
    assert check(repo, "someone", "--team", "org/demo-so-a").returncode == 1


def test_maintainers_may_report_for_anyone(repo):
    append_report(repo)
    commit(repo)
    assert check(repo, "vp-office").returncode == 0


def test_deleting_an_earlier_report_fails(repo):
    edit(
        repo,
        "tasks.yaml",
        "  - task: demo-ke-hoach/2.3/2025-q1\n    agency: demo-so-a\n    date: 2025-03-18\n    status: done\n",
        "",
    )
    commit(repo)
    result = check(repo, "vp-office")
    assert result.returncode == 1 and " P001 " in result.stdout
    assert "2025-q1" in result.stdout and "18/03/2025" in result.stdout


def test_rewriting_an_earlier_report_fails_even_with_a_new_one_added(repo):
    edit(repo, "tasks.yaml", "note: Đang tổng hợp.", "note: Đã xong từ lâu.")
    append_report(repo)
    commit(repo)
    result = check(repo, "tran-b")
    assert result.returncode == 1
    # The rewritten report is also a new report dated before the base (P005); the appended one passes.
    assert [line.split()[1] for line in result.stdout.splitlines() if " P00" in line] == ["P001", "P005"]


def test_a_non_maintainer_may_not_change_a_directive(repo):
    edit(repo, "directives/demo-ke-hoach.yaml", "Nhiệm vụ thường xuyên của các sở.", "Nhiệm vụ đã sửa.")
    commit(repo)
    result = check(repo, "tran-b")
    assert result.returncode == 1
    assert "directives/demo-ke-hoach.yaml:1:1: P003" in result.stdout
    assert check(repo, "vp-office").returncode == 0


def test_a_deadline_changed_in_place_fails_even_for_a_maintainer(repo):
    edit(repo, "directives/demo-ke-hoach.yaml", "deadline: 2025-05-15", "deadline: 2025-06-15")
    commit(repo)
    result = check(repo, "vp-office")
    assert result.returncode == 1 and " P004 " in result.stdout and "15/05/2025" in result.stdout


def test_an_extension_by_a_maintainer_passes_and_the_site_shows_both_deadlines(repo):
    edit(
        repo,
        "directives/demo-ke-hoach.yaml",
        "        deadline_text: trước ngày 15 tháng 5 năm 2025\n",
        "        deadline_text: trước ngày 15 tháng 5 năm 2025\n        extensions:\n"
        "          - deadline: 2025-06-15\n            approved_on: 2025-05-12\n",
    )
    commit(repo)
    assert check(repo, "vp-office").returncode == 0
    assert check(repo, "tran-b").returncode == 1  # the registry and directives belong to the Office
    assert tracker("build", "--today", "2025-06-01", cwd=repo).returncode == 0
    page = (repo / "site" / "van-ban" / "demo-ke-hoach" / "index.html").read_text("utf-8")
    assert "15/06/2025 (gia hạn từ 15/05/2025)" in page


def test_changing_an_earlier_extension_fails(repo):
    edit(repo, "directives/demo-ke-hoach.yaml", "- deadline: 2025-06-30", "- deadline: 2025-07-31")
    commit(repo)
    assert " P004 " in check(repo, "vp-office").stdout


def test_github_annotations(repo):
    append_report(repo)
    commit(repo)
    result = check(repo, "le-a", "--format", "github")
    assert result.returncode == 1
    assert "\n::error file=tasks.yaml,line=" in result.stdout
    assert "title=P002" in result.stdout


def test_summary_says_what_changes_in_plain_words(repo):
    append_report(repo)
    commit(repo)
    result = tracker("changes", "--base", "main", cwd=repo)
    assert result.returncode == 0
    said = "Sở B (demo): nhiệm vụ <code>demo-ke-hoach/1.1</code>: đang thực hiện → hoàn thành, 18/05/2025"
    assert said in result.stdout


def test_summary_of_an_empty_change(repo):
    assert "Không có báo cáo" in tracker("changes", "--base", "main", cwd=repo).stdout


def test_an_unknown_base_revision_is_a_clear_error(repo):
    result = tracker("check", "--base", "no-such-branch", "--author", "x", cwd=repo)
    assert result.returncode == 2 and "no-such-branch" in result.stderr and "Traceback" not in result.stderr


def test_codeowners_follow_the_registry(repo):
    assert tracker("codeowners", cwd=repo).returncode == 0
    owners = (repo / ".github" / "CODEOWNERS").read_text("utf-8")
    assert "* @vp-office @org/van-phong\n" in owners
    assert "/tasks.yaml @vp-office @org/van-phong @le-a @org/demo-so-a @org/demo-so-b @tran-b\n" in owners
    assert tracker("codeowners", "--check", cwd=repo).returncode == 0
    edit(repo, "agencies.yaml", "github: [le-a,", "github: [le-a2,")
    assert tracker("codeowners", "--check", cwd=repo).returncode == 1


def test_the_repositorys_codeowners_file_is_up_to_date():
    from conftest import REPO

    assert tracker("codeowners", "--check", cwd=REPO).returncode == 0


def test_the_base_read_from_git_and_the_working_tree_equals_a_checkout_of_the_base(repo, tmp_path):
    # The base is assembled from the working tree for the files a change leaves alone and from git for the others:
    # a changed, a deleted and an added file must all come out as a checkout of the base gives them.
    directive = repo / "directives" / "demo-ke-hoach.yaml"
    (repo / "directives" / "demo-khac.yaml").write_text(directive.read_text("utf-8"), "utf-8")
    git(repo, "add", "-A")
    commit(repo)
    edit(repo, "directives/demo-ke-hoach.yaml", "text: Nhiệm vụ giao cho nhóm", "text: Nhiệm vụ (đã sửa) giao cho nhóm")
    append_report(repo)
    (repo / "directives" / "demo-khac.yaml").unlink()
    (repo / "directives" / "zz-moi.yaml").write_text(directive.read_text("utf-8"), "utf-8")
    checkout = tmp_path / "base"
    git(repo, "worktree", "add", "-q", "--detach", str(checkout), "HEAD")

    change = load_change(repo, "HEAD")
    expected, _diagnostics, _agencies, _groups = load_dataset(checkout)

    assert change.base == expected
    assert len(change.base.directives) == 2 and len(change.head.directives) == 2
    assert change.base.directives != change.head.directives
    assert change.head.reports[-1] not in expected.reports
    assert set(change.changed_paths) == {
        "tasks.yaml",
        "directives/demo-ke-hoach.yaml",
        "directives/demo-khac.yaml",
        "directives/zz-moi.yaml",
    }


def test_a_file_git_cannot_give_is_a_review_error_not_a_crash(repo):
    with pytest.raises(ReviewError, match=r"khong-co\.yaml"):
        _contents(repo, "main", ["directives/khong-co.yaml"])
    result = check(repo, "tran-b", "--base", "khong-co-nhanh")
    assert result.returncode == 2 and "khong-co-nhanh" in result.stderr and "Traceback" not in result.stderr
