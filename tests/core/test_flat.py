"""The flat-mapping reader gives exactly what PyYAML gives, whenever it answers at all.

Two readers of one format are a risk only if they can disagree: each test reads the same text with both and
compares every value, its YAML tag, its line and column, and every key's position."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.flat import flat_mapping
from generator.core.ledger import render_report_file
from generator.core.limits import NONCHARACTERS
from generator.core.yamlio import composed, load_text
from generator.core.yvalues import YList, YMap, YStr

ROOT = Path(__file__).resolve().parents[2]


def shape(value: object) -> object:
    """Everything a reader's answer says: text, tag, position, and for mappings each key's position."""
    if isinstance(value, YStr):
        return ("str", str(value), value.raw_tag, value.tag, value.line, value.col)
    if isinstance(value, YMap):
        items = {k: (value.key_pos[k], shape(v)) for k, v in value.items()}
        return ("map", value.line, value.col, items)
    if isinstance(value, YList):
        return ("list", value.line, value.col, [shape(v) for v in value])
    return value


def assert_same(text: str, first_line: int = 1) -> bool:
    """Whether the flat reader answered; when it did, PyYAML gave the same, with no problem."""
    flat = flat_mapping(text, first_line)
    if flat is None:
        return False
    value, problems = composed(text, "f.yaml", first_line)
    assert problems == [], text
    assert shape(flat) == shape(value), text
    return True


def test_every_data_file_of_the_repository_and_its_fixtures_reads_the_same() -> None:
    files = [*ROOT.glob("directives/*.yaml"), ROOT / "agencies.yaml", *ROOT.glob("tests/**/*.yaml")]
    for path in files:
        assert_same(path.read_text(encoding="utf-8", errors="replace"))


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")).filter(lambda c: c not in NONCHARACTERS),
        min_size=1,
        max_size=40,
    )
)
def test_a_report_the_tracker_writes_is_read_by_the_flat_reader(note: str) -> None:
    """Whatever its note says (the tracker quotes what needs it), a written report takes the fast path."""
    fields = {
        "task": "kon-tum-x/2.5",
        "agency": "kon-tum-so-y-te",
        "date": "2026-11-22",
        "status": "in_progress",
        "note": note,
        "difficulties": 'Đã họp: "kết quả" tốt # 1, 50% xong',
    }
    text = render_report_file(fields)
    value, problems = load_text(text, "r.yaml")
    assert problems == [] and isinstance(value, YMap)
    if "\\" not in text:  # an escape (a quote or backslash in the text) is left to PyYAML
        assert assert_same(text)
    assert value["difficulties"] == fields["difficulties"]


def test_what_it_cannot_read_exactly_is_left_to_pyyaml() -> None:
    for text in (
        "a: b\n  c\n",  # a continued line
        "a:\n",  # an empty value
        "a: b\na: c\n",  # a duplicate key: PyYAML's path says Y003
        "a: 'b'\n",
        'a: "b\\n"\n',
        "a: b: c\n",
        "a: b #c\n",
        "a: [b]\n",
        "a: &x b\n",
        "a:\tb\n",
        "a: b\r\n",
        "- a\n",
        "---\na: b\n",
        "a: b:\n",
        "# only a comment\n",
        "a: b\x01\n",
    ):
        assert flat_mapping(text) is None, text


def test_lists_and_mappings_under_a_key_keep_their_positions() -> None:
    for text in (
        "task: a/1\nevidence:\n- document: 1/BC\n  date: 2026-01-02\n- url: https://x.vn/a\nnote: b\n",
        "task: a/1\nevidence:\n  - document: 1/BC\n    date: 2026-01-02\n\n# c\n  - url: x\n",
        'task: a/1\nextension_request:\n  until: 2026-02-01\n  reason: "Chờ: vốn"\nnote: b\n',
    ):
        assert assert_same(text), text
    for text in (
        "a:\n- b\n",  # a list of scalars
        "a:\n  b:\n    c: d\n",  # three levels
        "a:\n  b: c\n- d: e\n",
        "a:\n- b: c\n  - d: e\n",
        "a:\n   b: c\n",
        "a:\nb: c\n",
        "a:\n- b:\n  c: d\n",  # `c` is the item's second key, not `b`'s
        "a:\n- b:\n    c: d\n",
    ):
        assert flat_mapping(text) is None, text


def test_positions_count_from_the_first_line_given() -> None:
    assert assert_same('# header\n\na: b\nc: "d e"\n', first_line=7)
    flat = flat_mapping('# header\n\na: b\nc: "d e"\n', 7)
    assert flat is not None and flat.line == 9 and flat["c"].col == 4  # type: ignore[union-attr]


# Pieces of YAML that change how a line reads: indicators, quotes, escapes, comments, colons, spaces and tabs.
_PIECES = st.sampled_from(
    [
        "a",
        "Đ",
        "ệ",
        "1",
        "2025-01-01",
        " ",
        "  ",
        ":",
        ": ",
        "#",
        " #",
        "-",
        "- ",
        "?",
        ",",
        "[",
        "]",
        "{",
        "}",
        "&",
        "*",
        "!",
        "|",
        ">",
        "'",
        '"',
        "%",
        "@",
        "`",
        "\\",
        "\t",
        "~",
        "null",
        "yes",
        "0x1f",
        "1.10",
        ".",
    ]
)
_VALUE = st.lists(_PIECES, max_size=6).map("".join)
_KEY = st.sampled_from(["task", "note", "a", "yes", "_x", "K9", "a-b", "1a"])
_INDENT = st.sampled_from(["", "", "", "  ", "- ", "  - ", "    ", "   ", "-  ", " "])
_LINE = st.one_of(
    st.tuples(_INDENT, _KEY, st.sampled_from([": ", ":  ", ":", " : "]), _VALUE).map("".join),
    st.tuples(_INDENT, _KEY).map(lambda parts: f"{parts[0]}{parts[1]}:"),  # a key that opens a nested value
    st.sampled_from(["", "# chú thích", "  # thụt lề", "  ", "-", "- x", "---", "..."]),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=10), st.booleans())
def test_generated_documents_read_the_same_by_both_readers(lines: list[str], final_newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if final_newline else "")
    assert_same(text)


@settings(max_examples=1000, deadline=None)
@given(_KEY, st.sampled_from([": ", ":  "]), _VALUE)
def test_generated_lines_read_the_same_by_both_readers(key: str, gap: str, value: str) -> None:
    assert_same(f"{key}{gap}{value}\n")


def test_lines_are_counted_from_one_unless_told():
    flat = flat_mapping("# đầu\na: b\n")
    assert flat is not None and (flat.line, flat["a"].line, flat.key_pos["a"]) == (2, 2, (2, 1))  # type: ignore[union-attr]
