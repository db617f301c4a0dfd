"""A pull request that only adds report files, checked on what those files touch.

Most pull requests add one report. The full check reads every file of both revisions (85,000 report files at
national size) to judge one. What the rules about a new report read is small: the registry (its agency and that
agency's accounts), the directive of its task (the task and who is assigned it), the ledger and the earlier
reports of that task (to tell a new report from an old one), and the report files' own naming rules. So when
every path the change touches is a new report file, only those files are read from git objects, and the same
load, the same checks and the same rules (`check_repository`, `check_change`) run on them. Anything else (a
directive, the registry, the ledger, a deletion or edit, a link, a task that names no directive of the base) takes
the full check.

What it reports is what the full check reports less what the base's own check reports (a problem the base already
had is the base's: the publishing job checks every commit of `main`), so on a base that passes its check, exactly the
same. The base files it reads are the same bytes in both revisions, so their own messages (a ledger report whose
directive was not read, say) come out of both and are taken away. Two things it cannot see from so few files: a
directive file of the base that gives itself another directive's id (R005 on the base), and a base report filed
under another task's folder (R020), which a new report could then repeat. Where a new report repeats an earlier one
word for word it takes the full check: the rules then match the old one to the new file, and place their messages
there. `tests/review/test_scoped.py` compares both on real repositories.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.core.assignments import task_key
from generator.core.cache import ParseCache
from generator.core.checks import check_repository
from generator.core.diagnostics import Diagnostic
from generator.core.load import LEDGER, load_report_files
from generator.core.model import Dataset, Report
from generator.core.report_files import FOLDER, is_report_file
from generator.review.git import Change, RevisionLayout, git, objects
from generator.review.rules import Context, check_change, report_content

REGISTRY = "agencies.yaml"
_ADDED = re.compile(r"^:000000 (100644|100755) 0{40} ([0-9a-f]{40}) A$")
# A task id that can be named to git as a folder: no pathspec magic, no `..`, nothing git would read otherwise.
_SAFE_TASK = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*)+$")


def check_added_reports(root: Path, base_rev: str, head_rev: str, context: Context) -> list[Diagnostic] | None:
    """The full check's diagnostics of a change that only adds report files, read from git objects only; None
    when the change is anything else, or when only the full check can say."""
    added = added_report_files(root, base_rev, head_rev)
    if not added or _linked(root):
        return None
    cache = ParseCache()  # in memory: the base's files are parsed again for the head
    read = objects(root, list(added.values()), head_rev)
    new_layout = RevisionLayout(root, frozenset(added), dict(zip(added, read, strict=True)), strict=True)
    tasks = {report.task for report in load_report_files(new_layout, [], cache)}
    if not all(_SAFE_TASK.match(task) for task in tasks):
        return None
    base_layout = _base_files(root, base_rev, tasks)
    if base_layout is None:
        return None
    base, base_found = check_repository(base_layout, cache)
    head_layout = RevisionLayout(
        root, base_layout.present | new_layout.present, base_layout.contents | new_layout.contents, strict=True
    )
    head, head_found = check_repository(head_layout, cache)
    new = [report for report in head.reports if report.loc.file in added]
    if not _within(new, base):
        return None
    known = set(base_found)
    change = Change(base, head, tuple(sorted(added)), base_layout.present)
    return [d for d in head_found if d not in known] + check_change(change, context)


def added_report_files(root: Path, base_rev: str, head_rev: str) -> dict[str, str] | None:
    """Path -> git object id of each file the change adds, if it adds only report files (regular files) and
    changes nothing else; else None."""
    out = git(root, "diff", "--no-renames", "--raw", "--no-abbrev", "-z", base_rev, head_rev, "--").decode("utf-8")
    fields = out.split("\0")
    added = {}
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        match = _ADDED.match(meta)
        if match is None or not is_report_file(path):
            return None
        added[path] = match[2]
    return added


def _linked(root: Path) -> bool:
    """A data folder of the checkout that is a link: the full check reads no file in it, and says so."""
    return any((root / folder).is_symlink() for folder in ("directives", FOLDER))


def _base_files(root: Path, rev: str, tasks: set[str]) -> RevisionLayout | None:
    """The base's registry, ledger, the directive of each task and each task's earlier report files, those of them
    that exist; None if the registry or the ledger is missing, or any of them is not a regular file."""
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
        if mode not in ("100644", "100755"):
            return None
        wanted[name] = oid
    if not {REGISTRY, LEDGER} <= wanted.keys():
        return None
    names = sorted(wanted)
    read = objects(root, [wanted[name] for name in names], rev)
    return RevisionLayout(root, frozenset(names), dict(zip(names, read, strict=True)), strict=True)


def _within(new: list[Report], base: Dataset) -> bool:
    """Whether each new report names a task of the directives read, and repeats no earlier report: the two cases
    whose messages depend on files the scoped check did not read (the nearest task ids over every directive; which
    of two equal reports the rules call new)."""
    keys = {task_key(directive.id, task.id) for directive in base.directives for task in directive.tasks}
    earlier = {report_content(report) for report in base.reports}
    return all("/".join(r.task.split("/")[:2]) in keys and report_content(r) not in earlier for r in new)
