"""The mutation runner's choice of tests (benchmarks/mutants.py): a mutant runs the tests that execute its
statement, and every test of its module's set when the statement ran outside the tests (at import)."""

from __future__ import annotations

import ast
import sys
from types import SimpleNamespace

from benchmarks.mutant_server import warm_up
from benchmarks.mutant_worker import Order
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
    order = Order(first=["b.py::2"], select=["b.py::2", "a.py::2", "b.py::1", "c.py::gone"])
    order.pytest_collection_modifyitems(config, items)
    assert [i.nodeid for i in items] == ["b.py::2", "a.py::2", "b.py::1"]  # the order asked: the fastest first
    assert sorted(i.nodeid for i in deselected) == ["a.py::1"]
    assert order.missing == ["c.py::gone"]


def test_a_line_outside_every_function_body_runs_at_import():
    from benchmarks.mutants import at_import

    tree = ast.parse(SOURCE)
    assert at_import(tree, 1) and at_import(tree, 4)  # a constant; a `def` line (its defaults)
    assert not at_import(tree, 6) and not at_import(tree, 9)


PLANTED = """\
LIMIT = 3


def below(n):
    return n < LIMIT


class Box:
    @property
    def size(self):
        return 1

    @classmethod
    def make(cls):
        return [n for n in range(2)]

    def outer(self):
        def inner():
            return "a"

        return inner()
"""


def planted_module(tmp_path, monkeypatch):
    import importlib
    import sys

    (tmp_path / "plantpkg").mkdir()
    (tmp_path / "plantpkg" / "__init__.py").write_text("")
    (tmp_path / "plantpkg" / "mod.py").write_text(PLANTED)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("plantpkg", "plantpkg.mod"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return importlib.import_module("plantpkg.mod")


def test_the_fork_server_plants_a_mutant_in_every_reference_to_the_function(tmp_path, monkeypatch):
    from benchmarks.mutant_server import plant

    module = planted_module(tmp_path, monkeypatch)
    alias, box = module.below, module.Box()
    edits = [("n < LIMIT", "n <= LIMIT", 5), ("return 1", "return 2", 11), ("range(2)", "range(3)", 15)]
    edits.append(('return "a"', 'return "b"', 19))
    for before, after, line in edits:
        assert plant(tmp_path, "plantpkg/mod.py", PLANTED, PLANTED.replace(before, after), line) is None
    assert alias(3) and box.size == 2 and module.Box.make() == [0, 1, 2] and box.outer() == "b"


def test_the_fork_server_leaves_to_a_fresh_pytest_what_it_cannot_plant(tmp_path, monkeypatch):
    from benchmarks.mutant_server import plant

    module = planted_module(tmp_path, monkeypatch)
    at_import = plant(tmp_path, "plantpkg/mod.py", PLANTED, PLANTED.replace("LIMIT = 3", "LIMIT = 4"), 1)
    assert at_import == "outside every function" and module.LIMIT == 3
    (other,) = [c for c in compile("def below(n):\n    return n > 0\n", "x", "exec").co_consts if hasattr(c, "co_code")]
    module.below.__code__ = other  # the same name, but no longer the file's code
    changed = plant(tmp_path, "plantpkg/mod.py", PLANTED, PLANTED.replace("n < LIMIT", "n <= LIMIT"), 5)
    assert changed == "below in memory is not the file's"
    assert plant(tmp_path, "plantpkg/other.py", "", "", 1) is None  # not imported: the file on disk is read


def test_a_result_is_kept_until_the_mutant_its_module_or_its_tests_change(tmp_path):
    from benchmarks.mutants import Results

    (mutant,) = [m for m in mutants_of("m.py", b"x = 1 < 2\n") if m.description == "`<` → `<=`"]
    key = Results.key(mutant, b"x = 1 < 2\n", ["t.py::a"], {"t.py": "k1"})
    results = Results(tmp_path)
    results.put("m.py", key, {"outcome": "killed", "killer": "t.py::a", "seconds": 1.0})
    results.put("m.py", "broken", {"outcome": "no tests", "killer": None, "seconds": 0.0})
    results.save()
    again = Results(tmp_path)
    assert again.get("m.py", key) == {"outcome": "killed", "killer": "t.py::a", "seconds": 1.0}
    assert again.get("m.py", "broken") is None and Results(tmp_path, fresh=True).get("m.py", key) is None
    assert key != Results.key(mutant, b"x = 1 < 2\n", ["t.py::a"], {"t.py": "k2"})  # a test file changed
    assert key != Results.key(mutant, b"x = 1 < 2  \n", ["t.py::a"], {"t.py": "k1"})  # the module changed
    assert key != Results.key(mutant, b"x = 1 < 2\n", ["t.py::a", "t.py::b"], {"t.py": "k1"})  # other tests


def test_listed_equivalents_are_out_of_the_score_and_one_a_test_now_catches_is_named(capsys):
    from benchmarks.mutants import Result, report

    mutants = [m for m in mutants_of("m.py", SOURCE) if m.line in (6, 11)]
    listed, caught, survivor, *killed = mutants
    equivalents = {listed.key: "the same either way", caught.key: "thought the same"}
    results = [
        Result(listed, "equivalent", None, 0.0, how="listed"),
        Result(caught, "killed", "t.py::fast", 0.1, how="fork"),
        Result(survivor, "survived", None, 0.1, how="fork"),
        *(Result(m, "killed", "t.py::fast", 0.1, how="fork") for m in killed),
    ]
    report(results, equivalents, 1.0)
    out = capsys.readouterr().out
    survivors, rest = out.split("## Equivalent", 1)
    assert survivor.mutated_line.strip() in survivors and listed.mutated_line.strip() not in survivors
    assert "m.py:" in rest and "the same either way" in rest
    assert "Listed as equivalent, but caught" in rest and caught.mutated_line.strip() in rest.split("but caught")[1]
    scored = len(mutants) - 1  # the listed one not run; the caught one counts as caught
    assert f"{(scored - 1) / scored:.1%}" in out and "1 listed as equivalent and not run" in out


def test_the_fork_server_imports_what_a_child_imported_and_passes_over_what_fails(tmp_path, monkeypatch):
    (tmp_path / "warmed.py").write_text("IMPORTED = True\n")
    (tmp_path / "broken_on_import.py").write_text("raise RuntimeError('no')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("warmed", "broken_on_import"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    warm_up(["broken_on_import", "no_such_module_anywhere", "warmed"])
    assert sys.modules["warmed"].IMPORTED and "broken_on_import" not in sys.modules
