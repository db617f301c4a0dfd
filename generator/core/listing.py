"""The files of `reports/`, listed in groups that can be listed apart (and parsed apart, see `forked`).

Files are named as the repository names them (`reports/…`), joined as text: a `Path` for each of 90,000 files, and
its conversion back to the repository's name, cost as much as listing them. Listed folder by folder, a group at a
time, they come out as one sort of all their names would give them: a folder's files sort after `name/`, so each
top-level entry is placed by that key (`a.b/…` before `a/…` before `a0`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import partial

GROUPS = 256  # groups of the report files' listing: enough for two processes to end together


def _report_units(root: str, folder: str) -> Iterator[tuple[str, bool, str]]:
    """Each entry of `folder` as (sort key, whether to walk it, name). A folder's files sort after `name/`: listed
    folder by folder in that order, the files come out in the order of their whole names."""
    for is_folder, name, base in _entries(root, folder):
        yield (base + "/", True, name) if is_folder else (base, False, name)


def _entries(root: str, folder: str) -> Iterator[tuple[bool, str, str]]:
    """(whether to walk it, name, base name) of each entry of the folder `root/folder` to list: what `os.walk`
    would walk or list, at a fraction of its cost. A link is listed, whatever it points at, so that reading it
    refuses it (a folder of reports linked from outside the repository would otherwise be read, or be left out
    without a word)."""
    try:
        entries = list(os.scandir(os.path.join(root, folder)))
    except OSError:  # as os.walk: a folder that cannot be listed is passed over
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        base = entry.name
        if is_dir and not entry.is_symlink():
            yield True, f"{folder}/{base}", base
        elif is_dir or base != ".gitkeep":
            yield False, f"{folder}/{base}", base


def _files_below(root: str, folder: str, found: list[str]) -> None:
    for is_folder, name, _base in _entries(root, folder):
        if is_folder:
            _files_below(root, name, found)
        else:
            found.append(name)


def _listed(root: str, units: list[tuple[str, bool, str]]) -> list[str]:
    found: list[str] = []
    for _key, walk, name in units:
        if not walk:
            found.append(name)
            continue
        below: list[str] = []
        _files_below(root, name, below)
        found += sorted(below)
    return found


def listed_in_groups(root: str, folder: str) -> list[Callable[[], list[str]]]:
    """The names (`folder/…`) of the files under `root/folder`, in consecutive groups of its top-level entries, each
    listed when called."""
    units = sorted(_report_units(root, folder))
    size = max(1, -(-len(units) // GROUPS))  # an empty folder: no group
    return [partial(_listed, root, units[at : at + size]) for at in range(0, len(units), size)]
