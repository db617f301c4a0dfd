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
    assert "le-a" not in owners and "tasks.yaml" not in owners  # agencies are never code owners (write access)
    assert tracker("codeowners", "--check", cwd=repo).returncode == 0
    edit(repo, "agencies.yaml", "maintainers: [vp-office,", "maintainers: [vp-office2,")
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


# -- deadlines cannot be rewritten by another shape (P004), and the summary says what went -----------------------

DIRECTIVE = "directives/demo-ke-hoach.yaml"


def codes(result) -> list[str]:
    return [line.split()[1] for line in result.stdout.splitlines() if ": P" in line and "cảnh báo" not in line]


def p004(repo: Path, old: str, new: str) -> tuple[str, str]:
    edit(repo, DIRECTIVE, old, new)
    commit(repo)
    result = check(repo, "vp-office")
    assert result.returncode == 1 and "P004" in codes(result), result.stdout
    summary = tracker("changes", "--base", "main", cwd=repo).stdout
    return result.stdout, summary


def test_a_deadline_replaced_by_deliverables_fails(repo):
    out, summary = p004(
        repo,
        "        deadline: 2025-05-15\n        deadline_text: trước ngày 15 tháng 5 năm 2025\n",
        "        deliverables:\n          - id: mot\n            title: Một\n            deadline: 2025-09-30\n",
    )
    assert "demo-ke-hoach/1.1" in out and "15/05/2025" in out and "không có hạn" in out
    assert "**Hạn bị sửa** <code>demo-ke-hoach/1.1</code>: hạn 15/05/2025 → không có hạn" in summary


def test_deliverables_replaced_by_a_deadline_fail(repo):
    out, summary = p004(
        repo,
        "        deliverables:\n          - id: 6-thang\n            title: Báo cáo 6 tháng\n"
        "            deadline: 2025-05-20\n          - id: ca-nam\n            title: Báo cáo cả năm\n"
        "            deadline: 2025-11-20\n",
        "        deadline: 2026-12-31\n",
    )
    assert "demo-ke-hoach/2.1/6-thang" in out and "demo-ke-hoach/2.1/ca-nam" in out
    assert "**Bị xóa** <code>demo-ke-hoach/2.1/6-thang</code> (hạn 20/05/2025)" in summary


def test_a_recurrences_day_or_end_changed_fails(repo):
    out, summary = p004(repo, "          day: 20\n", "          day: 28\n")
    assert "demo-ke-hoach/2.3" in out and "ngày 20" in out and "ngày 28" in out
    assert "**Hạn bị sửa** <code>demo-ke-hoach/2.3</code>" in summary


def test_a_recurrences_end_changed_fails(repo):
    out, _summary = p004(repo, "          end: 2025-12-31\n", "          end: 2025-06-30\n")
    assert "31/12/2025" in out and "30/06/2025" in out


def test_a_task_renamed_while_its_deadline_moves_fails_and_is_named_in_the_summary(repo):
    out, summary = p004(
        repo,
        '      - id: "1.1"\n        text: Nhiệm vụ có hạn, giao cho nhóm các sở.\n        key: true\n'
        "        deadline: 2025-05-15\n",
        '      - id: "1.1b"\n        text: Nhiệm vụ có hạn, giao cho nhóm các sở.\n        key: true\n'
        "        deadline: 2025-12-15\n",
    )
    assert "`demo-ke-hoach/1.1` (hạn 15/05/2025) đã bị xóa hoặc đổi mã" in out
    assert "**Đổi mã** <code>demo-ke-hoach/1.1</code> → <code>demo-ke-hoach/1.1b</code> (hạn 15/05/2025)" in summary


def test_a_dated_item_that_disappears_fails(repo):
    (repo / DIRECTIVE).unlink()
    git(repo, "commit", "-q", "-am", "xóa văn bản")
    result = check(repo, "vp-office")
    assert result.returncode == 1
    gone = [line for line in result.stdout.splitlines() if " P004 " in line]
    assert {"demo-ke-hoach/1.1", "demo-ke-hoach/2.2", "demo-ke-hoach/2.3", "demo-ke-hoach/2.1/ca-nam"} <= {
        line.split("`")[1] for line in gone
    }
    assert not any("demo-ke-hoach/1.2" in line for line in gone)  # an ongoing task has no deadline to lose
    summary = tracker("changes", "--base", "main", cwd=repo).stdout
    assert "**Bị xóa** <code>demo-ke-hoach/1.2</code> (không có hạn)" in summary  # the summary lists it anyway


def test_an_ongoing_task_may_get_a_deadline(repo):
    edit(
        repo,
        DIRECTIVE,
        "        text: Nhiệm vụ thường xuyên của các sở.\n",
        "        text: Nhiệm vụ thường xuyên của các sở.\n        deadline: 2025-09-30\n",
    )
    commit(repo)
    assert check(repo, "vp-office").returncode == 0


