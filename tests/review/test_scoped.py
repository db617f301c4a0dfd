"""The scoped check of a pull request that only adds report files (`review.scoped`) against the full check, on real
git repositories: for every change below both give the same diagnostics (code, file, line, column, message) and the
command prints the same; the changes it must not judge alone take the full check."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli
from generator.core import ledger_load, load
from generator.core.cache import ParseCache
from generator.core.checks import check_repository
from generator.core.diagnostics import Diagnostic, format_all, has_errors
from generator.review import scoped
from generator.review.git import commit_day, commits, load_change, revision_layout
from generator.review.rules import Context, check_change
from generator.review.scoped import check_added_reports

from conftest import BASE_DATE, DEMO, MEMBERS, REPORT_DAY, git, make_repo, tracker

TODAY = "2025-05-18"
GOOD = "task: demo-ke-hoach/1.1\nagency: demo-so-b\ndate: 2025-05-18\nstatus: done\nnote: Đã hoàn thành.\n"
GOOD_PATH = "reports/demo-ke-hoach/1.1/2025-05-18-demo-so-b-090000-aaaa.yaml"
MERGED_PATH = "reports/demo-ke-hoach/1.1/2025-05-17-demo-so-a-080000-bbbb.yaml"
MERGED = "task: demo-ke-hoach/1.1\nagency: demo-so-a\ndate: 2025-05-17\nstatus: in_progress\nnote: Đang làm.\n"
PART_PATH = "reports/demo-ke-hoach/2.1/6-thang/2025-05-17-demo-so-a-080000-cccc.yaml"
PART = "task: demo-ke-hoach/2.1/6-thang\nagency: demo-so-a\ndate: 2025-05-17\nstatus: done\nnote: Đã nộp.\n"
# The ledger's first report (tests/fixtures/demo/tasks.yaml), as a report file.
LEDGER_FIRST = (
    "task: demo-ke-hoach/1.1\nagency: demo-so-a\ndate: 2025-05-10\nstatus: done\nnote: Đã hoàn thành trước hạn.\n"
    "evidence:\n  - document: 10/BC-SOA\n    date: 2025-05-10\n    url: https://example.org/bao-cao.pdf\n"
)


def append(repo: Path, text: str) -> None:
    with (repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write(text)


def item(text: str) -> str:
    """A report written as an item of the ledger's list (indented as the demo ledger's)."""
    return "".join(("  - " if n == 0 else "    ") + line + "\n" for n, line in enumerate(text.splitlines()))


def report(task: str = "demo-ke-hoach/1.1", agency: str = "demo-so-b", day: str = "2025-05-18", more: str = "") -> str:
    return f"task: {task}\nagency: {agency}\ndate: {day}\nstatus: in_progress\nnote: Đang làm.\n{more}"


def write(repo: Path, path: str, text: str | bytes) -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, "utf-8")


def edit(repo: Path, path: str, old: str, new: str) -> None:
    text = (repo / path).read_text("utf-8")
    assert old in text
    (repo / path).write_text(text.replace(old, new, 1), "utf-8")


def ledger_link(repo: Path) -> None:
    (repo / "tasks.yaml").unlink()
    (repo / "tasks.yaml").symlink_to("agencies.yaml")


def commit(repo: Path, email: str = "test@example.org") -> None:
    git(repo, "add", "-A")
    env = {**BASE_DATE, "GIT_AUTHOR_EMAIL": email}
    git(repo, "commit", "-q", "--allow-empty", "-m", "pull request", env=env)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The demo data with GitHub accounts, a second directive and three merged report files, on `main`."""
    repo = make_repo(tmp_path_factory.mktemp("scoped") / "repo", DEMO)
    registry = repo / "agencies.yaml"
    text = registry.read_text("utf-8").replace("groups:\n", "maintainers: [vp-office, org/van-phong]\ngroups:\n", 1)
    for agency, login in MEMBERS.items():
        text = text.replace(f"  - id: {agency}\n", f"  - id: {agency}\n    github: [{login}, org/{agency}]\n")
    registry.write_text(text, "utf-8")
    directive = (repo / "directives" / "demo-ke-hoach.yaml").read_text("utf-8")
    write(repo, "directives/demo-khac.yaml", directive.replace("id: demo-ke-hoach", "id: demo-khac"))
    write(repo, MERGED_PATH, MERGED)
    write(repo, PART_PATH, PART)
    write(
        repo,
        "reports/demo-khac/1.1/2025-05-17-demo-so-b-080000-dddd.yaml",
        MERGED.replace("so-a", "so-b").replace("demo-ke-hoach", "demo-khac"),
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "user.name", "Test")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base", env=BASE_DATE)
    assert check_repository(repo)[1] == []  # a base that passes its check: the two must then agree exactly
    return repo


