"""Inputs that used to get through or crash: empty, linked or missing data files, nesting past any need, a year
that does not exist, and a damaged parse cache. Each ends in a located message (or a cache miss), exit code 1 and
no traceback, through the real command line."""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path

import pytest

from generator.core.checks import check_repository

from conftest import tracker


def assert_refused(repo: Path, located: str, words: str) -> None:
    result = tracker("check", cwd=repo)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr and "Lỗi nội bộ" not in result.stderr, result.stderr
    assert any(line.startswith(located) and words in line for line in result.stdout.splitlines()), result.stdout


@pytest.mark.parametrize("file", ["tasks.yaml", "agencies.yaml", "directives/demo-ke-hoach.yaml"])
@pytest.mark.parametrize("content", ["", "# chỉ có chú thích\n\n# và dòng trống\n", "null\n", "~\n"])
def test_a_data_file_that_holds_nothing_is_an_error(demo_repo, file, content):
    (demo_repo / file).write_text(content, "utf-8")
    assert_refused(demo_repo, f"{file}:1:1: Y008", "không có dữ liệu")
    _dataset, diagnostics = check_repository(demo_repo)
    assert (diagnostics[0].file, diagnostics[0].code) == (file, "Y008")


def test_a_ledger_with_no_reports_yet_is_valid(demo_repo):
    (demo_repo / "tasks.yaml").write_text("# Sổ theo dõi\nreports: []\n", "utf-8")
    assert tracker("check", cwd=demo_repo).returncode == 0


def test_a_missing_ledger_is_an_error(demo_repo):
    (demo_repo / "tasks.yaml").unlink()
    assert_refused(demo_repo, "tasks.yaml:1:1: Y000", "reports: []")


@pytest.mark.parametrize("file", ["tasks.yaml", "agencies.yaml", "directives/demo-ke-hoach.yaml"])
def test_a_data_file_that_is_a_link_is_refused_unread(demo_repo, tmp_path, file):
    outside = tmp_path / "ngoai-kho.yaml"  # outside the repository: a link would publish it
    (demo_repo / file).rename(outside)
    (demo_repo / file).symlink_to(outside)
    assert_refused(demo_repo, f"{file}:1:1: Y000", "symlink")


def test_a_directives_folder_that_is_a_link_is_refused(demo_repo, tmp_path):
    (demo_repo / "directives").rename(tmp_path / "elsewhere")
    (demo_repo / "directives").symlink_to(tmp_path / "elsewhere")
    assert_refused(demo_repo, "directives:1:1: Y000", "symlink")


def test_a_folder_where_a_data_file_should_be_is_an_error(demo_repo):
    (demo_repo / "tasks.yaml").unlink()
    (demo_repo / "tasks.yaml").mkdir()
    assert_refused(demo_repo, "tasks.yaml:1:1: Y000", "tệp thường")


@pytest.mark.parametrize(
    ("nested", "columns"),
    [
        # Where the limit is passed, or for 10,000 lists in flow style where libyaml's scanner, which
        # reads ahead of the events, gives up first: at its own limit, the 1,000th `[`.
        ("reports: " + "[" * 10_000 + "]" * 10_000, (74, 1009)),
        ("reports: " + "{a: " * 10_000 + "}" * 10_000, (9 + 4 * 63 + 1,)),
        ("reports: " + "[" * 80 + "]" * 80, (74,)),
    ],
    ids=["10,000 lists", "10,000 mappings", "80 lists"],
)
def test_nesting_past_any_need_is_located(demo_repo, nested, columns):
    (demo_repo / "tasks.yaml").write_text(nested + "\n", "utf-8")
    result = tracker("check", cwd=demo_repo)
    located = [line for line in result.stdout.splitlines() if "lồng nhau quá sâu" in line]
    assert len(located) == 1 and any(located[0].startswith(f"tasks.yaml:1:{c}: Y001") for c in columns), result.stdout


def test_nesting_in_blocks_past_any_need_is_located(demo_repo):
    lines = "".join("  " * depth + "- a:\n" for depth in range(3_000))
    (demo_repo / "tasks.yaml").write_text("reports:\n" + lines, "utf-8")
    assert_refused(demo_repo, "tasks.yaml:", "lồng nhau quá sâu")


