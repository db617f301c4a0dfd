"""The pull-request rules in-process, on a git repository made by the test: who may change what, that no report is
lost or reordered, that deadlines are only extended, and the summary's words. (test_review.py runs the command.)"""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.core.checks import check_repository
from generator.core.diagnostics import Diagnostic, has_errors
from generator.core.yamlio import MAX_BYTES
from generator.review import rules
from generator.review.git import Change, ReviewError, RevisionLayout, load_change, revision_layout
from generator.review.git import contents as _contents
from generator.review.summary import summarize

from conftest import NEW_REPORT, git

DIRECTIVE = "directives/demo-ke-hoach.yaml"


def check_change(change: Change, author: str, teams: tuple[str, ...] = ()) -> list[Diagnostic]:
    """The rules about content as a pull request by `author` meets them. The date bounds get no `today` here, and
    the team warning (P010) and the note rule (P008) have tests of their own in test_review.py."""
    return [d for d in rules.check_change(change, rules.Context(author, teams)) if d.code not in ("P008", "P010")]


FIRST = (
    "  - task: demo-ke-hoach/1.1\n    agency: demo-so-b\n    date: 2025-05-01\n    status: in_progress\n"
    "    note: Đang tổng hợp.\n    blocked: true\n    difficulties: Thiếu số liệu của các xã.\n"
    "    proposals: Đề nghị gia hạn.\n"
)
LAST = "  - task: demo-ke-hoach/2.3/2025-q1\n    agency: demo-so-a\n    date: 2025-03-18\n    status: done\n"