@pytest.fixture
def repo(base: Path) -> Iterator[Path]:
    """`base` on a fresh branch `pr` from `main`, put back as it was afterwards."""
    git(base, "checkout", "-q", "-f", "-B", "pr", "main")
    git(base, "clean", "-q", "-f", "-d", "-x")
    yield base
    gc.enable()  # `tracker check`, run in this process, pauses the cycle collector for its short life


def noreply(login: str) -> str:
    return f"1234+{login}@users.noreply.github.com"


# Each change: what it does on `pr`, the pull request's author, whether the scoped check may judge it alone, and the
# errors the full check finds (so that no case passes by finding nothing).
Change = Callable[[Path], None]
CHANGES: dict[str, tuple[Change, str, bool, str]] = {
    "a good report": (lambda r: write(r, GOOD_PATH, GOOD), "tran-b", True, ""),
    "two good reports on two directives": (
        lambda r: (
            write(r, GOOD_PATH, GOOD),
            write(
                r,
                "reports/demo-khac/2.3/2025-q2/2025-05-18-demo-so-a-090000-eeee.yaml",
                report("demo-khac/2.3/2025-q2", "demo-so-a"),
            ),
        ),
        "vp-office",
        True,
        "",
    ),
    "a report for another agency": (lambda r: write(r, GOOD_PATH, GOOD), "le-a", True, "P002"),
    "a commit by another agency's member": (lambda r: write(r, GOOD_PATH, GOOD), "tran-b", True, "P009"),
    "an unknown agency": (
        lambda r: write(
            r, "reports/demo-ke-hoach/1.1/2025-05-18-demo-so-z-090000-aaaa.yaml", report(agency="demo-so-z")
        ),
        "tran-b",
        True,
        "P002 R001",
    ),
    "an agency not given the task": (
        lambda r: write(
            r, "reports/demo-ke-hoach/1.1/2025-05-18-demo-cong-an-090000-aaaa.yaml", report(agency="demo-cong-an")
        ),
        "vp-office",
        True,
        "R004",
    ),
    "an unknown task": (
        lambda r: write(
            r, "reports/demo-ke-hoach/9.9/2025-05-18-demo-so-b-090000-aaaa.yaml", report("demo-ke-hoach/9.9")
        ),
        "tran-b",
        False,
        "R003",
    ),
    "an unknown directive": (
        lambda r: write(r, "reports/khong-co/1.1/2025-05-18-demo-so-b-090000-aaaa.yaml", report("khong-co/1.1")),
        "tran-b",
        False,
        "R003",
    ),
    "a task id no directive can have": (
        lambda r: write(r, "reports/x/2025-05-18-demo-so-b-090000-aaaa.yaml", report("../Khác/1 1")),
        "tran-b",
        False,
        "R003 R020",
    ),
    "a task tracked by deliverables, without one": (
        lambda r: write(
            r,
            "reports/demo-ke-hoach/2.1/2025-05-18-demo-so-a-090000-aaaa.yaml",
            report("demo-ke-hoach/2.1", "demo-so-a"),
        ),
        "le-a",
        True,
        "R003",
    ),
    "a period that is not one": (
        lambda r: write(
            r,
            "reports/demo-ke-hoach/2.3/2025-q9/2025-05-18-demo-so-a-090000-aaaa.yaml",
            report("demo-ke-hoach/2.3/2025-q9", "demo-so-a"),
        ),
        "le-a",
        True,
        "R003",
    ),
    "a date after tomorrow": (
        lambda r: write(r, "reports/demo-ke-hoach/1.1/2025-05-25-demo-so-b-090000-aaaa.yaml", report(day="2025-05-25")),
        "tran-b",
        True,
        "P006",
    ),
    "a date before the base": (
        lambda r: write(r, "reports/demo-ke-hoach/1.1/2025-05-01-demo-so-b-090000-aaaa.yaml", report(day="2025-05-01")),
        "tran-b",
        True,
        "P005",
    ),
    "no note, and an office entry by a member": (
        lambda r: write(r, GOOD_PATH, GOOD.replace("note: Đã hoàn thành.\n", "entered_by: office\n")),
        "tran-b",
        True,
        "P007 P008",
    ),
    "an extension asked until before its date": (
        lambda r: write(r, GOOD_PATH, GOOD + "extension_request:\n  until: 2025-05-01\n"),
        "tran-b",
        True,
        "R022",
    ),
    # Named before the merged file, the copy is matched to the merged report and the merged file is called new.
    "a copy of a merged report file": (
        lambda r: write(r, MERGED_PATH.replace("bbbb", "bbba"), MERGED),
        "tran-b",
        False,
        "P002",
    ),
    "a copy of a report of the ledger": (
        lambda r: write(r, "reports/demo-ke-hoach/1.1/2025-05-10-demo-so-a-090000-aaaa.yaml", LEDGER_FIRST),
        "le-a",
        True,
        "P005",
    ),
    "the same new report twice": (
        lambda r: (write(r, GOOD_PATH, GOOD), write(r, GOOD_PATH.replace("aaaa", "aaab"), GOOD)),
        "tran-b",
        True,
        "",
    ),
    "malformed YAML": (
        lambda r: write(r, GOOD_PATH, "task: [demo-ke-hoach/1.1\nagency: demo-so-b\n"),
        "tran-b",
        True,
        "Y001",
    ),
    "an empty file and a list": (
        lambda r: (write(r, GOOD_PATH, "# trống\n"), write(r, GOOD_PATH.replace("aaaa", "aaab"), "- task: x\n")),
        "tran-b",
        True,
        "S003 Y008",
    ),
    "a wrong key and a wrong status": (
        lambda r: write(r, GOOD_PATH, GOOD.replace("status: done", "status: xong") + "ghi_chu: x\n"),
        "tran-b",
        True,
        "S002 S006",
    ),
    "bytes that are not UTF-8": (
        lambda r: write(r, GOOD_PATH, GOOD.encode("utf-8") + b"\xff\n"),
        "tran-b",
        True,
        "Y002",
    ),
    "a file too large": (lambda r: write(r, GOOD_PATH, GOOD + "# " + "x" * 300_000 + "\n"), "tran-b", True, "Y006"),
    "a path that does not say the task": (
        lambda r: write(r, "reports/demo-ke-hoach/1.2/2025-05-18-demo-so-b-090000-aaaa.yaml", GOOD),
        "tran-b",
        True,
        "R020",
    ),
    "a name that does not say the date": (
        lambda r: write(r, GOOD_PATH.replace("2025-05-18", "2025-05-19"), GOOD),
        "tran-b",
        True,
        "R020",
    ),
    "a report file outside any task's folder": (
        lambda r: write(r, "reports/bao-cao.yaml", GOOD),
        "tran-b",
        True,
        "R020",
    ),
    "a file of reports/ that is not .yaml": (
        lambda r: write(r, GOOD_PATH.replace(".yaml", ".txt"), GOOD),
        "tran-b",
        False,
        "P003 R021",
    ),
    "a merged report deleted": (lambda r: (r / MERGED_PATH).unlink(), "vp-office", False, "P020"),
    "a merged report edited": (lambda r: edit(r, MERGED_PATH, "Đang làm.", "Đã xong."), "le-a", False, "P003 P020"),
    "a report and a directive edited": (
        lambda r: (
            write(r, GOOD_PATH, GOOD),
            edit(r, "directives/demo-ke-hoach.yaml", "deadline: 2025-05-15", "deadline: 2025-06-15"),
        ),
        "tran-b",
        False,
        "P003 P004",
    ),
    "a report and the ledger appended": (
        lambda r: (write(r, GOOD_PATH, GOOD), edit(r, "tasks.yaml", "reports:\n", "reports:\n" + "\n")),
        "tran-b",
        False,
        "",
    ),
    "a report appended to the ledger": (lambda r: append(r, item(GOOD)), "tran-b", True, ""),
    "two reports appended on two directives, one of them for another agency": (
        lambda r: append(r, item(GOOD) + item(report("demo-khac/2.3/2025-q2", "demo-so-a"))),
        "tran-b",
        True,
        "P002",
    ),
    "a ledger report for an unknown agency, dated after tomorrow": (
        lambda r: append(r, item(report(agency="demo-so-z", day="2025-05-25"))),
        "vp-office",
        True,
        "P006 R001",
    ),
    "a ledger report by an agency not given the task, and no note": (
        lambda r: append(r, item(report(agency="demo-cong-an").replace("note: Đang làm.\n", ""))),
        "vp-office",
        True,
        "P008 R004",
    ),
    "a ledger report for an unknown task": (
        lambda r: append(r, item(report("demo-ke-hoach/9.9"))),
        "tran-b",
        False,
        "R003",
    ),
    "a ledger report in another shape": (
        lambda r: append(
            r, "  - {task: demo-ke-hoach/1.1, agency: demo-so-b, date: 2025-05-18, status: done, note: Xong.}\n"
        ),
        "tran-b",
        True,
        "",
    ),
    "a ledger report with a wrong status and a wrong key": (
        lambda r: append(r, item(GOOD.replace("status: done", "status: xong") + "ghi_chu: x\n")),
        "tran-b",
        True,
        "S002 S006",
    ),
    "a ledger report that is not YAML": (
        lambda r: append(r, item(GOOD).replace("note: Đã hoàn thành.", "note: [Đã hoàn thành.")),
        "tran-b",
        True,
        "Y001",
    ),
    "a ledger report with an alias": (lambda r: append(r, item(report(agency="*a"))), "tran-b", True, "Y004"),
    "a copy of a merged report file appended to the ledger": (
        lambda r: append(r, item(MERGED)),
        "le-a",
        False,
        "",
    ),
    "a ledger report copied from the ledger": (lambda r: append(r, item(LEDGER_FIRST)), "le-a", True, "P005"),
    "a report appended after blank lines": (lambda r: append(r, "\n" + item(GOOD)), "tran-b", False, ""),
    "a report appended and a report file": (
        lambda r: (append(r, item(GOOD)), write(r, GOOD_PATH.replace("aaaa", "aaab"), GOOD)),
        "tran-b",
        False,
        "",
    ),
    "a report appended, an earlier one edited": (
        lambda r: (append(r, item(GOOD)), edit(r, "tasks.yaml", "Đang tổng hợp.", "Đã tổng hợp.")),
        "tran-b",
        False,
        "P001 P005",  # the edited report, dated before the base, is new
    ),
    "a ledger report at another indentation": (lambda r: append(r, "- " + item(GOOD)[4:]), "tran-b", False, "Y001"),
    "the ledger deleted": (lambda r: (r / "tasks.yaml").unlink(), "vp-office", False, "Y000"),
    "the ledger made a link": (ledger_link, "vp-office", False, "Y000"),
    "a report file that is a link": (
        lambda r: (
            (r / GOOD_PATH).parent.mkdir(parents=True, exist_ok=True)
            or (r / GOOD_PATH).symlink_to("../../../agencies.yaml")
        ),
        "tran-b",
        False,
        "Y000",
    ),
    "nothing": (lambda r: None, "tran-b", False, ""),
}


