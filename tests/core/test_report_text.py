"""The report-file shortcut gives exactly the `Report` the general reader gives, whenever it answers at all, and it
answers only for files the general reader finds nothing wrong with: it never reports, so it must never accept a
file the general reader would refuse, nor read one differently."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.ledger import render_report_file
from generator.core.limits import NONCHARACTERS
from generator.core.parse import parse_document, parse_report_file
from generator.core.report_text import report_from_text

ROOT = Path(__file__).resolve().parents[2]
NAME = "reports/demo-ke-hoach/1.1/2025-05-18-demo-so-b-090000-aaaa.yaml"
CANONICAL = (
    "# Báo cáo tiến độ\n# Xem FORMAT.md\ntask: demo-ke-hoach/1.1\nagency: demo-so-b\ndate: 2025-05-18\n"
    "status: done\nnote: Đã hoàn thành.\n"
)


def agrees(text: str) -> bool:
    """Whether the shortcut answered; when it did, the general reader gave the same report and no problem."""
    fast = report_from_text(text, NAME)
    if fast is None:
        return False
    report, problems = parse_document(text, NAME, parse_report_file)
    assert problems == [], text
    assert fast == report, text
    return True


def test_every_yaml_fixture_reads_the_same() -> None:
    for path in [*ROOT.glob("tests/**/*.yaml"), *ROOT.glob("reports/**/*.yaml")]:
        agrees(path.read_text(encoding="utf-8", errors="replace"))


def test_the_shape_the_tracker_writes_takes_the_shortcut_with_its_position() -> None:
    assert agrees(CANONICAL)
    for evidence in (
        "evidence:\n- document: 10/BC\n  date: 2025-05-10\n  url: https://example.org/a.pdf\n- title: B\n  url: http://x.vn\n",
        "evidence:\n  - document: 10/BC-SOA\n    title: Báo cáo\n# giữa\n  - document: 11/BC\nblocked: true\n",
    ):
        assert agrees(CANONICAL + evidence), evidence
    report = report_from_text(CANONICAL, NAME)
    assert report is not None and (report.loc.file, report.loc.line, report.loc.col) == (NAME, 3, 1)
    within = report_from_text(CANONICAL, "tasks.yaml", 40, 5)  # a report of the ledger, from its line 40, 4 in
    assert within is not None and (within.loc.file, within.loc.line, within.loc.col) == ("tasks.yaml", 42, 5)
    assert (report.date, report.note, report.blocked, report.completed) == (
        date(2025, 5, 18),
        "Đã hoàn thành.",
        False,
        None,
    )


INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")).filter(lambda c: c not in NONCHARACTERS),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["in_progress", "done"]),
    st.booleans(),
)
def test_reports_the_tracker_writes_read_the_same(note: str, status: str, blocked: bool) -> None:
    fields = {"task": "demo-ke-hoach/1.1", "agency": "demo-so-b", "date": date(2025, 5, 18), "status": status}
    fields |= {"note": note, "blocked": blocked, "difficulties": note if blocked else None}
    fields["evidence"] = [{"document": "10/BC", "date": date(2025, 5, 1), "title": note}] if blocked else []
    text = render_report_file(fields)
    answered = agrees(text)
    ordinary = note.strip() and note.isprintable() and note == note.strip() and "\\" not in text
    # Left to the general reader: a plain value that starts with one of YAML's indicators (`-¹`), and text that is
    # not in composed form (`豈`, U+F900, is U+8C48 once composed), which the general reader composes.
    if ordinary and note[0] not in INDICATORS and unicodedata.is_normalized("NFC", note):
        assert answered, text  # nothing unusual in it: the shortcut must not leave it to the slow path


def test_what_the_general_reader_refuses_or_reads_otherwise_is_left_to_it() -> None:
    declined = [
        CANONICAL.replace("date: 2025-05-18", "date: 2025-02-30"),  # S005
        CANONICAL.replace("date: 2025-05-18", "date: 1800-05-18"),  # S005
        CANONICAL.replace("date: 2025-05-18", "date: 18/05/2025"),  # S004
        CANONICAL.replace("status: done", "status: xong"),  # S006
        CANONICAL.replace("status: done", "status: done\ncompleted: 2025-05-19"),  # R008
        CANONICAL.replace("status: done", "status: in_progress\ncompleted: 2025-05-10"),  # R008
        CANONICAL.replace("agency: demo-so-b\n", ""),  # S001
        CANONICAL.replace("agency: demo-so-b", 'agency: ""'),  # S001
        CANONICAL.replace("agency: demo-so-b", "agency: ~"),  # null: S001
        CANONICAL + "blocked: yes\n",  # S008
        CANONICAL + 'blocked: "true"\n',  # a quoted word is text: S008
        CANONICAL + "note: lần hai\n",  # a key twice
        CANONICAL + "evidence:\n",  # null: no evidence, and nothing to say
        CANONICAL + "evidence:\n- title: Báo cáo\n",  # S001: neither a document nor an address
        CANONICAL + "evidence:\n- url: example.org/a.pdf\n",  # S010
        CANONICAL + "evidence:\n- url: https:///a.pdf\n",  # S010: no host
        CANONICAL + "evidence:\n- url: https://example.org/a b.pdf\n",  # S010
        CANONICAL + "evidence:\n- document: 1/BC\n  date: 2025-02-30\n",  # S005
        CANONICAL + "evidence:\n- document: 1/BC\n    date: 2025-05-01\n",  # another indent
        CANONICAL + "evidence:\n  - document: 1/BC\n- document: 2/BC\n",
        CANONICAL + "evidence:\n- document: 1/BC\n  document: 2/BC\n",  # a key twice
        CANONICAL + 'evidence:\n- document: ""\n',  # empty: dropped without a word by the general reader
        CANONICAL + "evidence:\n- document: 1/BC\n  ghi_chu: x\n",  # S002
        CANONICAL + "evidence:\n  date: 2025-05-01\n",  # a mapping, not a list
        CANONICAL + "evidence:\n- document: 1/BC\nevidence:\n- document: 2/BC\n",
        CANONICAL + "extension_request:\n  until: 2025-06-01\n",  # not this shape
        CANONICAL + "entered_by: office\n",
        CANONICAL.replace("note: Đã hoàn thành.", "note: Đã: hoàn thành"),  # a mapping inside the value
        CANONICAL.replace("note: Đã hoàn thành.", "note: 'Đã hoàn thành.'"),
        CANONICAL.replace("note: Đã hoàn thành.", 'note: "Đã \\"hoàn\\" thành."'),  # an escape
        CANONICAL.replace("note: Đã hoàn thành.", 'note: "Đã hoàn thành.'),  # a quote left open
        CANONICAL.replace("note: Đã hoàn thành.", 'note: "'),
        CANONICAL.replace("note: Đã hoàn thành.", "note: Đã xong:"),  # a mapping's colon at the end
        CANONICAL + "completed: 2025-02-30\n",  # S005
        CANONICAL + "evidence:\n- document: 1/BC\n  date: 01/05/2025\n",  # S004
        CANONICAL + "evidence:\n- document: 1/BC\n  date: 1800-05-01\n",  # S005
        CANONICAL + "evidence:\n- url: //example.org/a.pdf\n",  # S010: no scheme
        CANONICAL + "evidence:\n- url: ttp://example.org/a.pdf\n",  # S010: a scheme that is part of `https`
        CANONICAL.replace("note: Đã hoàn thành.", "note: Đã hoàn thành. "),  # a space after the value
        CANONICAL.replace("note: Đã hoàn thành.", "note: Đã hoàn thành. # chú thích"),
        CANONICAL.replace("note:", "note:\t"),
        CANONICAL.replace("\n", "\r\n"),
        "\ufeff" + CANONICAL,
        CANONICAL.replace("Đã", "Đa\u0303"),  # not composed (NFC)
        CANONICAL.replace("Đã", "Đã\u2028"),
        CANONICAL + "  note2: x\n",
        CANONICAL + " \n",
        "---\n" + CANONICAL,
        "# chỉ có chú thích\n",
        "",
    ]
    for text in declined:
        assert report_from_text(text, NAME) is None, text
        agrees(text)


# Pieces of a report file's lines: good and bad values, quotes, indicators, nulls, spaces, unusual characters.
_VALUE = st.lists(
    st.sampled_from(
        [
            "demo-ke-hoach/1.1",
            "demo-so-b",
            "2025-05-18",
            "2025-13-01",
            "2025-05-1",
            "１",
            "done",
            "in_progress",
            "true",
            "false",
            "True",
            "no",
            "~",
            "null",
            "Đã xong",
            "https://example.org/a.pdf",
            "http://",
            "ftp://x.vn",
            "a",
            " ",
            ":",
            ": ",
            "#",
            " #",
            "-",
            "'",
            '"',
            "\\",
            "[",
            "{",
            "&",
            "*",
            "!",
            "%",
            "@",
            "`",
            "\t",
            "\xa0",
            "\u3000",
            "\x85",
        ]
    ),
    max_size=4,
).map("".join)
_KEYS = ["task", "agency", "date", "status", "note", "completed", "blocked", "difficulties", "proposals"]
_KEY = st.sampled_from([*_KEYS, "recorded", "x", "evidence", "document", "url", "title"])
_INDENT = st.sampled_from(["", "", " ", "- ", "  ", "  - ", "    "])
_LINE = st.one_of(
    st.tuples(_INDENT, _KEY, st.sampled_from([": ", ":  ", ":", " : "]), _VALUE).map("".join),
    st.sampled_from(["", "# chú thích", " # thụt lề", "  ", "---", "evidence:", "evidence:", "- document: 1/BC"]),
)
_GOOD = ["task: demo-ke-hoach/1.1", "agency: demo-so-b", "date: 2025-05-18", "status: done"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(_LINE, max_size=6), st.lists(st.sampled_from(_GOOD), max_size=4), st.randoms(use_true_random=False))
def test_generated_report_files_read_the_same_both_ways(lines: list[str], good: list[str], rng) -> None:
    mixed = lines + good
    rng.shuffle(mixed)
    agrees("\n".join(mixed) + "\n")


def test_a_plain_value_that_starts_with_an_indicator_is_left_to_the_general_reader() -> None:
    """Some are plain text to YAML (`-1`), others a list, a tag, an anchor: the shortcut reads none of them."""
    for indicator in INDICATORS:
        text = CANONICAL.replace("note: Đã hoàn thành.", f"note: {indicator}Đã")
        assert report_from_text(text, NAME) is None, text
        agrees(text)


def test_what_the_shortcut_reads_as_the_general_reader_does() -> None:
    """Quotes inside a plain value, a quoted date and status, proposals, a completion on the day of the report."""
    for note in ('Đã hoàn "thành"', 'Đã hoàn thành."', "Đã 'xong'"):
        text = CANONICAL.replace("note: Đã hoàn thành.", f"note: {note}")
        assert agrees(text), text
        assert report_from_text(text, NAME).note == note  # type: ignore[union-attr]
    for text in (
        CANONICAL.replace("date: 2025-05-18", 'date: "2025-05-18"'),
        CANONICAL.replace("status: done", 'status: "done"'),
        CANONICAL + "completed: 2025-05-18\n",
        CANONICAL + "blocked: true\ndifficulties: Thiếu kinh phí.\nproposals: Đề nghị cấp bổ sung.\n",
    ):
        assert agrees(text), text
    report = report_from_text(CANONICAL + "proposals: Đề nghị cấp bổ sung.\n", NAME)
    assert report is not None and report.proposals == "Đề nghị cấp bổ sung."
