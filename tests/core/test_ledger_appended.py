"""Reports appended to the ledger, read as a ledger of their own (`ledger_load.appended`, which the pull-request
check of an append reads instead of both whole ledgers): the same reports and the same problems, at the same lines,
columns and places in the list, as the whole head gives after the base's."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core import ledger_load
from generator.core.diagnostics import Diagnostic
from generator.core.ledger_load import appended, load_ledger
from generator.core.parse import parse_document, parse_ledger

HEAD = "# DEMO DATA for tests: invented reports.\nreports:\n"


def report(n: int, indent: str = "", more: str = "") -> str:
    return (
        f"{indent}- task: demo-ke-hoach/1.{1 + n % 3}\n"
        f"{indent}  agency: demo-so-{'ab'[n % 2]}\n"
        f"{indent}  date: 2025-05-{1 + n % 28:02d}\n"
        f"{indent}  status: in_progress\n"
        f"{indent}  note: Báo cáo số {n}.\n" + "".join(f"{indent}  {line}\n" for line in more.splitlines())
    )


PROBLEMS = ["", "", "status: done", "date: 2025-13-01", "ghi_chu: x", "blocked: [", "proposals: &a x", "note: *a"]
ODD = ["", "", "# một chú thích\n", "\n", "  # thụt lề\n"]  # what may follow a report, inside the list


def whole(text: str):
    reports, found = parse_document(text, "tasks.yaml", parse_ledger)
    return reports or [], found


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["", "  "]),
    st.sampled_from(["", "\n\n# đầu\n"]),
    st.integers(1, 6),
    st.lists(st.tuples(st.sampled_from(PROBLEMS), st.sampled_from(ODD)), min_size=1, max_size=4),
)
def test_appended_reports_read_alone_as_at_the_end_of_the_whole(indent, lead, before, added):
    base = lead + HEAD + "".join(report(n, indent) + ODD[n % len(ODD)] for n in range(before))
    more = "".join(report(10 + n, indent, problem) + odd for n, (problem, odd) in enumerate(added))
    standin = appended(base.encode(), (base + more).encode(), "tasks.yaml")
    assert standin is not None
    found: list = []
    reports = load_ledger(standin.text, "tasks.yaml", found)
    expected, expected_found = whole(base + more)
    assert standin.before == before
    assert reports == expected[before:]  # the same values at the same lines and columns (or none, if unread)
    assert standin.placed(found) == expected_found  # the base has no problem: all of them are the appended reports'


def test_a_problem_is_placed_in_the_whole_list():
    base = HEAD + report(0) + report(1)
    standin = appended(base.encode(), (base + report(2).replace("in_progress", "xong")).encode(), "tasks.yaml")
    assert standin is not None
    found: list = []
    load_ledger(standin.text, "tasks.yaml", found)
    assert [(d.line, d.path) for d in found] == [(16, "reports[0].status")]
    assert [(d.line, d.path) for d in standin.placed(found)] == [(16, "reports[2].status")]
    other = Diagnostic("agencies.yaml", 1, 1, "S006", "x", path="reports[0].status")
    assert standin.placed([other]) == [other]  # another file's problem stays as it is


BASE = HEAD + report(0, "  ") + report(1, "  ")


@pytest.mark.parametrize(
    ("base", "head"),
    [
        (BASE, BASE),  # nothing appended
        (BASE, BASE.replace("số 1.", "số một.") + report(2, "  ")),  # an earlier report changed
        (BASE, BASE + "\n" + report(2, "  ")),  # a blank line first: a block scalar's end (`|+`) would keep it
        (BASE, BASE + "  # chú thích\n" + report(2, "  ")),  # so would a comment, indented past the list
        (BASE, BASE + report(2)),  # at another indentation
        (BASE, BASE + report(2, "    ")),  # deeper: it would continue the last report
        (BASE, BASE + report(2, "  ")[:-1]),  # no line end at the end
        (BASE, BASE + report(2, "  ") + "other: 1\n"),  # a line outside the list
        (BASE, BASE + "...\n" + report(2, "  ")),  # after the document's end
        ("reports: []\n", "reports: []\n" + report(0)),  # a flow list
        ("reports:\n", "reports:\n" + report(0)),  # no report yet: nothing tells the indentation
        (BASE + "other: 1\n", BASE + "other: 1\n" + report(2, "  ")),  # a base that is not a list of reports
        ("x: 1\n" + BASE, "x: 1\n" + BASE + report(2, "  ")),
    ],
)
def test_anything_but_whole_reports_appended_to_a_list_of_reports_is_not_read_alone(base, head):
    assert appended(base.encode(), head.encode(), "tasks.yaml") is None


def test_the_place_of_the_appended_reports_counts_reports_not_the_lists_inside_them():
    """`before` counts the lines that start a report; a list inside a report (its evidence) is deeper."""
    evidence = "evidence:\n  - document: 1/BC\n    date: 2025-05-01"
    base = HEAD + report(0, "  ", evidence) + report(1, "  ")
    standin = appended(base.encode(), (base + report(2, "  ")).encode(), "tasks.yaml")
    assert standin is not None and standin.before == 2


_SIMPLE_HEAD = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:[ \t]*(?:#[^\n]*)?\n)*reports:[ \t]*(?:#[^\n]*)?\n")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([b"\n", b" ", b"\t", b"#", b"x", b"reports:", b"\xef\xbb\xbf", b"- "]), max_size=12))
def test_the_head_of_a_ledger_is_what_blank_lines_and_comments_then_reports_are(pieces):
    """`_HEAD` takes runs of blank lines at once (800,000 of them before an appended report at national size); it must
    match exactly what the plain pattern, a line at a time, matches."""
    text = b"".join(pieces) + b"reports:\n- a\n"
    fast, plain = ledger_load._HEAD.match(text), _SIMPLE_HEAD.match(text)
    assert (fast and fast.end()) == (plain and plain.end())
