"""The loader keeps positions and the text as written, and refuses what PyYAML would get silently wrong."""

from __future__ import annotations

import time

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
    _, problems = load_text("id: a\nname: x\nid: b\n", "f.yaml")
    assert [(p.line, p.code) for p in problems] == [(3, "Y003")]
    assert "dòng 1" in problems[0].message


def test_anchors_and_aliases_are_refused():
    _, problems = load_text("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert [(p.line, p.code) for p in problems] == [(1, "Y004"), (2, "Y004")]


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    _, problems = load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert problems and all(p.code == "Y004" for p in problems)
    assert time.perf_counter() - started < 5  # a generous bound: expanding it would never finish


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
