"""The house's rules, read off the source: wings use the core, never each other; modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"
WINGS = {"site", "mkdocs_plugin", "review", "remind", "importer", "federate"}
ADAPTS = {"mkdocs_plugin": "site"}  # the site's MkDocs adapter is the site's own part that knows MkDocs
LIMIT = 300  # lines; a longer module says at its top why it is one module


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module if node.level == 0 else "relative:" + node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _part(path: Path) -> str:
    relative = path.relative_to(PACKAGE).parts
    return relative[0] if len(relative) > 1 else "top"


def test_a_wing_imports_the_core_and_never_another_wing():
    crossings = []
    for path in PACKAGE.rglob("*.py"):
        part = _part(path)
        for name in _imports(path):
            assert not name.startswith("relative:"), f"{path}: write imports absolutely ({name})"
            pieces = name.split(".")
            if pieces[0] != "generator" or len(pieces) < 2:
                continue
            target = pieces[1]
            if part == "core" and target != "core":
                crossings.append(f"{path.relative_to(REPO)} (core) imports {name}")
            elif part in WINGS and target in WINGS and target not in (part, ADAPTS.get(part)):
                crossings.append(f"{path.relative_to(REPO)} ({part}) imports {name}")
    assert crossings == []


def test_only_the_mkdocs_adapter_imports_mkdocs():
    users = {
        str(path.relative_to(REPO))
        for path in PACKAGE.rglob("*.py")
        if any(name.split(".")[0] == "mkdocs" for name in _imports(path))
    }
    assert users and all(user.startswith("generator/mkdocs_plugin/") or "federate" in user for user in users), users


def test_long_modules_say_why():
    unexplained = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8")
        doc = ast.get_docstring(ast.parse(text)) or ""
        if text.count("\n") > LIMIT and "one module" not in doc.lower():
            unexplained.append(f"{path.relative_to(REPO)}: {text.count(chr(10))} lines")
    assert unexplained == []
