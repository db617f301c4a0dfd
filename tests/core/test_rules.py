"""Every rule of FORMAT.md, each broken once in the demo data and checked in-process: the code, the line it points
at and what the message says. (tests/core/test_check.py runs the command itself on a share of these.)"""

from __future__ import annotations

import pytest
from test_check import CASES, DIRECTIVE, break_file, line_of

from generator.core.checks import check_repository
from generator.core.diagnostics import Severity

REGISTRY, LEDGER = "agencies.yaml", "tasks.yaml"
PERIODIC = "          every: quarter\n          day: 20\n"
UNDATED = "        text: Nhiệm vụ thường xuyên của các sở.\n"
EXTENSION = "          - deadline: 2025-06-30\n            approved_on: 2025-03-20\n"

# (file, text to replace, replacement, code, a piece of the line the problem must point at, words of the message)
RULES = {
    "a key that is not a word": (
        REGISTRY,
        "    short_name: Sở A\n",
        "    [a, b]: Sở A\n",
        "Y005",
        "[a, b]",
        "từ đơn giản",
    ),
    "a list where text is expected": (REGISTRY, "name: Sở A (demo)", "name: [Sở A]", "S003", "[Sở A]", "giá trị đơn"),
    "a mapping where a list is expected": (
        DIRECTIVE,
        "topics: [thử nghiệm]",
        "topics: thử nghiệm",
        "S003",
        "topics: thử nghiệm",
        "danh sách",
    ),
    "a list item that is not text": (
        DIRECTIVE,
        "topics: [thử nghiệm]",
        "topics: [[thử nghiệm]]",
        "S003",
        "topics:",
        "đoạn chữ",
    ),
    "a record that is not a mapping": (
        LEDGER,
        "  - task: demo-ke-hoach/2.3/2025-q1\n",
        "  - chữ\n  - task: demo-ke-hoach/2.3/2025-q1\n",
        "S003",
        "- chữ",
        "`khóa: giá trị`",
    ),
    "an id with capitals and a space": (
        REGISTRY,
        "  - id: demo-cac-xa\n",
        "  - id: Demo cac xa\n",
        "S007",
        "id: Demo cac xa",
        "chữ thường không dấu",
    ),
    "an id with an underscore": (
        DIRECTIVE,
        "          - id: ca-nam\n",
        "          - id: ca_nam\n",
        "S007",
        "id: ca_nam",
        "`ca_nam`",
    ),
    "a day of the month out of range": (
        DIRECTIVE,
        PERIODIC,
        PERIODIC.replace("20", "32"),
        "S009",
        "day: 32",
        "từ 1 đến 31",
    ),
    "a day that is not a number": (
        DIRECTIVE,
        PERIODIC,
        PERIODIC.replace("20", "hai mươi"),
        "S009",
        "day: hai",
        "số nguyên",
    ),
    "a GitHub account with a space": (
        REGISTRY,
        "    kind: police\n",
        "    kind: police\n    github: [nguyen van a]\n",
        "S011",
        "github: [nguyen van a]",
        "`nguyen van a` không phải tài khoản GitHub",
    ),
    "a maintainer that is not an account": (
        REGISTRY,
        "groups:\n",
        "maintainers: [vp ubnd!]\ngroups:\n",
        "S011",
        "maintainers:",
        "`vp ubnd!`",
    ),
    "an e-mail address without a domain": (
        REGISTRY,
        "    kind: police\n",
        "    kind: police\n    emails: [vanthu-cong-an]\n",
        "S011",
        "emails: [vanthu-cong-an]",
        "`vanthu-cong-an` không phải địa chỉ thư điện tử",
    ),
    "a completion date after the report's date": (
        LEDGER,
        "completed: 2025-05-22",
        "completed: 2025-05-26",
        "R008",
        "completed: 2025-05-26",
        "không thể sau ngày báo cáo (2025-05-25)",
    ),
    "a deadline before the directive was issued": (
        DIRECTIVE,
        "deadline: 2025-05-15",
        "deadline: 2024-05-15",
        "R010",
        '- id: "1.1"',
        "trước ngày ban hành văn bản 2025-01-10",
    ),
    "an extension equal to the deadline it extends": (
        DIRECTIVE,
        "- deadline: 2025-06-30",
        "- deadline: 2025-03-31",
        "R007",
        "- deadline: 2025-03-31",
        "phải sau hạn trước đó 2025-03-31",
    ),
    "a second extension no later than the first": (
        DIRECTIVE,
        "            document: 3/UBND-DEMO\n",
        "            document: 3/UBND-DEMO\n          - deadline: 2025-06-30\n            approved_on: 2025-06-01\n",
        "R007",
        "- deadline: 2025-06-30\n            approved_on: 2025-06-01",
        "phải sau hạn trước đó 2025-06-30",
    ),
    "an extension of a task without a deadline": (
        DIRECTIVE,
        UNDATED,
        UNDATED + "        extensions:\n" + EXTENSION + EXTENSION.replace("06-30", "07-31"),
        "R007",
        "- deadline: 2025-06-30\n            approved_on: 2025-03-20\n          - deadline: 2025-07-31",
        "cần có hạn ban đầu",
    ),
    "a deliverable's extension no later than its deadline": (
        DIRECTIVE,
        "            deadline: 2025-11-20\n",
        "            deadline: 2025-11-20\n            extensions:\n"
        "              - deadline: 2025-11-20\n                approved_on: 2025-10-01\n",
        "R007",
        "- deadline: 2025-11-20\n                approved_on",
        "phải sau hạn trước đó 2025-11-20",
    ),
    "a period that ends before it starts": (
        DIRECTIVE,
        "end: 2025-12-31",
        "end: 2024-12-31",
        "S005",
        "every: quarter",
        "(2024-12-31) trước ngày bắt đầu (2025-01-01)",
    ),
    "a deliverable id used twice": (
        DIRECTIVE,
        "- id: ca-nam",
        "- id: 6-thang",
        "R002",
        "- id: 6-thang\n            title: Báo cáo cả",
        "`6-thang` bị trùng",
    ),
    "a required key missing": (
        REGISTRY,
        "    name: Sở B (demo)\n",
        "",
        "S001",
        "- id: demo-so-b",
        "Thiếu khóa bắt buộc `name`",
    ),
    "a required value left empty": (
        REGISTRY,
        "    name: Sở B (demo)\n",
        "    name:\n",
        "S001",
        "    name:\n",
        "không được để trống",
    ),
    "a report naming a part of a task without parts": (
        LEDGER,
        "task: demo-ke-hoach/1.1\n    agency: demo-so-b",
        "task: demo-ke-hoach/1.1/x\n    agency: demo-so-b",
        "R003",
        "demo-ke-hoach/1.1/x",
        "không chia sản phẩm",
    ),
    "a report of a periodic task without its period": (
        LEDGER,
        "task: demo-ke-hoach/2.3/2025-q1",
        "task: demo-ke-hoach/2.3",
        "R003",
        "task: demo-ke-hoach/2.3\n",
        "định kỳ",
    ),
    "a report for an agency not in the registry": (
        LEDGER,
        "agency: demo-so-b",
        "agency: demo-so-c",
        "R001",
        "- task: demo-ke-hoach/1.1\n    agency: demo-so-c",
        "`demo-so-c`",
    ),
    "a recipient not in the registry": (
        DIRECTIVE,
        "agency: demo-cac-so\ncopy_to",
        "agency: demo-cac-sox\ncopy_to",
        "R001",
        "- text: Các sở",
        "`demo-cac-so`",
    ),
}