def edit(repo: Path, file: str, old: str, new: str) -> None:
    path = repo / file
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def append(repo: Path, text: str = NEW_REPORT) -> None:
    with (repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write(text)


def problems(repo: Path, author: str, *teams: str) -> list[tuple[str, str, int]]:
    found = check_change(load_change(repo, "main"), author, teams)
    return [(p.code, p.file, p.line) for p in found]


def codes(repo: Path, author: str, *teams: str) -> list[str]:
    return [code for code, _file, _line in problems(repo, author, *teams)]


def line_of(repo: Path, file: str, piece: str) -> int:
    text = (repo / file).read_text("utf-8")
    return text[: text.index(piece)].count("\n") + 1


# -- who may change what ----------------------------------------------------------------------------------


def test_a_maintainer_through_a_team_may_change_a_directive_and_report_for_anyone(repo):
    edit(repo, DIRECTIVE, "Nhiệm vụ thường xuyên của các sở.", "Nhiệm vụ đã sửa.")
    append(repo)
    assert codes(repo, "someone", "org/van-phong") == []
    assert codes(repo, "someone", "org/khac", "org/van-phong") == []  # any of the author's teams


def test_a_team_that_is_not_the_offices_gives_no_right_to_directives(repo):
    edit(repo, DIRECTIVE, "Nhiệm vụ thường xuyên của các sở.", "Nhiệm vụ đã sửa.")
    assert problems(repo, "someone", "org/khac") == [("P003", DIRECTIVE, 1)]
    assert problems(repo, "le-a", "org/demo-so-a") == [("P003", DIRECTIVE, 1)]  # an agency's team is not the Office
    assert codes(repo, "vp-office") == []


def test_a_report_by_a_member_or_a_members_team_passes_and_by_anyone_else_fails(repo):
    append(repo)
    assert codes(repo, "tran-b") == [] and codes(repo, "x", "org/demo-so-b") == []
    at = line_of(repo, "tasks.yaml", NEW_REPORT)
    assert problems(repo, "le-a") == [("P002", "tasks.yaml", at)]
    assert problems(repo, "x", "org/demo-so-a", "org/khac") == [("P002", "tasks.yaml", at)]


def test_a_report_for_an_agency_not_in_the_registry_is_nobodys(repo):
    append(repo, NEW_REPORT.replace("demo-so-b", "demo-so-moi"))
    assert codes(repo, "tran-b") == ["P002"]


def test_only_new_reports_are_judged_for_their_author(repo):
    append(repo)
    git(repo, "commit", "-q", "-am", "a report of Sở B")
    git(repo, "branch", "-f", "main")  # the base now holds Sở B's report
    append(repo, NEW_REPORT.replace("demo-so-b", "demo-so-a").replace("1.1", "1.2"))
    assert codes(repo, "le-a") == []


def test_a_change_outside_the_data_is_not_judged(repo):
    (repo / "docs" / "ghi-chu.md").write_text("Ghi chú\n", "utf-8")
    append(repo)
    assert ("P003", "docs/ghi-chu.md", 1) in problems(repo, "tran-b")


# -- nothing is lost --------------------------------------------------------------------------------------


def test_appending_keeps_every_report_and_passes(repo):
    append(repo)
    append(repo, NEW_REPORT.replace("2025-05-18", "2025-05-19"))
    assert codes(repo, "tran-b") == []


def test_two_reports_swapped_fail(repo):
    text = (repo / "tasks.yaml").read_text("utf-8")
    first_two = text[text.index("  - task: demo-ke-hoach/1.1\n    agency: demo-so-a") : text.index(FIRST) + len(FIRST)]
    a, b = first_two.split("  - task: demo-ke-hoach/1.1\n    agency: demo-so-b")
    edit(repo, "tasks.yaml", first_two, "  - task: demo-ke-hoach/1.1\n    agency: demo-so-b" + b + a)
    assert "P001" in codes(repo, "vp-office")


def test_the_last_report_moved_first_fails(repo):
    edit(repo, "tasks.yaml", LAST, "")
    edit(repo, "tasks.yaml", "reports:\n", "reports:\n" + LAST)
    assert codes(repo, "vp-office") == ["P001"]


def test_deleting_one_of_two_identical_reports_fails(repo):
    append(repo, NEW_REPORT + NEW_REPORT)
    git(repo, "commit", "-q", "-am", "the same report twice")
    git(repo, "branch", "-f", "main")
    edit(repo, "tasks.yaml", NEW_REPORT + NEW_REPORT, NEW_REPORT)
    found = problems(repo, "vp-office")
    assert [code for code, _f, _l in found] == ["P001"]


def test_a_deleted_report_is_pointed_at_where_it_was(repo):
    edit(repo, "tasks.yaml", FIRST, "")
    at = line_of(repo, "tasks.yaml", "  - task: demo-ke-hoach/2.1/6-thang")
    assert problems(repo, "vp-office") == [("P001", "tasks.yaml", at)]


def test_the_last_report_deleted_is_pointed_at_the_file(repo):
    edit(repo, "tasks.yaml", LAST, "")
    assert problems(repo, "vp-office") == [("P001", "tasks.yaml", 1)]


def test_every_report_deleted_fails_for_each(repo):
    (repo / "tasks.yaml").write_text("reports: []\n", "utf-8")
    assert codes(repo, "vp-office") == ["P001"] * 4


@pytest.mark.parametrize(
    "broken",
    [
        NEW_REPORT.replace("note: Đã hoàn thành.", "note: [Đã hoàn thành."),  # not YAML
        NEW_REPORT.replace("agency: demo-so-b", "agency: &a demo-so-b"),  # an anchor, refused
        "other: 1\n",  # a key beside `reports:`: refused, but every report is read and kept
        "- x\n",  # a list after the mapping: not YAML
    ],
)
def test_a_ledger_that_cannot_be_read_says_so_not_that_each_report_was_deleted(repo, broken):
    """Whether earlier reports were kept can only be told from a ledger that was read: when a problem keeps the
    head's from being read, that problem is what the check says (the data check reports it), not one P001 for each of
    the base's reports (109,356 of them at national size)."""
    append(repo, broken)
    head, found = check_repository(repo)
    assert head.ledger_read is (broken == "other: 1\n") and has_errors(found)
    assert "P001" not in codes(repo, "tran-b")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    blocked: true\n", ""),
        ("proposals: Đề nghị gia hạn.", "proposals: Không."),
        ("difficulties: Thiếu số liệu của các xã.", "difficulties: Không."),
        ("        date: 2025-05-10\n", "        date: 2025-05-11\n"),  # the evidence is part of a report
        ("task: demo-ke-hoach/2.3/2025-q1", "task: demo-ke-hoach/2.3/2025-q2"),
        ("agency: demo-so-a\n    date: 2025-03-18", "agency: demo-cong-an\n    date: 2025-03-18"),
        ("completed: 2025-05-22", "completed: 2025-05-21"),
        ("status: in_progress", "status: done"),
        ("date: 2025-05-01", "date: 2025-05-02"),
    ],
)
def test_any_field_of_an_earlier_report_rewritten_fails(repo, old, new):
    edit(repo, "tasks.yaml", old, new)
    assert codes(repo, "vp-office") == ["P001"]


