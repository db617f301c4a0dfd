"""Every error code of FORMAT.md has a test that fails without its rule: a test asserts on the code, or a table of
cases that a parametrized test checks names it. (tests/test_docs.py checks the other way: every code the code
emits is documented.)"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

_TABLE_ROW = re.compile(r"^\| `([YSRP]\d{3})` \|", re.M)


def documented_codes() -> list[str]:
    return _TABLE_ROW.findall((REPO / "FORMAT.md").read_text("utf-8"))


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _parametrized_names(tree: ast.Module) -> set[str]:
    """Names passed to `pytest.mark.parametrize`: the tables of cases a test runs."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "parametrize":
            found |= {n.id for arg in node.args for n in ast.walk(arg) if isinstance(n, ast.Name)}
    return found


def asserted_strings(path: Path, tables: set[str]) -> list[str]:
    """The strings a test file asserts on, and those of the case tables that parametrized tests (anywhere) run."""
    tree = ast.parse(path.read_text("utf-8"))
    found = [s for node in ast.walk(tree) if isinstance(node, ast.Assert) for s in _strings(node)]
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in tables for t in node.targets):
            found += _strings(node.value)
    return found


def test_every_documented_code_is_asserted_by_a_test():
    files = [p for p in (REPO / "tests").rglob("test_*.py") if p.name != Path(__file__).name]
    tables = set().union(*(_parametrized_names(ast.parse(p.read_text("utf-8"))) for p in files))
    asserted = " ".join(s for p in files for s in asserted_strings(p, tables))
    codes = documented_codes()
    assert len(codes) >= 30  # the table was read
    untested = [code for code in codes if not re.search(rf"\b{code}\b", asserted)]
    assert untested == []