def test_a_renamed_and_edited_directive_file_is_seen_as_deleted_and_added(repo):
    # Rename detection would show only the new path; the rules must see the old one go.
    text = (repo / DIRECTIVE).read_text("utf-8").replace("id: demo-ke-hoach\n", "id: demo-ke-hoach-moi\n")
    (repo / DIRECTIVE).unlink()
    (repo / "directives" / "demo-ke-hoach-moi.yaml").write_text(text.replace("Kế hoạch thử", "Kế hoạch (sửa) thử"))
    git(repo, "add", "-A")
    commit(repo)
    change = load_change(repo, "main", head_rev="pr")
    assert {DIRECTIVE, "directives/demo-ke-hoach-moi.yaml"} <= set(change.changed_paths)
    assert {DIRECTIVE, "directives/demo-ke-hoach-moi.yaml"} <= set(load_change(repo, "main").changed_paths)
    result = tracker("check", "--base", "main", "--head", "pr", "--author", "tran-b", "--today", REPORT_DAY, cwd=repo)
    assert f"{DIRECTIVE}:1:1: P003" in result.stdout


# -- when a report was made (P005, P006), by whom (P007, P009), with what (P008) ---------------------------------


def dated(day: str, extra: str = "") -> str:
    return NEW_REPORT.replace("date: 2025-05-18", f"date: {day}") + extra


def test_a_back_dated_report_fails(repo):
    append_report(repo, dated("2025-05-10"))
    commit(repo)
    result = check(repo, "tran-b")
    assert codes(result) == ["P005"]
    assert "10/05/2025" in result.stdout and "17/05/2025" in result.stdout and "`completed:`" in result.stdout


def test_a_report_dated_the_base_commits_day_or_tomorrow_passes_and_later_fails(repo):
    append_report(repo, dated("2025-05-17"))
    append_report(repo, dated("2025-05-19"))
    commit(repo)
    assert check(repo, "tran-b").returncode == 0
    append_report(repo, dated("2025-05-20"))
    commit(repo)
    result = check(repo, "tran-b")
    assert codes(result) == ["P006"] and "20/05/2025" in result.stdout and "19/05/2025" in result.stdout


def test_a_report_dated_a_year_ahead_fails_with_its_line(repo):
    append_report(repo, dated("2026-05-18"))
    commit(repo)
    result = check(repo, "tran-b")
    (line,) = [line for line in result.stdout.splitlines() if " P006 " in line]
    assert line.startswith("tasks.yaml:31:")  # the new report's first line
    assert "18/05/2026" in line


def test_the_office_may_enter_a_late_paper_report(repo):
    office = dated("2025-04-30", "    entered_by: office\n    recorded: 2025-05-18\n")
    append_report(repo, office)
    commit(repo)
    assert check(repo, "vp-office").returncode == 0
    assert "(do Văn phòng nhập)" in tracker("changes", "--base", "main", cwd=repo).stdout
    result = check(repo, "tran-b")
    assert codes(result) == ["P007"] and "entered_by: office" in result.stdout


def test_an_office_entry_needs_the_day_it_was_entered(repo):
    append_report(repo, dated("2025-04-30", "    entered_by: office\n"))
    commit(repo)
    assert "P007" in codes(check(repo, "vp-office"))
    git(repo, "checkout", "-q", "-f", "main")


def test_a_report_without_a_note_fails(repo):
    append_report(repo, dated("2025-05-18").replace("    note: Đã hoàn thành.\n", "    note: '   '\n"))
    commit(repo)
    result = check(repo, "tran-b")
    (line,) = [line for line in result.stdout.splitlines() if " P008 " in line]
    assert line.startswith("tasks.yaml:31:") and " P008 " in line and "`note:`" in line


def author_commit(repo: Path, login: str) -> None:
    email = f"99+{login}@users.noreply.github.com"
    git(repo, "commit", "-q", "-am", "báo cáo", env={"GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_NAME": login})


def test_a_commit_by_another_agencys_member_fails_though_the_opener_may_report(repo):
    append_report(repo)
    author_commit(repo, "le-a")  # Sở A's member writes Sở B's report into Sở B's pull request
    result = tracker("check", "--base", "main", "--head", "pr", "--author", "tran-b", "--today", REPORT_DAY, cwd=repo)
    assert codes(result) == ["P009"] and "`le-a`" in result.stdout and "`demo-so-b`" in result.stdout
    assert check(repo, "tran-b").returncode == 0  # without --head (a person's own check) commits are not read


def test_commits_by_the_agencys_members_and_the_office_pass(repo):
    append_report(repo)
    author_commit(repo, "Tran-B")
    append_report(repo, dated("2025-05-18").replace("Đã hoàn thành.", "Bổ sung."))
    author_commit(repo, "vp-office")
    result = tracker("check", "--base", "main", "--head", "pr", "--author", "tran-b", "--today", REPORT_DAY, cwd=repo)
    assert result.returncode == 0, result.stdout


