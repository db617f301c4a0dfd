"""`tracker check` on broken data: every error located by file and line, all at once, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import tracker

DIRECTIVE = "directives/demo-ke-hoach.yaml"

# (file, text to replace, replacement, expected code, a piece of the line the error must point at,
#  words the message must contain)
CASES = {
    "a placeholder the importer left": (
        DIRECTIVE,
        "issuer: Ủy ban nhân dân tỉnh Demo",
        'issuer: "CẦN BỔ SUNG"  # CẦN BỔ SUNG: cơ quan ban hành',
        "S020",
        'issuer: "CẦN BỔ SUNG"',
        "chỗ cần bổ sung 1/1 (cơ quan ban hành)",
    ),
    "a colon in a report's note": (
        "tasks.yaml",
        "note: Đang tổng hợp.",
        "note: Kết quả: đang tổng hợp.",
        "Y001",
        "note: Kết quả",
        "hãy đặt văn bản trong dấu ngoặc kép",
    ),
    "bad indentation": (
        DIRECTIVE,
        '      - id: "1.2"\n',
        '      - id: "1.2"\n     text: lệch\n',
        "Y001",
        "text: lệch",
        "thụt lề",
    ),
    "unknown agency": (
        DIRECTIVE,
        "agency: demo-cong-an",
        "agency: demo-cong-ann",
        "R001",
        "demo-cong-ann",
        "`demo-cong-an`",
    ),
    "impossible date": (
        DIRECTIVE,
        "deadline: 2025-05-15",
        "deadline: 2025-02-31",
        "S005",
        "2025-02-31",
        "không có thật",
    ),
    "duplicate task id": (
        DIRECTIVE,
        'id: "1.2"',
        'id: "1.1"',
        "R002",
        'id: "1.1"\n        text: Nhiệm vụ thường',
        "bị trùng",
    ),
    "date in dd/mm/yyyy": (DIRECTIVE, "deadline: 2025-05-15", "deadline: 15/5/2025", "S004", "15/5/2025", "2025-05-15"),
    "misspelt key": (DIRECTIVE, "deadline: 2025-05-15", "deadlne: 2025-05-15", "S002", "deadlne", "`deadline`"),
    "both deadline and deliverables": (
        DIRECTIVE,
        "        deliverables:\n",
        "        deadline: 2025-05-01\n        deliverables:\n",
        "R006",
        'id: "2.1"',
        "deliverables",
    ),
    "extension not later": (
        DIRECTIVE,
        "- deadline: 2025-06-30",
        "- deadline: 2025-03-01",
        "R007",
        "- deadline: 2025-03-01",
        "phải sau",
    ),
    "yes instead of true": (DIRECTIVE, "key: true", "key: yes", "S008", "key: yes", "`true`"),
    "unknown role": (DIRECTIVE, "role: requested", "role: request", "S006", "role: request", "`requested`"),
    "file name differs from id": (
        DIRECTIVE,
        "id: demo-ke-hoach",
        "id: demo-khac",
        "R005",
        "id: demo-khac",
        "demo-khac.yaml",
    ),
    "unknown group": (
        "agencies.yaml",
        "groups: [demo-cac-so]\n  - id: demo-so-b",
        "groups: [demo-cac-sox]\n  - id: demo-so-b",
        "R009",
        "- id: demo-so-a",
        "`demo-cac-so`",
    ),
    "duplicate agency": (
        "agencies.yaml",
        "id: demo-so-b",
        "id: demo-so-a",
        "R002",
        "- id: demo-so-a\n    name: Sở B",
        "bị trùng",
    ),
    "duplicate key": (
        "agencies.yaml",
        "    name: Sở A (demo)\n",
        "    name: Sở A (demo)\n    name: Sở A\n",
        "Y003",
        "    name: Sở A\n",
        "lặp",
    ),
    "report for another agency's task": (
        "tasks.yaml",
        "agency: demo-so-b",
        "agency: demo-cong-an",
        "R004",
        "- task: demo-ke-hoach/1.1\n    agency: demo-cong-an",
        "demo-so-a",
    ),
    "report for an unknown task": (
        "tasks.yaml",
        "task: demo-ke-hoach/2.3/2025-q1",
        "task: demo-ke-hoach/9.9",
        "R003",
        "- task: demo-ke-hoach/9.9",
        "Không có nhiệm vụ",
    ),
    "report without the deliverable": (
        "tasks.yaml",
        "task: demo-ke-hoach/2.1/6-thang",
        "task: demo-ke-hoach/2.1",
        "R003",
        "- task: demo-ke-hoach/2.1\n",
        "demo-ke-hoach/2.1/6-thang",
    ),
    "report for a period that does not exist": ("tasks.yaml", "2025-q1", "2026-q1", "R003", "2026-q1", "kỳ"),
    "unknown reported status": (
        "tasks.yaml",
        "status: in_progress",
        "status: dang-lam",
        "S006",
        "dang-lam",
        "in_progress",
    ),
    "completion date on unfinished work": (
        "tasks.yaml",
        "    blocked: true\n",
        "    blocked: true\n    completed: 2025-04-30\n",
        "R008",
        "completed: 2025-04-30",
        "done",
    ),
    "tab for indentation": (
        DIRECTIVE,
        "        deadline: 2025-05-15",
        "\tdeadline: 2025-05-15",
        "Y001",
        "\tdeadline",
        "Tab",
    ),
    "control character": ("tasks.yaml", "note: Đang tổng hợp.", "note: Đang tổng\x07 hợp.", "Y007", "\x07", "U+0007"),
    # Written as escapes in a double-quoted scalar, YAML's reader never sees the character itself.
    "control character as an escape": (
        "tasks.yaml",
        "note: Đang tổng hợp.",
        'note: "Đang tổng\\x01 hợp."',
        "Y007",
        'note: "Đang',
        "U+0001",
    ),
    "NUL as an escape": ("agencies.yaml", "name: Sở B (demo)", 'name: "Sở B\\0 (demo)"', "Y007", '"Sở B', "U+0000"),
    "bare CR as an escape": ("agencies.yaml", "short_name: Sở A", 'short_name: "Sở A\\r"', "Y007", '"Sở A', "U+000D"),
    "C1 control as an escape": (DIRECTIVE, 'id: "1.2"', 'id: "1.2\\x9b"', "Y007", 'id: "1.2', "U+009B"),
    "non-character as an escape": (
        DIRECTIVE,
        "text: Nhiệm vụ thường xuyên của các sở.",
        'text: "Nhiệm\\uFFFE vụ thường xuyên của các sở."',
        "Y007",
        '"Nhiệm',
        "U+FFFE",
    ),
    "non-character written as it is": (
        "tasks.yaml",
        "note: Đang tổng hợp.",
        "note: Đang tổng\ufdd0 hợp.",
        "Y007",
        "\ufdd0",
        "U+FDD0",
    ),
    "control character in a key": ("tasks.yaml", "    note: Đang", '    "no\\x01te": Đang', "Y007", '"no', "U+0001"),
    "agency id of the agencies' list page": (
        "agencies.yaml",
        "id: demo-so-b",
        "id: index",
        "R011",
        "id: index",
        "`index`",
    ),
    "agency id of the calendar of all deadlines": (
        "agencies.yaml",
        "id: demo-cac-so",
        "id: tat-ca",
        "R011",
        "id: tat-ca",
        "`tat-ca`",
    ),
    "directive id of the directives' list page": (
        DIRECTIVE,
        "id: demo-ke-hoach",
        "id: index",
        "R011",
        "id: index",
        "`index`",
    ),
    "task ids that share an anchor": (DIRECTIVE, 'id: "1.2"', 'id: "1-1"', "R002", 'id: "1-1"', "`1.1`"),
    "a task id and a deliverable that differ only by case and separators": (
        DIRECTIVE,
        'id: "1.2"',
        'id: "2.1-6-Thang"',
        "R002",
        "- id: 6-thang",
        "`2.1-6-Thang`",
    ),
    "year 0": (DIRECTIVE, "deadline: 2025-05-15", "deadline: 0000-05-15", "S005", "0000-05-15", "năm 0"),
    "a period of year 0": (
        "tasks.yaml",
        "task: demo-ke-hoach/2.3/2025-q1",
        "task: demo-ke-hoach/2.3/0000-q1",
        "R003",
        "- task: demo-ke-hoach/2.3/0000-q1",
        "kỳ báo cáo",
    ),
    "line separator from a word processor": (
        "tasks.yaml",
        "note: Đang tổng hợp.",
        "note: Đang tổng\u2028hợp.",
        "Y001",
        "\u2028",
        "U+2028",
    ),
    "byte-order mark inside the file": (
        "agencies.yaml",
        "  - id: demo-so-b",
        "\ufeff  - id: demo-so-b",
        "Y001",
        "\ufeff",
        "BOM",
    ),
    "a section with no tasks": (
        DIRECTIVE,
        '    tasks:\n      - id: "3"\n        text: Nhiệm vụ giao cho nhóm chưa có danh sách thành viên.\n',
        "    tasks: []\n",
        "S001",
        "tasks: []",
        "ít nhất một",
    ),
    "date without leading zeros": (
        DIRECTIVE,
        "deadline: 2025-05-15",
        "deadline: 2025-5-15",
        "S004",
        "2025-5-15",
        "2025-05-15",
    ),
    "unquoted no read as a boolean": ("tasks.yaml", "blocked: true", "blocked: no", "S008", "blocked: no", "`false`"),
    "anchor and alias": (
        "tasks.yaml",
        "    note: Đang tổng hợp.",
        "    note: &ghi-chu Đang tổng hợp.\n    difficulties: *ghi-chu",
        "Y004",
        "&ghi-chu",
        "neo",
    ),
    "agency name instead of its id": (
        "tasks.yaml",
        "agency: demo-so-b",
        "agency: SỞ B",
        "R001",
        "- task: demo-ke-hoach/1.1\n    agency: SỞ B",
        "`demo-so-b` (Sở B (demo))",
    ),
    "evidence link that is not http": (
        "tasks.yaml",
        "https://example.org/bao-cao.pdf",
        "javascript:alert(1)",
        "S010",
        "javascript:alert(1)",
        "https://",
    ),
}


def line_of(text: str, piece: str) -> int:
    assert piece in text, piece
    return text[: text.index(piece)].count("\n") + 1


def break_file(repo: Path, file: str, old: str, new: str) -> str:
    path = repo / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def test_demo_data_is_valid(demo_repo):
    result = tracker("check", cwd=demo_repo)
    assert result.returncode == 0, result.stdout
    assert "0 lỗi" in result.stdout


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_error_is_located(demo_repo, case):
    file, old, new, code, piece, words = case
    text = break_file(demo_repo, file, old, new)
    result = tracker("check", cwd=demo_repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    located = f"{file}:{line_of(text, piece)}:"
    lines = [line for line in result.stdout.splitlines() if f" {code} " in line]
    assert any(line.startswith(located) for line in lines), result.stdout
    assert any(words in line for line in lines), result.stdout


def test_every_error_is_reported_at_once(demo_repo):
    for name in ("unknown agency", "impossible date", "duplicate task id", "report for an unknown task"):
        file, old, new, *_ = CASES[name]
        break_file(demo_repo, file, old, new)
    result = tracker("check", cwd=demo_repo)
    assert result.returncode == 1
    codes = [line.split()[1] for line in result.stdout.splitlines() if line.startswith(("directives/", "tasks"))]
    assert sorted(codes) == ["R001", "R002", "R003", "S005"]
    assert "4 lỗi" in result.stdout


def test_github_format_prints_annotations(demo_repo):
    text = break_file(demo_repo, *CASES["impossible date"][:3])
    result = tracker("check", "--format", "github", cwd=demo_repo)
    assert result.returncode == 1
    line = line_of(text, "2025-02-31")
    assert result.stdout.startswith(f"::error file={DIRECTIVE},line={line},col=")


def test_a_yaml_error_in_one_file_does_not_hide_errors_in_another(demo_repo):
    break_file(demo_repo, *CASES["bad indentation"][:3])
    break_file(demo_repo, *CASES["unknown reported status"][:3])
    result = tracker("check", cwd=demo_repo)
    assert " Y001 " in result.stdout and " S006 " in result.stdout


def test_missing_registry_is_an_error_not_a_crash(demo_repo):
    (demo_repo / "agencies.yaml").unlink()
    result = tracker("check", cwd=demo_repo)
    assert result.returncode == 1
    assert "agencies.yaml:1:1: Y000" in result.stdout
    assert "Traceback" not in result.stderr


def test_file_that_is_not_utf8(demo_repo):
    (demo_repo / "tasks.yaml").write_bytes(
        "reports:\n  - note: S\xe1\xbb\x9f\n".encode("latin-1").replace(b"\xe1", b"\xff")
    )
    result = tracker("check", cwd=demo_repo)
    assert result.returncode == 1 and "tasks.yaml:2:1: Y002" in result.stdout


def test_an_unfinished_draft_gives_the_count_and_every_line_left_to_fill(demo_repo):
    text = break_file(demo_repo, DIRECTIVE, "issuer: Ủy ban nhân dân tỉnh Demo", 'issuer: "CẦN BỔ SUNG"')
    text = break_file(demo_repo, DIRECTIVE, "place: Demo", "place: Demo  # CẦN BỔ SUNG: nơi ban hành")
    result = tracker("check", cwd=demo_repo)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if " S020 " in line]
    assert [line.split(":")[1] for line in lines] == [str(line_of(text, "place: Demo")), str(line_of(text, "issuer:"))]
    assert "chỗ cần bổ sung 1/2 (nơi ban hành)" in lines[0] and "chỗ cần bổ sung 2/2" in lines[1]
    assert "2 lỗi" in result.stdout


def test_a_file_marked_as_a_draft_passes_with_a_warning(demo_repo):
    break_file(demo_repo, DIRECTIVE, "issuer: Ủy ban nhân dân tỉnh Demo", 'issuer: "CẦN BỔ SUNG"\ndraft: true')
    result = tracker("check", cwd=demo_repo)
    assert result.returncode == 0, result.stdout
    assert " S021 cảnh báo: Văn bản là bản nháp (`draft: true`): chưa được công bố" in result.stdout
    assert "còn 1 chỗ cần bổ sung" in result.stdout


def test_an_empty_reports_folder_is_no_report_at_all(demo_repo):
    (demo_repo / "reports").mkdir()  # made by hand before the first report, or left when the last one moved
    done = tracker("check", "--today", "2025-06-01", cwd=demo_repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
