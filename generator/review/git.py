"""Reading a change from git: the data at two revisions, the paths that differ, and who made each commit.

In CI the rules run from the base branch's code, and the pull request's files are data: with `head_rev` every
file of both revisions is read from git objects (`git cat-file`), never from a checkout of the pull request, so
nothing the pull request holds is imported, installed or run. Without `head_rev` (a person checking their own
change) the head is the working tree.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

from generator.core.cache import ParseCache
from generator.core.clock import VIETNAM
from generator.core.diagnostics import Diagnostic
from generator.core.limits import NO_LINKS
from generator.core.load import Layout, load_dataset
from generator.core.model import Dataset
from generator.core.yamlio import NOT_A_FILE, size_problems

DATA_PATHS = ("agencies.yaml", "directives", "tasks.yaml", "reports")
FILE_MODES = ("100644", "100755")  # git's modes of a regular file
_LINK = "120000"
GROUP = 64  # report files listed, and parsed, together (see `load.Layout.report_groups`)


class ReviewError(Exception):
    """A revision cannot be read (unknown revision, not a git repository)."""


@dataclass(frozen=True)
class Commit:
    """One commit of a change, and the GitHub account that made it where that can be told (None otherwise)."""

    sha: str
    email: str
    login: str | None


@dataclass(frozen=True)
class Change:
    base: Dataset
    head: Dataset
    changed_paths: tuple[str, ...]
    base_paths: frozenset[str] = frozenset()  # the data files of the base revision


def git(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    if result.returncode != 0:
        raise ReviewError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} thất bại")
    return result.stdout


@dataclass(frozen=True)
class RevisionLayout(Layout):
    """The data files as they are at a git revision. `contents` holds the files read from git; any other file is
    read from the working tree, unless `strict`, when a file git did not give is an error (never the checkout's)."""

    present: frozenset[str] = frozenset()
    contents: dict[str, bytes] = field(default_factory=dict)
    strict: bool = False
    blobs: dict[str, str] = field(default_factory=dict)  # path -> git object id, of what `contents` holds
    # Paths git holds as something other than a file: a link (120000, whose object is the path it names) or another
    # repository (160000). Refused as the working tree's check refuses them, never read as data.
    special: dict[str, str] = field(default_factory=dict)  # path -> git's mode

    def directive_names(self) -> list[str]:
        names = [p for p in self.present if p.startswith("directives/") and p.count("/") == 1]
        return [p for suffix in (".yaml", ".yml") for p in sorted(n for n in names if n.endswith(suffix))]

    def report_names(self) -> list[str]:
        return sorted(p for p in self.present if p.startswith("reports/"))

    def report_groups(self) -> list[Callable[[], list[str]]]:
        names = self.report_names()
        return [partial(list, names[at : at + GROUP]) for at in range(0, len(names), GROUP)]

    def exists(self, name: str) -> bool:
        return name in self.present

    def read(self, name: str) -> tuple[bytes | None, list[Diagnostic]]:
        if name in self.special:
            target = self.contents.get(name, b"").decode("utf-8", "replace")
            message = NO_LINKS.format(target=target) if self.special[name] == _LINK else NOT_A_FILE
            return None, [Diagnostic(name, 1, 1, "Y000", message)]
        if name not in self.contents:
            if self.strict:
                raise ReviewError(f"{name} không có trong bản đã đọc từ git")
            return super().read(name)
        data = self.contents[name]
        problems = size_problems(len(data), name, self.limit(name))
        return (None, problems) if problems else (data, [])


def revision_layout(root: Path, rev: str, like: RevisionLayout | None = None) -> RevisionLayout:
    """Every data file at `rev`, read from git objects only. With `like` (another revision's layout, such as a
    pull request's head), a file both revisions hold as the same git object is taken from it, not read again: a
    pull request changes a few of 90,000 files."""
    blobs, special, present = {}, {}, set()
    for entry in git(root, "ls-tree", "-r", "-z", rev, "--", *DATA_PATHS).decode("utf-8").split("\0"):
        if entry:
            meta, _, name = entry.partition("\t")  # "<mode> <type> <object id>\t<path>"
            mode, kind, oid = meta.split(" ")
            present.add(name)
            if mode not in FILE_MODES:
                special[name] = mode
            if kind == "blob":  # a link's too, to say what it names
                blobs[name] = oid
    shared: dict[str, bytes] = {}
    if like is not None:
        shared = {name: like.contents[name] for name, oid in blobs.items() if like.blobs.get(name) == oid}
    wanted = sorted(name for name in blobs if name not in shared)
    found = shared | dict(zip(wanted, objects(root, [blobs[name] for name in wanted], rev), strict=True))
    return RevisionLayout(root, frozenset(present), found, strict=True, blobs=blobs, special=special)


def load_change(
    root: Path,
    base_rev: str,
    head: Dataset | None = None,
    cache: ParseCache | None = None,
    head_rev: str | None = None,
    head_layout: RevisionLayout | None = None,
) -> Change:
    """The data at `base_rev` and at `head_rev` (or in the working tree: `head`, if already loaded, from
    `head_layout` if given), and the paths that differ. Renames are not followed: a renamed file is its old path
    deleted and its new path added, so a rule about the old path always sees it go."""
    if head_rev is not None:
        changed = paths(root, "diff", "--no-renames", "--name-only", base_rev, head_rev, "--")
        if head is None or head_layout is None:
            head_layout = revision_layout(root, head_rev)
            head = load_dataset(head_layout, cache)[0] if head is None else head
        base_layout = revision_layout(root, base_rev, like=head_layout)
        base = load_dataset(base_layout, cache)[0]
        return Change(base, head, tuple(sorted(changed)), base_layout.present)
    if head is None:
        head = load_dataset(root, cache)[0]
    present = paths(root, "ls-tree", "-r", "--name-only", base_rev, "--", *DATA_PATHS)
    changed = paths(root, "diff", "--no-renames", "--name-only", base_rev, "--")
    changed |= paths(root, "ls-files", "--others", "--exclude-standard")
    # Files the change leaves alone are read from the working tree (the check has just parsed them).
    revision = RevisionLayout(root, present, contents(root, base_rev, sorted(present & changed)))
    base = load_dataset(revision, cache)[0]
    return Change(base, head, tuple(sorted(changed)), present)


def paths(root: Path, *args: str) -> frozenset[str]:
    return frozenset(p for p in git(root, *args[:1], "-z", *args[1:]).decode("utf-8").split("\0") if p)


def contents(root: Path, rev: str, names: list[str]) -> dict[str, bytes]:
    """The bytes of `names` at `rev`."""
    return dict(zip(names, objects(root, [f"{rev}:{p}" for p in names], rev), strict=True))


def objects(root: Path, names: list[str], rev: str) -> list[bytes]:
    """The bytes of git objects (ids, or `rev:path`), read by one `git cat-file --batch`. Ask by id where it is
    known: git finds `rev:path` by walking trees, 85,000 times over for a revision's report files."""
    if not names:
        return []
    request = "".join(f"{name}\n" for name in names).encode("utf-8")
    result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=request, capture_output=True)
    if result.returncode != 0:
        raise ReviewError(result.stderr.decode("utf-8", "replace").strip() or "git cat-file thất bại")
    out, at, found = result.stdout, 0, []
    for name in names:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split(b" ")  # "<sha> blob <size>", or "<name> missing"
        if len(header) != 3 or header[1] != b"blob":
            raise ReviewError(f"Không đọc được {name} của {rev} ({out[at:header_end].decode('utf-8', 'replace')})")
        size = int(header[2])
        found.append(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1
    return found


def commit_day(root: Path, rev: str) -> date:
    """The day, in Vietnam, `rev` was committed (its committer date)."""
    stamp = git(root, "show", "-s", "--format=%cI", rev, "--").decode().strip()
    return datetime.fromisoformat(stamp).astimezone(VIETNAM).date()


# GitHub's private commit e-mail: `ID+login@users.noreply.github.com` (or `login@…` for older accounts).
_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))@users\.noreply\.github\.com$")


def login_of(email: str) -> str | None:
    match = _NOREPLY.match(email.strip())
    return match.group(1).lower() if match else None


def commits(root: Path, base_rev: str, head_rev: str) -> list[Commit]:
    """The commits of a change (reachable from `head_rev`, not from `base_rev`), with the author's login where the
    author's e-mail is GitHub's private commit address."""
    out = git(root, "log", "--format=%H%x00%ae", f"{base_rev}..{head_rev}", "--").decode("utf-8")
    found = []
    for line in out.splitlines():
        sha, _, email = line.partition("\0")
        found.append(Commit(sha, email, login_of(email)))
    return found