def test_logins_are_compared_without_regard_to_case(repo):
    append_report(repo)
    commit(repo)
    assert check(repo, "Tran-B").returncode == 0
    assert check(repo, "VP-Office").returncode == 0
    assert check(repo, "LE-A").returncode == 1


def test_team_entries_are_said_to_match_only_with_a_team(repo):
    append_report(repo)
    commit(repo)
    warned = [line for line in check(repo, "tran-b").stdout.splitlines() if " P010 " in line]
    assert len(warned) == 1 and "org/" in warned[0] and "cảnh báo" in warned[0]
    assert " P010 " not in check(repo, "someone", "--team", "org/demo-so-b").stdout


# -- the summary is text, whatever the data holds ------------------------------------------------------------------

HOSTILE = "`x` # Tiêu đề ![ảnh](https://e.vn/a.png) [liên kết](https://e.vn) <img src=x onerror=alert(1)>\n✅ approved"


def test_the_summary_shows_markdown_and_html_in_the_data_as_text(repo):
    text = HOSTILE.replace("\n", " ")
    edit(repo, "agencies.yaml", "name: Sở B (demo)", f"name: 'Sở B {text}'")
    edit(repo, DIRECTIVE, "text: Nhiệm vụ thường xuyên của các sở.", f"text: 'Nhiệm vụ {text}'")
    (repo / "directives" / "demo-moi.yaml").write_text(
        (repo / DIRECTIVE)
        .read_text("utf-8")
        .replace("id: demo-ke-hoach\n", "id: demo-moi\n")
        .replace("summary: Kế hoạch thử nghiệm", f"summary: '{text}'"),
        "utf-8",
    )
    git(repo, "add", "-A")
    append_report(repo, NEW_REPORT.replace("task: demo-ke-hoach/1.1", "task: 'demo-ke-hoach/1.1 `#` ![a](x)'"))
    commit(repo)
    summary = tracker("changes", "--base", "main", cwd=repo).stdout
    for markup in ("`x`", "![", "[liên kết]", "<img", "](https"):
        assert markup not in summary, markup
    assert "&#96;x&#96;" in summary and "&#60;img" in summary and "&#91;liên kết&#93;" in summary
    assert not any(line.lstrip().startswith(("#", "✅")) for line in summary.splitlines()[1:])


def test_tracker_report_office_writes_an_entry_the_rules_accept_from_the_office_only(repo):
    result = tracker(
        "report", "demo-ke-hoach/1.1", "--agency", "demo-so-b", "--status", "done", "--date", "2025-04-30",
        "--note", "Báo cáo giấy số 5/BC.", "--office", cwd=repo,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (written,) = (repo / "reports").rglob("*.yaml")
    entry = written.read_text("utf-8")
    assert "\nentered_by: office\nrecorded: " in entry
    assert written.name.startswith("2025-04-30-demo-so-b-")  # dated as the paper report, not as its entry
    today = entry.rsplit("recorded: ", 1)[1].strip()
    assert check(repo, "vp-office", today=today).returncode == 0
    assert codes(check(repo, "tran-b", today=today)) == ["P007"]


def test_tracker_report_refuses_an_empty_note(repo):
    result = tracker(
        "report", "demo-ke-hoach/1.1", "--agency", "demo-so-b", "--status", "done", "--note", "  ", cwd=repo
    )
    assert result.returncode == 2 and "--note" in result.stderr and "Traceback" not in result.stderr


def test_the_summary_gives_each_change_its_own_line(repo):
    append_report(repo)
    append_report(repo, dated("2025-05-18").replace("status: done", "status: in_progress\n    blocked: true"))
    edit(repo, DIRECTIVE, "          day: 20\n", "          day: 28\n")
    commit(repo)
    summary = tracker("changes", "--base", "main", cwd=repo).stdout
    items = [line for line in summary.splitlines() if line.startswith("- ")]
    assert len(items) == 3, summary
    assert items[1].endswith("; có khó khăn, vướng mắc") and items[2].startswith("- **Hạn bị sửa**")


def test_an_office_entry_is_held_to_the_bounds_by_its_recorded_day(repo):
    append_report(repo, dated("2025-04-30", "    entered_by: office\n    recorded: 2025-05-01\n"))
    commit(repo)
    result = check(repo, "vp-office")
    assert codes(result) == ["P005"] and "01/05/2025" in result.stdout


def test_a_commit_by_a_non_maintainer_in_the_offices_change_to_a_directive_fails(repo):
    edit(repo, DIRECTIVE, "Nhiệm vụ thường xuyên của các sở.", "Nhiệm vụ đã sửa.")
    author_commit(repo, "tran-b")
    result = tracker(
        "check", "--base", "main", "--head", "pr", "--author", "vp-office", "--today", REPORT_DAY, cwd=repo
    )
    assert codes(result) == ["P009"] and f"{DIRECTIVE}:1:1: P009" in result.stdout and "`tran-b`" in result.stdout
