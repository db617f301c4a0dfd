"""The mutation runner's choice of tests (benchmarks/mutants.py): a mutant runs the tests that execute its
statement, and every test of its module's set when the statement ran outside the tests (at import)."""

from __future__ import annotations

import ast
from types import SimpleNamespace

from benchmarks.mutant_worker import _Order
from benchmarks.mutants import Coverage, chosen_tests, statement_lines
from benchmarks.mutations import mutants_of

SOURCE = b"""\
LIMIT = 3


def f(x):
    if (x
            > LIMIT):
        return g(
            x,
            1,
        )
    return 0
"""


def test_a_statement_over_several_lines_is_found_from_any_of_them():
    tree = ast.parse(SOURCE)
    assert statement_lines(tree, 6) == range(5, 7)  # the header of the `if`, not its body
    assert statement_lines(tree, 9) == range(7, 11)  # the whole `return g(…)`
    assert statement_lines(tree, 11) == range(11, 12)
    assert statement_lines(tree, 1) == range(1, 2)


def covered() -> Coverage:
    found = Coverage(seconds={"t.py::slow": 5.0, "t.py::fast": 0.1, "t.py::other": 0.2, "u.py::elsewhere": 0.1})
    found.lines["m.py"][5] = {"t.py::slow", "t.py::fast"}
    found.lines["m.py"][7] = {"u.py::elsewhere"}
    found.outside["m.py"] = {1, 4}
    return found


def mutant_at(line: int):
    return next(m for m in mutants_of("m.py", SOURCE) if m.line == line)


def test_the_tests_that_run_the_line_fastest_first_and_only_those_of_the_modules_set():
    candidates = {"t.py::slow", "t.py::fast", "t.py::other"}
    assert chosen_tests(mutant_at(6), range(5, 7), covered(), candidates) == ["t.py::fast", "t.py::slow"]
    assert chosen_tests(mutant_at(9), range(7, 11), covered(), candidates) == []  # a survivor: no test runs it


def test_a_line_run_at_import_gets_every_test_of_the_set():
    candidates = {"t.py::slow", "t.py::fast", "t.py::other"}
    chosen = chosen_tests(mutant_at(1), range(1, 2), covered(), candidates)
    assert chosen == ["t.py::fast", "t.py::other", "t.py::slow"]


def test_the_coverage_map_round_trips_through_its_cache_and_a_new_key_invalidates_it():
    text = covered().dump("key-1")
    again = Coverage.load(text, "key-1")
    assert again is not None
    assert again.lines == covered().lines and again.outside == covered().outside
    assert again.seconds == covered().seconds
    assert Coverage.load(text, "key-2") is None


def test_the_worker_keeps_only_the_tests_asked_for_in_their_order_and_names_those_not_found():
    items = [SimpleNamespace(nodeid=n) for n in ("a.py::1", "a.py::2", "b.py::1", "b.py::2")]
    deselected: list = []
    config = SimpleNamespace(hook=SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items)))
    order = _Order(first=["b.py::2"], select=["b.py::2", "a.py::2", "b.py::1", "c.py::gone"])
    order.pytest_collection_modifyitems(config, items)
    assert [i.nodeid for i in items] == ["b.py::2", "b.py::1", "a.py::2"]  # a file's tests together
    assert sorted(i.nodeid for i in deselected) == ["a.py::1"]
    assert order.missing == ["c.py::gone"]


def test_a_line_outside_every_function_body_runs_at_import():
    from benchmarks.mutants import at_import

    tree = ast.parse(SOURCE)
    assert at_import(tree, 1) and at_import(tree, 4)  # a constant; a `def` line (its defaults)
    assert not at_import(tree, 6) and not at_import(tree, 9)