def context(repo: Path, author: str) -> Context:
    today = cli._today(TODAY)
    return Context(author, (), today, commit_day(repo, "main"), tuple(commits(repo, "main", "pr")))


def full(repo: Path, author: str) -> list[Diagnostic]:
    """What the full check finds, as `tracker check --head` runs it."""
    cache = ParseCache()
    head = revision_layout(repo, "pr")
    dataset, diagnostics = check_repository(head, cache)
    change = load_change(repo, "main", dataset, cache, "pr", head)
    return diagnostics + check_change(change, context(repo, author))


def printed(repo: Path, author: str, capsys) -> tuple[int, str]:
    argv = ["check", "--root", str(repo), "--no-cache", "--base", "main", "--head", "pr", "--author", author]
    code = cli.main([*argv, "--today", TODAY])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("name", CHANGES)
def test_the_scoped_check_finds_what_the_full_check_finds(repo, name, capsys, monkeypatch):
    change, author, alone, errors = CHANGES[name]
    change(repo)
    commit(repo, noreply("le-a") if name == "a commit by another agency's member" else "test@example.org")

    found = check_added_reports(repo, "main", "pr", context(repo, author))
    expected = full(repo, author)

    assert sorted({d.code for d in expected if d.severity == "error"}) == errors.split()
    assert (found is not None) is alone
    if found is not None:
        assert sorted(found) == sorted(expected)
    scoped_run = printed(repo, author, capsys)
    monkeypatch.setattr(scoped, "check_added_reports", lambda *args: None)
    assert printed(repo, author, capsys) == scoped_run