def problems_of(repo, file: str, old: str, new: str):
    text = break_file(repo, file, old, new)
    _dataset, problems = check_repository(repo)
    return text, problems


@pytest.mark.parametrize("case", [*RULES.values(), *CASES.values()], ids=[*RULES, *CASES])
def test_each_rule_is_located_and_says_what_is_wrong(demo_repo, case):
    file, old, new, code, piece, words = case
    text, problems = problems_of(demo_repo, file, old, new)
    mine = [p for p in problems if p.code == code and p.file == file]
    assert line_of(text, piece) in [p.line for p in mine if words in p.message], [str(p) for p in problems]


def test_a_deadline_before_the_directive_is_only_a_warning(demo_repo):
    _text, problems = problems_of(demo_repo, *RULES["a deadline before the directive was issued"][:3])
    assert [(p.code, p.severity) for p in problems] == [("R010", Severity.WARNING)]


def test_the_demo_data_has_no_problem_at_all(demo_repo):
    _dataset, problems = check_repository(demo_repo)
    assert problems == []


def test_a_report_for_the_last_period_of_a_recurrence_is_known(demo_repo):
    _text, problems = problems_of(demo_repo, LEDGER, "2025-q1", "2025-q4")
    assert problems == []
    _text, problems = problems_of(demo_repo, LEDGER, "2025-q4", "2026-q1")  # after its end: no such period
    assert [p.code for p in problems] == ["R003"]


def test_a_directive_id_used_by_two_files(demo_repo):
    source = demo_repo / "directives" / "demo-ke-hoach.yaml"
    (demo_repo / "directives" / "demo-ke-hoach-ban-sao.yaml").write_text(source.read_text("utf-8"), "utf-8")
    _dataset, problems = check_repository(demo_repo)
    found = sorted((p.code, p.file, p.line) for p in problems)
    assert ("R002", "directives/demo-ke-hoach.yaml", 3) in found  # the second file read, pointed at its id
    assert [p.message for p in problems if p.code == "R002"] == [
        "Mã văn bản `demo-ke-hoach` đã dùng ở directives/demo-ke-hoach-ban-sao.yaml."
    ]
    assert ("R005", "directives/demo-ke-hoach-ban-sao.yaml", 3) in found


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("end: 2025-12-31", "end: 2025-01-01"),  # a period that ends the day it starts
        ("deadline: 2025-05-15", "deadline: 2025-01-10"),  # due the day the directive is issued
    ],
)
def test_a_boundary_that_is_allowed(demo_repo, old, new):
    _text, problems = problems_of(demo_repo, DIRECTIVE, old, new)
    assert problems == []
