"""A pull request that only adds reports (new report files, or whole reports appended to the ledger), checked on
what those reports touch.

Most pull requests add one report. The full check reads every file of both revisions (85,000 report files, or a
ledger of 20 MB, at national size) to judge one. What the rules about a new report read is small: the registry (its
agency and that agency's accounts), the directive of its task (the task and who is assigned it), the earlier report
files of that task (to tell a new report from an old one), and the report files' own naming rules. So when that is
all the change does, only those files are read from git objects, and the same load, the same checks and the same
rules (`check_repository`, `check_change`) run on them. Anything else (a directive, the registry, any other edit of
the ledger, a deletion, a link, a task that names no directive of the base) takes the full check.

The ledger's earlier reports are not read at all: the base's ledger stands as an empty one in both revisions. No
check of a report reads another, and the rules match each earlier report of the ledger to itself, whatever follows:
the head's ledger starts with the base's, byte for byte, and the ledger's reports come before the report files'.
Reports appended to it are read as a ledger of their own, on the lines and at the places in the list they have in
the head (`ledger_load.appended`): each report of the ledger is read on its own anyway (an anchor or alias, which
would tie one to another, is refused anywhere).

What it reports is what the full check reports less what the base's own check reports (a problem the base already
had is the base's: the publishing job checks every commit of `main`), so on a base that passes its check, exactly the
same. The base files it reads are the same bytes in both revisions, so their own messages come out of both and are
taken away. Two things it cannot see from so few files: a directive file of the base that gives itself another
directive's id (R005 on the base), and a base report filed under another task's folder (R020), which a new report
could then repeat. Where a new report repeats an earlier report file word for word it takes the full check: the
rules may then match the old one to the new report, and place their messages there. `tests/review/test_scoped.py`
compares both on real repositories.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.core import ledger_load
from generator.core.assignments import task_key
from generator.core.cache import ParseCache
from generator.core.checks import check_repository
from generator.core.diagnostics import Diagnostic
from generator.core.load import LEDGER, load_report_files
from generator.core.model import Dataset, Report
from generator.core.report_files import FOLDER, is_report_file
from generator.core.yamlio import LEDGER_MAX_BYTES
from generator.review.git import FILE_MODES, Change, RevisionLayout, git, objects
from generator.review.rules import Context, check_change, report_content

REGISTRY = "agencies.yaml"
_FILE = "|".join(FILE_MODES)
_ADDED = re.compile(rf"^:000000 (?:{_FILE}) 0{{40}} ([0-9a-f]{{40}}) A$")
_MODIFIED = re.compile(rf"^:(?:{_FILE}) (?:{_FILE}) ([0-9a-f]{{40}}) ([0-9a-f]{{40}}) M$")
# A task id that can be named to git as a folder: no pathspec magic, no `..`, nothing git would read otherwise.
_SAFE_TASK = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*)+$")
_EMPTY_LEDGER = b"reports: []\n"


def check_added_reports(root: Path, base_rev: str, head_rev: str, context: Context) -> list[Diagnostic] | None:
    """The full check's diagnostics of a change that only adds reports, read from git objects only; None when the
    change is anything else, or when only the full check can say."""
    changed = _changed(root, base_rev, head_rev)
    if changed is None or _linked(root):
        return None
    added, ledger = changed
    cache = ParseCache()  # in memory: the base's files are parsed again for the head
    if ledger is not None:
        base_ledger, head_ledger = objects(root, list(ledger), head_rev)
        if len(head_ledger) > LEDGER_MAX_BYTES:  # the full check refuses it (Y006)
            return None
        appended = ledger_load.appended(base_ledger, head_ledger, LEDGER)
        if appended is None:
            return None
        new_files = {LEDGER: appended.text}
        new_reports = ledger_load.load_ledger(appended.text, LEDGER, [], cache)  # kept there for the head's load
    else:
        new_files = dict(zip(added, objects(root, list(added.values()), head_rev), strict=True))
        appended = None
        new_reports = load_report_files(RevisionLayout(root, frozenset(new_files), new_files, strict=True), [], cache)
    tasks = {report.task for report in new_reports}
    if not all(_SAFE_TASK.match(task) for task in tasks):
        return None
    base_layout = _base_files(root, base_rev, tasks)
    if base_layout is None:
        return None
    base, base_found = check_repository(base_layout, cache)
    head_layout = RevisionLayout(
        root, base_layout.present | frozenset(new_files), base_layout.contents | new_files, strict=True
    )
    head, head_found = check_repository(head_layout, cache)
    new = [report for report in head.reports if report.loc.file in new_files]
    if not _within(new, base):
        return None
    if appended is not None:
        head_found = appended.placed(head_found)
    known = set(base_found)
    change = Change(base, head, tuple(sorted(new_files)), base_layout.present)
    return [d for d in head_found if d not in known] + check_change(change, context)


def _changed(root: Path, base_rev: str, head_rev: str) -> tuple[dict[str, str], tuple[str, str] | None] | None:
    """What the change does, if it only adds report files (path -> git object id of each) or only modifies the ledger
    (its base and head object ids), all of them regular files; else None (nothing changed included)."""
    out = git(root, "diff", "--no-renames", "--raw", "--no-abbrev", "-z", base_rev, head_rev, "--").decode("utf-8")
    fields = out.split("\0")
    added: dict[str, str] = {}
    ledger = None
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        is_added, is_modified = _ADDED.match(meta), _MODIFIED.match(meta)
        if is_added and is_report_file(path):
            added[path] = is_added[1]
        elif is_modified and path == LEDGER:
            ledger = (is_modified[1], is_modified[2])
        else:
            return None
    return (added, ledger) if bool(added) != bool(ledger) else None  # one or the other


def _linked(root: Path) -> bool:
    """A data folder of the checkout that is a link: the full check reads no file in it, and says so."""
    return any((root / folder).is_symlink() for folder in ("directives", FOLDER))


def _base_files(root: Path, rev: str, tasks: set[str]) -> RevisionLayout | None:
    """The base's registry, the directive of each task and each task's earlier report files, those of them that
    exist, and its ledger as an empty one; None if the registry or the ledger is missing, or any of them is not a
    regular file."""
    directives = {f"directives/{task.split('/')[0]}{suffix}" for task in tasks for suffix in (".yaml", ".yml")}
    folders = {f"{FOLDER}/{task}" for task in tasks}
    specs = [REGISTRY, LEDGER, *sorted(directives), *sorted(f"{folder}/" for folder in folders)]
    listing = git(root, "--literal-pathspecs", "ls-tree", "-z", rev, "--", *specs).decode("utf-8")
    wanted: dict[str, str] = {}
    for entry in filter(None, listing.split("\0")):
        meta, _, name = entry.partition("\t")  # "<mode> <type> <object id>\t<path>"
        mode, kind, oid = meta.split(" ")
        if kind == "tree" and name.rpartition("/")[0] in folders:
            continue  # another task's folder (`1.1/ca-nam` inside `1.1`)
        if mode not in FILE_MODES:
            return None
        wanted[name] = oid
    if not {REGISTRY, LEDGER} <= wanted.keys():
        return None
    names = sorted(wanted.keys() - {LEDGER})
    read = dict(zip(names, objects(root, [wanted[name] for name in names], rev), strict=True))
    return RevisionLayout(root, frozenset(wanted), read | {LEDGER: _EMPTY_LEDGER}, strict=True)


def _within(new: list[Report], base: Dataset) -> bool:
    """Whether each new report names a task of the directives read, and repeats no earlier report: the two cases
    whose messages depend on files the scoped check did not read (the nearest task ids over every directive; which
    of two equal reports the rules call new)."""
    keys = {task_key(directive.id, task.id) for directive in base.directives for task in directive.tasks}
    earlier = {report_content(report) for report in base.reports}
    return all("/".join(r.task.split("/")[:2]) in keys and report_content(r) not in earlier for r in new)
