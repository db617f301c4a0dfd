"""Typed reading of one field at a time: the value read, or the code, place and words of what is wrong with it."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import pytest

from generator.core.fields import Fields, suggest
from generator.core.yamlio import load_text


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


def read(text: str):
    tree, problems = load_text(text, "f.yaml")
    assert not problems
    return Fields("f.yaml"), tree


def said(fields: Fields) -> list[tuple[str, int, int, str, str]]:
    return [(d.code, d.line, d.col, d.path, d.message) for d in fields.diagnostics]


def test_a_mapping_with_an_unknown_key_names_it_suggests_the_nearest_and_lists_the_valid_ones():
    f, tree = read("a:\n  nam: x\n  kind: y\n")
    assert f.mapping(tree["a"], "a", ("name", "kind"), "cơ quan") is tree["a"]
    assert said(f) == [
        (
            "S002",
            2,
            3,
            "a.nam",
            "Khóa `nam` không có trong định dạng của cơ quan. Có phải ý bạn là `name`? Các khóa hợp lệ: name, kind.",
        )
    ]


def test_a_mapping_that_is_not_one():
    f, tree = read("a: [1]\n")
    assert f.mapping(tree["a"], "a", (), "báo cáo") is None
    assert said(f) == [("S003", 1, 4, "a", "Cần một báo cáo gồm các khóa `khóa: giá trị`.")]
    f.mapping(None, "b", (), "x")
    assert said(f)[-1][:3] == ("S003", 1, 1)  # nothing to point at: the file's first line


def test_list_fields():
    f, tree = read("a: [x, y]\nb: x\nc: []\nd:\n")
    assert f.items(tree, "a", "p") == [("p.a[0]", "x"), ("p.a[1]", "y")]
    assert f.items(tree, "b", "p") == [] and said(f)[-1][:4] == ("S003", 2, 4, "p.b")
    assert f.items(tree, "c", "p", required=True) == [] and said(f)[-1][0] == "S001"
    assert f.items(tree, "d", "p", required=True) == [] and said(f)[-1][::4] == ("S001", "Thiếu khóa bắt buộc `d`.")
    assert f.items(tree, "e", "p") == [] and len(f.diagnostics) == 3
    assert f.items(tree, "c", "p") == [] and len(f.diagnostics) == 3


def test_text_is_read_as_written_trimmed_and_joined_across_lines():
    f, tree = read("a: '  x  '\nb: |-\n  dòng một\n  dòng  hai\nc: ''\nd: [x]\ne: 1.10\ng: ' x  y '\n")
    assert f.text(tree, "a", "") == "x"
    assert f.text(tree, "b", "") == "dòng một dòng hai"
    assert f.text(tree, "c", "") is None and f.diagnostics == []
    assert f.text(tree, "e", "") == "1.10"
    assert f.text(tree, "g", "") == "x  y"  # on one line, spaces inside are as written
    assert f.text(tree, "c", "", required=True) is None and said(f)[-1][::4] == ("S001", "`c` không được để trống.")
    assert f.text(tree, "d", "", required=True) is None and said(f)[-1][0] == "S003"
    assert f.text(tree, "z", "", required=True) is None and said(f)[-1][::4] == ("S001", "Thiếu khóa bắt buộc `z`.")


def test_a_required_value_written_as_null_is_empty_not_missing():
    f, tree = read("a: ~\nb:\n")
    assert f.text(tree, "a", "x", required=True) is None and f.date(tree, "b", "x", required=True) is None
    assert [(c, line, path, m) for c, line, _col, path, m in said(f)] == [
        ("S001", 1, "x.a", "`a` không được để trống."),
        ("S001", 2, "x.b", "`b` không được để trống."),
    ]


@pytest.mark.parametrize("good", ["so-y-te", "a", "so-1", "2025"])
def test_a_good_id(good):
    f, tree = read(f"id: '{good}'\n")
    assert f.ident(tree, "id", "") == good and f.diagnostics == []


@pytest.mark.parametrize("bad", ["Sở-y-tế", "so_y_te", "so--y", "-so", "so-", "so y"])
def test_a_bad_id(bad):
    f, tree = read(f"id: '{bad}'\n")
    assert f.ident(tree, "id", "") is None
    assert said(f) == [
        (
            "S007",
            1,
            5,
            "id",
            f"Mã `{bad}` không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu `-`, ví dụ `so-y-te`.",
        )
    ]


def test_a_list_of_texts():
    f, tree = read("a: [x, ' y ', [z], {k: v}]\n")
    assert f.texts(tree, "a", "") == ("x", "y")
    assert [(c, p) for c, _l, _c, p, _m in said(f)] == [("S003", "a[2]"), ("S003", "a[3]")]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("15/5/2025", "Ngày `15/5/2025` sai định dạng; hãy viết năm-tháng-ngày, ví dụ `2025-05-15`."),
        ("2025/5/15", "Ngày `2025/5/15` sai định dạng; hãy viết năm-tháng-ngày, ví dụ `2025-05-15`."),
        ("15.05.2025", "Ngày `15.05.2025` sai định dạng; hãy viết năm-tháng-ngày, ví dụ `2025-05-15`."),
        ("3/4/2025", "Ngày `3/4/2025` sai định dạng; hãy viết năm-tháng-ngày, ví dụ `2025-04-03`."),
        ("15/5/25", "Ngày `15/5/25` sai định dạng; hãy viết năm-tháng-ngày, ví dụ `2025-05-15`."),
        ("ngày mai", "Ngày `ngày mai` sai định dạng; hãy viết năm-tháng-ngày, ví dụ `2025-05-15`."),
    ],
)
def test_a_date_not_written_iso_says_how_to_write_it(written, message):
    f, tree = read(f"d: '{written}'\n")
    assert f.date(tree, "d", "") is None and said(f) == [("S004", 1, 4, "d", message)]


def test_the_hint_rewrites_the_date_that_was_meant():
    f, tree = read("d: '3/4/2025'\ne: '2025/12/1'\n")
    f.date(tree, "d", "")
    f.date(tree, "e", "")
    assert "`2025-04-03`" in said(f)[0][4] and "`2025-12-01`" in said(f)[1][4]


@pytest.mark.parametrize(("year", "kept"), [(1899, False), (1900, True), (2199, True), (2200, False)])
def test_the_years_a_date_may_have_are_1900_to_2199(year, kept):
    f, tree = read(f"d: {year}-05-15\n")
    assert (f.date(tree, "d", "") == date(year, 5, 15)) is kept
    expected = (
        []
        if kept
        else [("S005", 1, 4, "d", f"Ngày `{year}-05-15` có năm {year} nằm ngoài khoảng 1900–2199; kiểm tra lại năm.")]
    )
    assert said(f) == expected


def test_dates():
    f, tree = read("a: 2025-05-15\nb: 2025-02-29\nc: ' 2024-02-29 '\n")
    assert f.date(tree, "a", "") == date(2025, 5, 15)
    assert f.date(tree, "b", "") is None
    assert said(f) == [("S005", 2, 4, "b", "Ngày `2025-02-29` không có thật (tháng 2 không có ngày 29).")]
    assert f.date(tree, "c", "") == date(2024, 2, 29)


@pytest.mark.parametrize(("written", "value"), [("true", True), ("false", False), ("True", True), ("FALSE", False)])
def test_a_yes_no_field_takes_true_and_false(written, value):
    f, tree = read(f"a: {written}\n")
    assert f.flag(tree, "a", "") is value and f.diagnostics == []


@pytest.mark.parametrize("written", ["yes", "no", "on", "'true'", "1", "có"])
def test_a_yes_no_field_refuses_anything_else(written):
    f, tree = read(f"a: {written}\n")
    assert f.flag(tree, "a", "") is False
    assert said(f)[0][:4] == ("S008", 1, 4, "a") and "chỉ nhận `true` (có) hoặc `false` (không)" in said(f)[0][4]


def test_a_missing_yes_no_field_is_false():
    f, tree = read("a: 1\n")
    assert f.flag(tree, "b", "") is False and f.diagnostics == []


@pytest.mark.parametrize(("written", "value"), [("1", 1), ("31", 31), ("15", 15)])
def test_a_number_in_range(written, value):
    f, tree = read(f"n: {written}\n")
    assert f.integer(tree, "n", "", 1, 31) == value and f.diagnostics == []


@pytest.mark.parametrize("written", ["0", "32", "-1", "1.5", "'5'", "năm"])
def test_a_number_out_of_range_or_not_a_number(written):
    f, tree = read(f"n: {written}\n")
    assert f.integer(tree, "n", "", 1, 31) is None
    assert said(f) == [("S009", 1, 4, "n", "`n` phải là số nguyên từ 1 đến 31.")]


def test_a_missing_number_is_missing():
    f, tree = read("a: 1\n")
    assert f.integer(tree, "n", "p", 1, 31) is None and said(f)[0][::3] == ("S001", "p.n")


def test_a_choice_is_required_unless_said_otherwise():
    f, tree = read("a: 1\n")
    assert f.choice(tree, "c", "p", Colour) is None and said(f)[0][::3] == ("S001", "p.c")


def test_a_choice():
    f, tree = read("a: green\nb: gren\nc: blue\n")
    assert f.choice(tree, "a", "", Colour) is Colour.GREEN
    assert f.choice(tree, "b", "", Colour) is None
    assert said(f) == [
        (
            "S006",
            2,
            4,
            "b",
            "`gren` không phải giá trị hợp lệ của `b`. Có phải ý bạn là `green`? Chọn một trong: red, green.",
        )
    ]
    assert f.choice(tree, "c", "", Colour) is None and said(f)[-1][4].startswith(
        "`blue` không phải giá trị hợp lệ của `c`. Chọn"
    )
    assert f.choice(tree, "z", "", Colour, required=False) is None and len(f.diagnostics) == 2


def test_a_missing_link_is_none_and_no_problem():
    f, tree = read("a: 1\n")
    assert f.url(tree, "u", "") is None and f.diagnostics == []


@pytest.mark.parametrize("good", ["https://example.gov.vn/a.pdf", "http://example.org", "https://x.vn/a?b=c&d=e#f"])
def test_a_good_link(good):
    f, tree = read(f"u: '{good}'\n")
    assert f.url(tree, "u", "") == good and f.diagnostics == []


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "ftp://example.org/a",
        "https://",
        "example.org/a",
        "https://x.vn/a b",
        "https://x.vn/<b",
        "https://x.vn/b>",
        "htt://example.org/a",
        "ttps://example.org/a",
        'https://x.vn/"',
        "https://x.vn/`",
        "https://x.vn/\\\\a",
    ],
)
def test_a_bad_link(bad):
    f, tree = read(f"u: '{bad}'\n")
    assert f.url(tree, "u", "") is None and said(f)[0][:4] == ("S010", 1, 4, "u")


def test_each_reads_every_item_and_keeps_what_was_read():
    f, tree = read("a: [1, 2, 3]\n")
    assert f.each(tree, "a", "p", lambda v, path: None if v == "2" else (str(v), path)) == (
        ("1", "p.a[0]"),
        ("3", "p.a[2]"),
    )
    assert f.each(tree, "b", "p", lambda v, path: v, required=True) == () and said(f)[0][0] == "S001"


def test_suggest():
    assert suggest("deadlne", ["deadline", "date"]) == " Có phải ý bạn là `deadline`?"
    assert suggest("zzz", ["deadline"]) == ""
    assert suggest("dat", ["date", "data", "day"]) == " Có phải ý bạn là `date` hoặc `data` hoặc `day`?"
    assert suggest("dat", ["date", "data", "day", "dato"]).count("`") == 6  # three at most


def test_a_location_is_the_values_own():
    f, tree = read("top:\n  inner:\n    - x: [1]\n")
    f.text(tree["top"]["inner"][0], "x", "top.inner[0]")
    assert said(f)[0][:4] == ("S003", 3, 10, "top.inner[0].x")
    assert f.loc(tree["top"]["inner"][0]).line == 3


def test_an_id_is_required_unless_said_otherwise():
    f, tree = read("a: 1\n")
    assert f.ident(tree, "id", "p") is None and said(f)[0][::3] == ("S001", "p.id")
    assert f.ident(tree, "id", "p", required=False) is None and len(f.diagnostics) == 1
