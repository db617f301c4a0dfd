"""The files of `reports/`, listed in groups that can be listed apart (and parsed apart, see `forked`).

Listed folder by folder, a group at a time, they come out as one sort of all their paths would give them: a folder's
files sort after `name/`, so each top-level entry is placed by that key (`a.b/…` before `a/…` before `a0`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

GROUPS = 256  # groups of the report files' listing: enough for two processes to end together


def _report_units(folder: str) -> Iterator[tuple[str, bool, str]]:
    """Each entry of `reports/` as (sort key, whether to walk it, path). A folder's files sort after `name/`: listed
    folder by folder in that order, the files come out in the order of their whole paths."""
    for is_folder, path, name in _entries(folder):
        yield (name + "/", True, path) if is_folder else (name, False, path)


def _entries(folder: str) -> Iterator[tuple[bool, str, str]]:
    """(whether to walk it, path, name) of each entry of `folder` to list: what `os.walk` would walk or list, at a
    fraction of its cost. A link is listed, whatever it points at, so that reading it refuses it (a folder of
    reports linked from outside the repository would otherwise be read, or be left out without a word)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # as os.walk: a folder that cannot be listed is passed over
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir and not entry.is_symlink():
            yield True, entry.path, entry.name
        elif is_dir or entry.name != ".gitkeep":
            yield False, entry.path, entry.name


def _files_below(folder: str, found: list[str]) -> None:
    for is_folder, path, _name in _entries(folder):
        if is_folder:
            _files_below(path, found)
        else:
            found.append(path)


def _listed(units: list[tuple[str, bool, str]]) -> list[Path]:
    found: list[str] = []
    for _key, walk, path in units:
        if not walk:
            found.append(path)
            continue
        below: list[str] = []
        _files_below(path, below)
        found += sorted(below)
    return [Path(name) for name in found]


def listed_in_groups(folder: str) -> list[Callable[[], list[Path]]]:
    """The files under `folder`, in consecutive groups of its top-level entries, each listed when called."""
    units = sorted(_report_units(folder))
    size = max(1, -(-len(units) // GROUPS))  # an empty folder: no group
    return [partial(_listed, units[at : at + size]) for at in range(0, len(units), size)]