# -- deadlines are extended, never rewritten --------------------------------------------------------------


def test_a_deadline_moved_fails_where_the_task_is(repo):
    edit(repo, DIRECTIVE, "deadline: 2025-05-15", "deadline: 2025-06-15")
    assert problems(repo, "vp-office") == [("P004", DIRECTIVE, line_of(repo, DIRECTIVE, '- id: "1.1"'))]


def test_a_deliverables_deadline_moved_fails(repo):
    edit(repo, DIRECTIVE, "deadline: 2025-11-20", "deadline: 2025-12-20")
    assert problems(repo, "vp-office") == [("P004", DIRECTIVE, line_of(repo, DIRECTIVE, "- id: ca-nam"))]


def test_a_new_extension_passes_and_an_earlier_one_changed_fails(repo):
    extension = "            document: 3/UBND-DEMO\n"
    edit(
        repo,
        DIRECTIVE,
        extension,
        extension + "          - deadline: 2025-07-31\n            approved_on: 2025-06-20\n",
    )
    assert codes(repo, "vp-office") == []
    edit(repo, DIRECTIVE, "document: 3/UBND-DEMO", "document: 4/UBND-DEMO")
    assert codes(repo, "vp-office") == ["P004"]


def test_a_task_removed_is_not_a_deadline_rewritten(repo):
    edit(repo, DIRECTIVE, '      - id: "1.2"\n        text: Nhiệm vụ thường xuyên của các sở.\n', "")
    assert codes(repo, "vp-office") == []


# -- the summary ------------------------------------------------------------------------------------------


def test_the_summary_says_each_new_report_and_extension_in_words(repo):
    append(repo)
    append(repo, NEW_REPORT.replace("demo-so-b", "demo-so-a").replace("1.1", "1.2").replace("done", "in_progress"))
    append(repo, NEW_REPORT.replace("demo-so-b", "demo-so-moi"))
    extension = "            document: 3/UBND-DEMO\n"
    edit(
        repo,
        DIRECTIVE,
        extension,
        extension + "          - deadline: 2025-07-31\n            approved_on: 2025-06-20\n",
    )
    text = summarize(load_change(repo, "main"))
    assert text.startswith("## Thay đổi trong yêu cầu hợp nhất (pull request)\n\n")
    lines = text.splitlines()[2:]
    assert lines == [
        "- Sở B (demo): nhiệm vụ <code>demo-ke-hoach/1.1</code>: đang thực hiện → hoàn thành, 18/05/2025",
        "- Sở A (demo): nhiệm vụ <code>demo-ke-hoach/1.2</code>: chưa có báo cáo → đang thực hiện, 18/05/2025",
        "- demo-so-moi: nhiệm vụ <code>demo-ke-hoach/1.1</code>: chưa có báo cáo → hoàn thành, 18/05/2025",
        "- Gia hạn <code>demo-ke-hoach/2.2</code>: 30/06/2025 → 31/07/2025",
    ]


