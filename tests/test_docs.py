"""What users read matches what the code does: every error code and every command is documented."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, tracker

CODE = re.compile(r'"([YSRP]\d{3})"')


def codes_in_source() -> set[str]:
    return {code for path in (REPO / "generator").rglob("*.py") for code in CODE.findall(path.read_text("utf-8"))}


def test_every_error_code_is_documented():
    documented = set(re.findall(r"^\| `([YSRP]\d{3})` \|", (REPO / "FORMAT.md").read_text("utf-8"), re.M))
    assert codes_in_source() == documented


COMMANDS = ["check", "build", "serve", "report", "changes", "codeowners", "remind", "import", "federate", "intake"]
# argparse's own English, and English words our help strings used to have: none may reach a clerk.
ENGLISH = re.compile(
    r"usage:|options:|positional arguments|show this help|error:|required|invalid choice|"
    r"\b(the|and|of|file|folder|default|when|with)\b",
    re.I,
)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_in_vietnamese_and_is_in_the_readme(command):
    result = tracker(command, "--help", cwd=REPO)
    assert result.returncode == 0 and "Cách dùng: tracker" in result.stdout
    assert "tùy chọn:" in result.stdout and "in hướng dẫn này rồi thoát" in result.stdout
    assert not ENGLISH.search(result.stdout), ENGLISH.search(result.stdout)
    assert f"tracker {command}" in (REPO / "README.md").read_text("utf-8")


def test_the_top_level_help_is_in_vietnamese():
    result = tracker("--help", cwd=REPO)
    assert result.returncode == 0 and "Cách dùng: tracker" in result.stdout and "các lệnh:" in result.stdout
    assert not ENGLISH.search(result.stdout), ENGLISH.search(result.stdout)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["report", "demo/1.1"], "lỗi: thiếu tham số bắt buộc: --agency, --status, --note"),
        (["check", "--format", "xml"], "lỗi: tham số --format: lựa chọn không hợp lệ: 'xml' (chọn một trong:"),
        (["nope"], "lỗi: tham số LỆNH: lựa chọn không hợp lệ: 'nope'"),
        (["check", "--bogus"], "lỗi: không hiểu tham số: --bogus"),
        (["build", "--today", "22/11/2026"], "lỗi: tham số --today: `22/11/2026` không phải ngày hợp lệ"),
        (["remind", "--window", "x"], "lỗi: tham số --window: giá trị không hợp lệ: 'x'"),
        ([], "lỗi: thiếu tham số bắt buộc: LỆNH"),
    ],
)
def test_argument_errors_are_in_vietnamese(args, said):
    result = tracker(*args, cwd=REPO)
    assert result.returncode == 2
    assert "Cách dùng: tracker" in result.stderr and said in result.stderr, result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr


def test_readme_gives_the_test_command_that_ci_runs():
    readme = (REPO / "README.md").read_text("utf-8")
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert "make test" in ci and "make test" in readme


def test_the_agency_guide_on_the_site_matches_the_status_vocabulary():
    from generator.core.status import LABELS

    page = (REPO / "docs" / "gioi-thieu.md").read_text("utf-8")
    assert all(label in page for label in LABELS.values())