def test_a_report_for_a_period_of_year_0_is_located(demo_repo):
    ledger = demo_repo / "tasks.yaml"
    ledger.write_text(ledger.read_text("utf-8").replace("demo-ke-hoach/2.3/2025-q1", "demo-ke-hoach/2.3/0000-q1"))
    assert_refused(demo_repo, "tasks.yaml:27:5: R003", "kỳ báo cáo")


def test_a_recurrence_that_runs_to_the_last_day_python_knows_is_not_a_crash(demo_repo):
    directive = demo_repo / "directives" / "demo-ke-hoach.yaml"
    directive.write_text(directive.read_text("utf-8").replace("end: 2025-12-31", "end: 9999-12-31"), "utf-8")
    assert_refused(demo_repo, "directives/demo-ke-hoach.yaml:", "1900–2199")


def test_a_today_outside_the_years_the_data_may_hold_is_refused(demo_repo):
    result = tracker("build", "--today", "9999-12-31", cwd=demo_repo)
    assert result.returncode == 2 and "1900" in result.stderr and "Traceback" not in result.stderr


# -- the parse cache -------------------------------------------------------------------------------------------


def _checked(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest() + data


DAMAGE = {
    "not a pickle": b"garbage",
    "a pickle of the wrong kind": pickle.dumps(1),
    "cut short": None,  # the real entry without its last bytes
    "checksummed but of the wrong kind": _checked(pickle.dumps((1, 2))),
    "checksummed but not a pickle": _checked(b"\x80\x05K"),
    "a number instead of bytes": 12,
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_entry_is_a_miss(demo_repo, damage):
    assert tracker("check", cwd=demo_repo).returncode == 0  # fills the cache
    ledger = demo_repo / "tasks.yaml"
    ledger.write_text(ledger.read_text("utf-8").replace("agency: demo-so-b", "agency: demo-so-x"), "utf-8")
    assert tracker("check", cwd=demo_repo).returncode == 1  # the broken ledger's entries are cached too
    with sqlite3.connect(demo_repo / ".tracker-cache" / "parsed.sqlite") as db:
        entries = list(db.execute("SELECT key, value FROM entry"))
        assert len(entries) >= 3
        for key, value in entries:
            db.execute("UPDATE entry SET value = ? WHERE key = ?", (value[:-5] if damage is None else damage, key))
    assert_refused(demo_repo, "tasks.yaml:13:5: R001", "demo-so-x")  # parsed again: the same answer


def test_a_cache_file_that_is_not_a_database_is_ignored(demo_repo):
    assert tracker("check", cwd=demo_repo).returncode == 0
    (demo_repo / ".tracker-cache" / "parsed.sqlite").write_bytes(b"not sqlite at all" * 100)
    result = tracker("check", cwd=demo_repo)
    assert result.returncode == 0 and "Traceback" not in result.stderr


# -- report files ---------------------------------------------------------------------------------------------


def test_a_report_with_a_control_character_is_not_written(demo_repo):
    result = tracker(
        "report", "demo-ke-hoach/1.2", "--agency", "demo-so-a", "--status", "in_progress", "--note", "a\x01b",
        "--date", "2025-05-30", cwd=demo_repo,
    )  # fmt: skip
    assert result.returncode == 1 and " Y007 " in result.stderr and "U+0001" in result.stderr, result.stderr
    assert not (demo_repo / "reports").exists() or not list((demo_repo / "reports").rglob("*.yaml"))


def test_an_empty_report_file_is_an_error(demo_repo):
    folder = demo_repo / "reports" / "demo-ke-hoach" / "1.2"
    folder.mkdir(parents=True)
    (folder / "2025-05-30-demo-so-a-080000-abcd.yaml").write_text("# trống\n", "utf-8")
    assert_refused(demo_repo, "reports/demo-ke-hoach/1.2/2025-05-30-demo-so-a-080000-abcd.yaml:1:1: Y008", "báo cáo")


def test_a_linked_folder_of_report_files_is_refused(demo_repo, tmp_path):
    outside = tmp_path / "ngoai-kho"
    outside.mkdir()
    (outside / "2025-05-30-demo-so-a-080000-abcd.yaml").write_text("task: demo-ke-hoach/1.2\n", "utf-8")
    (demo_repo / "reports" / "demo-ke-hoach").mkdir(parents=True)
    (demo_repo / "reports" / "demo-ke-hoach" / "1.2").symlink_to(outside)
    assert_refused(demo_repo, "reports/demo-ke-hoach/1.2:1:1: Y000", "symlink")