def test_the_summary_of_a_first_extension_a_blocked_report_and_a_new_directive(repo):
    edit(
        repo,
        DIRECTIVE,
        "        deadline_text: trước ngày 15 tháng 5 năm 2025\n",
        "        deadline_text: trước ngày 15 tháng 5 năm 2025\n        extensions:\n"
        "          - deadline: 2025-06-15\n            approved_on: 2025-05-12\n",
    )
    append(repo, NEW_REPORT.replace("status: done", "status: in_progress\n    blocked: true"))
    append(repo, NEW_REPORT.replace("2025-05-18", "2025-05-19"))
    text = (repo / DIRECTIVE).read_text("utf-8").replace("id: demo-ke-hoach\n", "id: demo-moi\n", 1)
    (repo / "directives" / "demo-moi.yaml").write_text(text.replace("summary: Kế hoạch thử nghiệm", "summary: Mới"))
    lines = summarize(load_change(repo, "main")).splitlines()[2:]
    assert lines[0] == (
        "- Sở B (demo): nhiệm vụ <code>demo-ke-hoach/1.1</code>: đang thực hiện → đang thực hiện, 18/05/2025; "
        "có khó khăn, vướng mắc"
    )
    assert lines[1] == "- Sở B (demo): nhiệm vụ <code>demo-ke-hoach/1.1</code>: đang thực hiện → hoàn thành, 19/05/2025"
    assert lines[2] == "- Văn bản mới: Kế hoạch số 1/KH-DEMO: Mới, 6 nhiệm vụ"
    assert lines[3:] == ["- Gia hạn <code>demo-ke-hoach/1.1</code>: 15/05/2025 → 15/06/2025"]


def test_the_summary_of_nothing(repo):
    assert summarize(load_change(repo, "main")).splitlines()[2:] == [
        "Không có báo cáo, văn bản hay thời hạn nào thay đổi."
    ]


# -- reading the base -------------------------------------------------------------------------------------


def test_an_unknown_base_says_what_git_said(repo):
    with pytest.raises(ReviewError, match="khong-co-nhanh"):
        load_change(repo, "khong-co-nhanh")


def test_the_base_holds_the_directives_of_the_folder_only_as_the_working_tree_does(repo):
    text = (repo / DIRECTIVE).read_text("utf-8").replace("id: demo-ke-hoach\n", "id: demo-nhap\n", 1)
    (repo / "directives" / "nhap").mkdir()
    (repo / "directives" / "nhap" / "demo-nhap.yaml").write_text(text, "utf-8")  # a draft kept aside: not data
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a draft")
    git(repo, "branch", "-f", "main")
    edit(repo, "tasks.yaml", LAST, LAST.replace("2025-03-18", "2025-03-19"))  # read from git, not the tree
    change = load_change(repo, "main")
    assert [d.id for d in change.base.directives] == [d.id for d in change.head.directives] == ["demo-ke-hoach"]
    assert change.changed_paths == ("tasks.yaml",)
    assert change.base.reports[-1].date.isoformat() == "2025-03-18"
    assert change.head.reports[-1].date.isoformat() == "2025-03-19"


def test_a_file_of_the_base_far_too_large_is_refused_as_in_the_working_tree(repo):
    layout = RevisionLayout(repo, frozenset({"agencies.yaml"}), {"agencies.yaml": b"# " + b"x" * MAX_BYTES})
    data, found = layout.read("agencies.yaml")
    assert data is None and [(p.file, p.code) for p in found] == [("agencies.yaml", "Y006")]
    data, found = RevisionLayout(repo, frozenset({"agencies.yaml"}), {"agencies.yaml": b"agencies: []\n"}).read(
        "agencies.yaml"
    )
    assert (data, found) == (b"agencies: []\n", [])


