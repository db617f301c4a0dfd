"""The loader keeps positions and the text as written, and refuses what PyYAML would get silently wrong."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from generator.core import yamlio
from generator.core.yamlio import load_text

DOC = """\
id: demo
sections:
  - number: "1"
    tasks:
      - id: 1.10
        note: no
        when: 2025-05-15
        empty:
"""


def test_positions_of_keys_values_and_items():
    doc, problems = load_text(DOC, "f.yaml")
    assert problems == []
    task = doc["sections"][0]["tasks"][0]
    assert (task.line, task.col) == (5, 9)
    assert task.key_pos["note"] == (6, 9)
    assert (task["when"].line, task["when"].col) == (7, 15)
    assert (doc["sections"].line, doc["sections"][0].line) == (3, 3)


def test_scalars_keep_the_text_written_and_yamls_reading_of_it():
    doc, _ = load_text(DOC, "f.yaml")
    task = doc["sections"][0]["tasks"][0]
    assert (task["id"], task["id"].tag) == ("1.10", "float")
    assert (task["note"], task["note"].tag) == ("no", "bool")
    assert task["empty"].is_null
    assert doc["sections"][0]["number"].tag == "str"


def test_duplicate_key_is_an_error_at_the_second_occurrence():
    _, problems = load_text("id: a\nname: x\nid: b\nsub:\n  k: 1\n  k: 2\n", "f.yaml")
    assert [(p.line, p.col, p.code) for p in problems] == [(3, 1, "Y003"), (6, 3, "Y003")]
    assert "(đã có ở dòng 5)" in problems[1].message
    assert "dòng 1" in problems[0].message


def test_anchors_and_aliases_are_refused():
    _, problems = load_text("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert [(p.line, p.col, p.code) for p in problems] == [(1, 4, "Y004"), (2, 4, "Y004")]


@pytest.mark.parametrize("text", ["a: &x 1\n", "b: *x\n"])
def test_an_anchor_alone_or_an_alias_alone_is_refused(text):
    _, problems = load_text(text, "f.yaml")
    assert [(p.line, p.code) for p in problems] == [(1, "Y004")]


def test_bad_indentation_is_located_without_raising():
    _, problems = load_text("id: a\nsections:\n  - number: 1\n   tasks: []\n", "f.yaml")
    assert len(problems) == 1
    assert problems[0].code == "Y001" and problems[0].line == 4
    assert "thụt lề" in problems[0].message


def test_tab_indentation_says_so():
    _, problems = load_text("id: a\nsections:\n\t- x\n", "f.yaml")
    assert problems[0].code == "Y001" and "Tab" in problems[0].message


def test_byte_order_mark_is_harmless():
    doc, problems = load_text("\ufeffid: a\n", "f.yaml")
    assert problems == [] and doc["id"] == "a"
    _, problems = load_text("\ufeffid: a: b\n", "f.yaml")  # a mistake on the first line is not blamed on the mark
    assert [p.code for p in problems] == ["Y001"] and problems[0].message.startswith("Lỗi cú pháp YAML")


def test_empty_document():
    assert load_text("", "f.yaml") == (None, [])


SYNTAX = {
    "a colon in a note": (
        "reports:\n  - task: a/1\n    note: Kết quả: đã xong\n",
        3,
        'hãy đặt văn bản trong dấu ngoặc kép, ví dụ `note: "Kết quả: …"`',
    ),
    "no space after a dash": (
        "reports:\n  - task: a/1\n    agency: b\n  -task: a/2\n",
        4,
        "Sau dấu `-` của mục danh sách cần một dấu cách: viết `- task: a/2`",
    ),
    "no space after a dash, then a field": ("tasks:\n  -id: 1\n   text: x\n", 3, "viết `- id: 1`"),
    "a tab": ("reports:\n\t- task: a\n", 2, "Có ký tự Tab; YAML chỉ cho phép thụt lề bằng dấu cách"),
    "an empty list then items": (
        "reports: []\n  - task: a/1\n    agency: b\n",
        2,
        "`reports: []` là một danh sách rỗng, nên các mục viết bên dưới không thuộc về nó: hãy xóa `[]`",
    ),
    "an empty list then items at its level": ("reports: []\n- task: a/1\n", 2, "hãy xóa `[]`"),
    "an unclosed quote": ('note: "abc\n', 2, "hết tệp mà dấu ngoặc kép chưa đóng"),
    "a line out of step": ("a:\n  b: 1\n c: 2\n", 3, "thụt lề không khớp với các dòng trên"),
}
PYYAML_ENGLISH = ("mapping values", "expected", "found", "while", "could not", "allowed", "token")


def test_syntax_errors_are_said_in_vietnamese_with_a_hint():
    for case, (text, line, hint) in SYNTAX.items():
        _doc, problems = load_text(text, "f.yaml")
        assert [p.code for p in problems] == ["Y001"], case
        assert problems[0].line == line, case
        assert hint in problems[0].message, (case, problems[0].message)
        assert not any(word in problems[0].message for word in PYYAML_ENGLISH), (case, problems[0].message)


def test_the_size_limits_are_the_documented_ones():
    from generator.core.load import Layout
    from generator.core.yamlio import size_problems

    mib = 1024 * 1024
    assert size_problems(20 * mib, "f.yaml") == []
    assert [(p.code, p.line) for p in size_problems(20 * mib + 1, "f.yaml")] == [("Y006", 1)]
    layout = Layout(Path("/repo"))
    assert layout.limit(layout.name(layout.ledger)) == 512 * mib
    assert layout.limit(layout.name(layout.agencies)) == 20 * mib
    assert layout.limit(layout.name(layout.reports / "a" / "1.1" / "r.yaml")) == 256 * 1024


def test_text_typed_decomposed_is_read_composed():
    import unicodedata

    doc, problems = load_text(unicodedata.normalize("NFD", "name: Sở Y tế\n"), "f.yaml")
    assert problems == [] and doc["name"] == "Sở Y tế" and unicodedata.is_normalized("NFC", doc["name"])


def test_a_syntax_error_is_located_at_its_column():
    _, problems = load_text("a: 1\nb: [x, y\n", "f.yaml", first_line=10)
    assert [(p.code, p.line, p.col) for p in problems] == [("Y001", 12, 1)]
    _, problems = load_text("a: 1\n  b: 2\n", "f.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [("Y001", 2, 4)]
    assert problems[0].message.startswith("Lỗi cú pháp YAML")
    _, problems = load_text("\ta: 1\n", "f.yaml")
    assert [(p.code, p.line) for p in problems] == [("Y001", 1)] and "Tab" in problems[0].message


@pytest.mark.parametrize(
    ("text", "line", "col", "char", "code"),
    [
        ("a: 1\nb: x\u2028y\n", 2, 5, "U+2028", "Y001"),
        ("\nb: x\u2029y\n", 2, 5, "U+2029", "Y001"),  # a first line that is empty
        ("\n\nb: xy\x07\n", 3, 6, "U+0007", "Y007"),  # a control character has its own code
        ("b: Sở\x07\n", 1, 6, "U+0007", "Y007"),  # counted in characters, not in the bytes of UTF-8
    ],
)
def test_a_forbidden_character_is_located_exactly(text, line, col, char, code):
    _, problems = load_text(text, "f.yaml", first_line=1)
    assert [(p.code, p.line, p.col) for p in problems] == [(code, line, col)] and char in problems[0].message
    _, problems = load_text(text, "f.yaml", first_line=101)
    assert [(p.line, p.col) for p in problems] == [(line + 100, col)]


def test_a_file_that_cannot_be_opened(tmp_path):
    from generator.core.yamlio import read_file

    data, problems = read_file(tmp_path / "khong-co.yaml", "khong-co.yaml")
    assert data is None
    assert [(p.file, p.line, p.col, p.code) for p in problems] == [("khong-co.yaml", 1, 1, "Y000")]
    assert problems[0].message == "Không mở được tệp: No such file or directory"


def test_load_file_reads_decodes_and_parses_or_says_why_not(tmp_path):
    from generator.core.yamlio import decode, load_file, size_problems

    good, latin, missing = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    good.write_text("id: Sở\n", "utf-8")
    latin.write_bytes(b"a: 1\nb: S\xf4\n")
    doc, problems = load_file(good, "a.yaml")
    assert problems == [] and doc["id"] == "Sở" and doc["id"].line == 1
    doc, problems = load_file(latin, "b.yaml")
    assert doc is None and [(p.file, p.line, p.col, p.code) for p in problems] == [("b.yaml", 2, 1, "Y002")]
    assert decode(b"\xff", "x.yaml")[1][0].line == 1 and decode("Sở".encode(), "x.yaml") == ("Sở", [])
    doc, problems = load_file(missing, "c.yaml")
    assert doc is None and [p.code for p in problems] == ["Y000"]
    (problem,) = size_problems(21, "d.yaml", limit=20)
    assert (problem.line, problem.col, problem.message) == (
        1,
        1,
        "Tệp quá lớn (21 byte, tối đa 20); hãy tách thành nhiều tệp.",
    )


@pytest.mark.parametrize(
    ("opening", "inside", "closing"), [("[", "", "]"), ("{a: ", "b", "}")], ids=["lists", "mappings"]
)
def test_nesting_to_the_limit_is_read_and_one_level_more_is_refused_where_it_starts(opening, inside, closing):
    from generator.core.limits import MAX_DEPTH, TOO_DEEP

    levels = MAX_DEPTH - len(inside)  # a mapping's value is a level too
    deepest, problems = load_text(f"reports: {opening * levels}{inside}{closing * levels}\n", "tasks.yaml")
    assert problems == [] and deepest is not None
    value, problems = load_text(f"reports: {opening * (levels + 1)}{inside}{closing * (levels + 1)}\n", "tasks.yaml")
    column = len("reports: ") + len(opening) * MAX_DEPTH + 1  # the level past the limit
    assert value is None and [(p.line, p.col, p.code, p.message) for p in problems] == [(1, column, "Y001", TOO_DEEP)]


def refusal(text: str) -> tuple[int, int, str, str]:
    value, problems = load_text(text, "f.yaml")
    assert value is None or problems, text
    ((problem),) = problems
    return problem.line, problem.col, problem.code, problem.message


def test_a_character_is_said_as_written_an_escape_or_copied_in():
    escaped = "viết dạng mã thoát trong chuỗi ngoặc kép"
    copied = "thường do sao chép từ tệp khác"
    assert escaped in refusal('a: "x\\x07y"\n')[3] and copied not in refusal('a: "x\\x07y"\n')[3]
    for raw in ('a: "x\x07y"\n', "a: x\ufdd0y\n"):
        assert copied in refusal(raw)[3] and escaped not in refusal(raw)[3]


def test_a_next_line_character_alone_is_an_odd_line_break():
    line, col, code, message = refusal("a: b\x85c\n")  # U+0085 and nothing higher in the file
    assert (line, col, code) == (1, 5, "Y001") and "U+0085" in message


@pytest.mark.parametrize("between", ["", "\n", "\n\n", "\n\n\n"])
def test_items_under_an_empty_list_are_said_to_be_outside_it_over_blank_lines(between):
    message = refusal(f"reports: []\n{between}  - task: x\n")[3]
    assert message.endswith("hãy xóa `[]` (chỉ để lại `reports:`).")


def test_a_line_that_is_no_item_under_an_empty_list_gets_the_general_hint():
    assert refusal("a:\n  b: c\n d: e\n")[3] == (
        "Lỗi cú pháp YAML: thụt lề không khớp với các dòng trên. "
        "Kiểm tra thụt lề (dấu cách) và dấu `:` ở dòng này hoặc dòng ngay trên."
    )
    assert "danh sách rỗng" not in refusal("a: []\n b: c\n")[3]


def test_a_file_is_read_in_one_call_and_whole_if_it_grew_since_it_was_measured(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x: 1\n" * 1000)
    calls: list[int] = []
    real_read = os.read

    def counted(fd: int, n: int) -> bytes:
        calls.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", counted)
    assert yamlio.read_file(path, "a.yaml") == (b"x: 1\n" * 1000, [])
    assert calls == [5001]  # its size and one more: a short read is its end
    calls.clear()
    fd = os.open(path, os.O_RDONLY)
    try:
        assert yamlio._contents(fd, 10) == b"x: 1\n" * 1000  # measured at 10 bytes, then it grew: all of it
    finally:
        os.close(fd)
    assert len(calls) == 3 and calls[0] == 11


def test_reading_a_file_leaves_no_descriptor_open(tmp_path):
    """A fresh check reads 90,000 files: one descriptor left open each would run out long before the end."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x: 1\n")
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        assert yamlio.read_file(path, "a.yaml") == (b"x: 1\n", [])
    assert len(os.listdir("/proc/self/fd")) == before


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()  # the file stays


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "khong-co.yaml")


def _folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize(
    ("make", "words"),
    [(_fifo, "tệp thường"), (_socket, "tệp thường"), (_folder, "tệp thường"), (_dangling_link, "symlink")],
    ids=["a pipe no one writes to", "a socket", "a folder", "a link to nothing"],
)
def test_what_is_not_a_file_is_refused_at_once(tmp_path, make, words):
    """Never read, never waited on: a pipe would hold the check forever, a link could publish any file."""
    path = tmp_path / "a.yaml"
    make(path)
    data, problems = yamlio.read_file(path, "a.yaml")
    assert data is None and [(p.code, p.line) for p in problems] == [("Y000", 1)]
    assert words in problems[0].message