def test_a_problem_of_the_base_is_left_to_the_base(repo):
    """The scoped check finds what the full check finds less the base's own findings, here a warning (a draft
    directive) and an error (a merged report by an agency the task is not given to) in the files it reads."""
    git(repo, "checkout", "-q", "main")
    edit(repo, "directives/demo-ke-hoach.yaml", "id: demo-ke-hoach\n", "id: demo-ke-hoach\ndraft: true\n")
    edit(repo, MERGED_PATH, "agency: demo-so-a", "agency: demo-cong-an")
    git(repo, "commit", "-q", "-am", "nháp", env=BASE_DATE)
    try:
        git(repo, "checkout", "-q", "-B", "pr", "main")
        write(repo, GOOD_PATH, GOOD)
        commit(repo)
        own = check_repository(revision_layout(repo, "main"))[1]
        assert sorted(d.code for d in own) == ["R004", "R020", "S021"]
        found = check_added_reports(repo, "main", "pr", context(repo, "tran-b"))
        assert found is not None and not set(found) & set(own)
        assert sorted(found) == sorted(d for d in full(repo, "tran-b") if d not in own)
    finally:
        git(repo, "checkout", "-q", "-f", "main")
        git(repo, "reset", "-q", "--hard", "HEAD~1")


# Each: a commit on `main` the base did not have, whether the scoped check may still judge alone, and an error the
# full check finds, if any (so that each case is what it says).
BASES: dict[str, tuple[Change, bool, str]] = {
    "a directive that is an executable file": (lambda r: (r / "directives/demo-ke-hoach.yaml").chmod(0o755), True, ""),
    "no registry": (lambda r: (r / "agencies.yaml").unlink(), False, "Y000"),
    "a ledger that is a link": (ledger_link, False, "Y000"),
}