def test_the_bytes_of_the_base_are_exactly_those_git_holds(repo):
    edit(repo, "tasks.yaml", LAST, "")
    edit(repo, "agencies.yaml", "Sở A (demo)", "Sở A (đã sửa)")
    paths = ["agencies.yaml", DIRECTIVE, "tasks.yaml"]
    expected = {
        p: subprocess.run(["git", "-C", str(repo), "show", f"main:{p}"], capture_output=True).stdout for p in paths
    }
    assert _contents(repo, "main", paths) == expected
    assert _contents(repo, "main", []) == {}


def test_a_revision_read_beside_another_reads_from_git_only_the_files_that_differ(repo):
    """The base of a pull request shares the head's bytes for every file the pull request leaves alone, and reads
    each file it changed as the base holds it."""
    edit(repo, "agencies.yaml", "Sở A (demo)", "Sở A (đã sửa)")
    append(repo)
    git(repo, "commit", "-qam", "thay đổi")  # on branch `pr`
    head = revision_layout(repo, "pr")
    base = revision_layout(repo, "main", like=head)
    assert base.contents == revision_layout(repo, "main").contents  # the same as read alone
    shared = [name for name in base.contents if base.contents[name] is head.contents[name]]
    assert DIRECTIVE in shared and sorted(set(base.contents) - set(shared)) == ["agencies.yaml", "tasks.yaml"]
    assert base.blobs["tasks.yaml"] != head.blobs["tasks.yaml"]


def test_a_path_git_does_not_hold_is_a_review_error(repo):
    with pytest.raises(ReviewError, match=r"main:khong-co\.yaml"):
        _contents(repo, "main", ["tasks.yaml", "khong-co.yaml"])


def test_a_rewritten_report_is_the_only_problem_and_earlier_reports_of_others_are_not_judged_again(repo):
    edit(repo, "tasks.yaml", "note: Đang tổng hợp.", "note: Đã xong từ lâu.")  # Sở B's own earlier report
    append(repo)
    found = check_change(load_change(repo, "main"), "tran-b")
    assert [(p.code, p.col) for p in found] == [("P001", 1)]
    assert "dòng 13 ở nhánh gốc: demo-so-b, demo-ke-hoach/1.1, ngày 01/05/2025" in found[0].message


def test_the_summary_of_a_third_extension_starts_from_the_second(repo):
    extension = "            document: 3/UBND-DEMO\n"
    second = "          - deadline: 2025-07-31\n            approved_on: 2025-06-20\n"
    edit(repo, DIRECTIVE, extension, extension + second)
    git(repo, "commit", "-q", "-am", "a second extension")
    git(repo, "branch", "-f", "main")
    edit(repo, DIRECTIVE, second, second + "          - deadline: 2025-08-31\n            approved_on: 2025-07-20\n")
    assert summarize(load_change(repo, "main")).splitlines()[2:] == [
        "- Gia hạn <code>demo-ke-hoach/2.2</code>: 31/07/2025 → 31/08/2025"
    ]


def test_the_team_warning_names_the_teams_once_and_only_without_a_team_given():
    agencies = {"a": SimpleNamespace(github=("le-a", "org/so-a")), "b": SimpleNamespace(github=("tran-b",))}
    registry = SimpleNamespace(maintainers=("vp-office", "org/van-phong"), agencies=agencies)
    (warning,) = rules._team_warning(registry, rules.Context("tran-b", ()))
    assert (warning.file, warning.line, warning.col, warning.code) == ("agencies.yaml", 1, 1, "P010")
    assert warning.message.startswith("Có 2 nhóm GitHub (`org/team`, ví dụ `org/so-a`) trong agencies.yaml")
    assert list(rules._team_warning(registry, rules.Context("tran-b", ("org/so-a",)))) == []
    without = SimpleNamespace(maintainers=("vp-office",), agencies={"b": agencies["b"]})
    assert list(rules._team_warning(without, rules.Context("tran-b", ()))) == []
