"""The parse cache's code version: entries written by other code are dropped, whichever wing the change was in."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.core import cache
from generator.core.cache import ParseCache


def copy_package(target: Path) -> Path:
    shutil.copytree(cache.PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_the_version_is_that_of_the_sources_wherever_they_lie(tmp_path):
    assert cache._code_version(copy_package(tmp_path / "generator")) == cache._code_version()


def test_editing_a_module_of_any_wing_changes_the_version(tmp_path):
    package = copy_package(tmp_path / "generator")
    seen = {cache._code_version(package)}
    subpackages = sorted(p.parent.name for p in package.glob("*/__init__.py"))
    assert {"core", "site", "remind", "review", "importer", "mkdocs_plugin"} <= set(subpackages)
    for name in subpackages:
        module = sorted((package / name).glob("*.py"))[-1]
        original = module.read_bytes()
        module.write_bytes(original + b"\n# edited\n")
        seen.add(cache._code_version(package))
        module.write_bytes(original)
    assert len(seen) == 1 + len(subpackages)
    assert cache._code_version(package) in seen  # restored: the version it had


def test_a_module_added_or_moved_changes_the_version(tmp_path):
    package = copy_package(tmp_path / "generator")
    before = cache._code_version(package)
    (package / "site" / "extra.py").write_text("X = 1\n", "utf-8")
    added = cache._code_version(package)
    (package / "site" / "extra.py").rename(package / "remind" / "extra.py")
    moved = cache._code_version(package)
    assert len({before, added, moved}) == 3


def test_entries_of_another_code_version_are_dropped(tmp_path, monkeypatch):
    path = tmp_path / "parsed.sqlite"
    first = ParseCache(path)
    first.put("key", ("value", []))
    first.save()
    assert ParseCache(path).get("key") == ("value", [])
    monkeypatch.setattr(cache, "_code_version", lambda package=cache.PACKAGE: "other code")
    assert ParseCache(path).get("key") is None