@pytest.mark.parametrize("ledger", [False, True], ids=["report file", "ledger"])
@pytest.mark.parametrize("name", BASES)
def test_a_base_of_another_shape_is_judged_as_the_full_check_judges_it(repo, name, ledger):
    """Files of the base the scoped check reads that are missing or not regular files leave it to the full check; an
    executable file is a regular file."""
    change, alone, error = BASES[name]
    git(repo, "checkout", "-q", "main")
    change(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", name, env=BASE_DATE)
    try:
        git(repo, "checkout", "-q", "-B", "pr", "main")
        if ledger and name != "a ledger that is a link":
            append(repo, item(GOOD))
        else:
            write(repo, GOOD_PATH, GOOD)
        commit(repo)
        found = check_added_reports(repo, "main", "pr", context(repo, "tran-b"))
        expected = full(repo, "tran-b")
        assert error in {d.code for d in expected if d.severity == "error"} if error else not has_errors(expected)
        assert (found is not None) is alone
        assert found is None or sorted(found) == sorted(expected)
    finally:
        git(repo, "checkout", "-q", "-f", "main")
        git(repo, "reset", "-q", "--hard", "HEAD~1")


@pytest.mark.parametrize("over", [0, 1])
def test_a_ledger_over_its_size_limit_takes_the_full_check(repo, monkeypatch, over):
    append(repo, item(GOOD))
    commit(repo)
    size = (repo / "tasks.yaml").stat().st_size
    for module in (scoped, load):  # the limit as the scoped check reads it, and as the full check's layout does
        monkeypatch.setattr(module, "LEDGER_MAX_BYTES", size - over)
    found = check_added_reports(repo, "main", "pr", context(repo, "tran-b"))
    expected = full(repo, "tran-b")
    assert ("Y006" in {d.code for d in expected}) is bool(over)
    assert found is None if over else sorted(found or ()) == sorted(expected)


@pytest.mark.parametrize("ledger", [False, True], ids=["report file", "ledger"])
def test_the_command_reads_only_what_the_report_touches(repo, monkeypatch, ledger):
    """One report's check reads the registry, its directive and its task's report files from git: not the other
    directive, nor another task's reports, nor the ledger unless the report is appended to it (then both versions,
    to see that the head's starts with the base's)."""
    if ledger:
        append(repo, item(GOOD))
    else:
        write(repo, GOOD_PATH, GOOD)
    commit(repo)
    asked: list[str] = []
    real = scoped.objects
    monkeypatch.setattr(scoped, "objects", lambda root, names, rev: asked.extend(names) or real(root, names, rev))
    parsed: list[int] = []  # the appended reports, parsed once: the head's load takes them from the cache
    real_reports = ledger_load._reports
    monkeypatch.setattr(ledger_load, "_reports", lambda *a: parsed.append(1) or real_reports(*a))
    assert check_added_reports(repo, "main", "pr", context(repo, "tran-b")) is not None
    assert len(parsed) == ledger
    paths = {}
    for rev in ("main", "pr"):
        for entry in git(repo, "ls-tree", "-r", rev).splitlines():
            meta, path = entry.split("\t")
            paths[meta.split()[2]] = path
    touched = ["tasks.yaml", "tasks.yaml"] if ledger else [GOOD_PATH]
    assert sorted(paths[oid] for oid in asked) == sorted(
        ["agencies.yaml", "directives/demo-ke-hoach.yaml", MERGED_PATH, *touched]
    )


def test_the_real_command_prints_what_the_full_check_finds(repo):
    write(repo, GOOD_PATH.replace("2025-05-18", "2025-05-19"), GOOD)
    commit(repo)
    args = ("check", "--no-cache", "--base", "main", "--head", "pr", "--author", "le-a", "--today", REPORT_DAY)
    run = tracker(*args, cwd=repo)
    assert check_added_reports(repo, "main", "pr", context(repo, "le-a")) is not None
    assert "R020" in run.stdout and "P002" in run.stdout and run.returncode == 1
    assert run.stdout == format_all(full(repo, "le-a")) + "\n"


def test_a_checkout_whose_reports_folder_is_a_link_takes_the_full_check(repo, tmp_path, capsys):
    # The full check then reads no report file of either revision, and says why: so must the command.
    write(repo, GOOD_PATH, GOOD.replace("demo-so-b", "demo-so-z"))
    commit(repo)
    shutil.move(repo / "reports", tmp_path / "reports")
    (repo / "reports").symlink_to(tmp_path / "reports")
    try:
        assert check_added_reports(repo, "main", "pr", context(repo, "tran-b")) is None
        code, out = printed(repo, "tran-b", capsys)
        assert code == 1 and "reports:1:1: Y000 " in out and "R001" not in out
    finally:
        (repo / "reports").unlink()
        shutil.move(tmp_path / "reports", repo / "reports")


# Pieces a clerk's append may be made of: reports good and bad, for tasks of the base's directives and not, and what
# else may follow the ledger's last line.
PIECES = [
    item(GOOD),
    item(report("demo-khac/2.3/2025-q2", "demo-so-a")),
    item(report(agency="demo-cong-an")),
    item(report("demo-ke-hoach/9.9")),
    item(report(day="2025-05-25")),
    item(GOOD.replace("status: done", "status: xong")),
    item(GOOD.replace("note: Đã hoàn thành.", "note: [Đã")),
    item(GOOD + "ghi_chu: x\n"),
    item(GOOD.replace("agency: demo-so-b", "agency: *a")),
    item(GOOD.replace("note: Đã hoàn thành.", "note: |+\n  Dòng một.\n")),
    item(MERGED),
    "    # chú thích của báo cáo\n",
    "# chú thích\n",
    "\n",
    "  -\n",
    "  - x\n",
    "other: 1\n",
    "...\n",
    "\t- task: x\n",
    "  - task: demo-ke-hoach/1.1\r\n    agency: demo-so-b\r\n",
    '  - note: "\\x01"\n',
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4))
def test_any_append_to_the_ledger_is_judged_as_the_full_check_judges_it(repo, pieces):
    """Whatever is appended, the scoped check says exactly what the full check says, or leaves it to the full check."""
    git(repo, "checkout", "-q", "-f", "-B", "pr", "main")
    append(repo, "".join(pieces))
    commit(repo)
    found = check_added_reports(repo, "main", "pr", context(repo, "tran-b"))
    if found is not None:
        assert sorted(found) == sorted(full(repo, "tran-b")), "".join(pieces)
