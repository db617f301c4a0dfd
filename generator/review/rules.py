"""The rules for a change (a pull request): compare the data at a base revision with the working tree."""

from __future__ import annotations

import subprocess
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.assignments import task_key
from generator.core.cache import ParseCache
from generator.core.diagnostics import Diagnostic
from generator.core.load import Layout, load_dataset
from generator.core.model import Dataset, Directive, Loc, Registry, Report
from generator.core.report_files import is_report_file
from generator.core.wording import directive_title, short_text, vn_date
from generator.core.yamlio import size_problems

DATA_PATHS = ("agencies.yaml", "directives", "tasks.yaml", "reports")
LEDGER = "tasks.yaml"
_SAID = {"in_progress": "đang thực hiện", "done": "hoàn thành"}


class ReviewError(Exception):
    """The base revision cannot be read (unknown revision, not a git repository)."""


@dataclass(frozen=True)
class Change:
    base: Dataset
    head: Dataset
    changed_paths: tuple[str, ...]
    base_paths: frozenset[str] = frozenset()  # the data files of the base revision


def _git(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    if result.returncode != 0:
        raise ReviewError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} thất bại")
    return result.stdout


def load_change(root: Path, base_rev: str, head: Dataset | None = None, cache: ParseCache | None = None) -> Change:
    """The data at `base_rev` and in the working tree (`head`, if already loaded), and the paths that differ."""
    if head is None:
        head, _diagnostics, _agencies, _groups = load_dataset(root, cache)
    present = _paths(root, "ls-tree", "-r", "--name-only", base_rev, "--", *DATA_PATHS)
    # Without rename detection: a renamed file is its old path deleted and its new path added, both seen.
    changed = _paths(root, "diff", "--no-renames", "--name-only", base_rev, "--")
    changed |= _paths(root, "ls-files", "--others", "--exclude-standard")
    revision = RevisionLayout(root, present, _contents(root, base_rev, sorted(present & changed)))
    base, _diagnostics, _agencies, _groups = load_dataset(revision, cache)
    return Change(base, head, tuple(sorted(changed)), present)


@dataclass(frozen=True)
class RevisionLayout(Layout):
    """The data files as they are at a git revision. Most are the same in the working tree, and are read from there
    (a pull request's check has just parsed them); `contents` holds those that differ, read from git."""

    present: frozenset[str] = frozenset()
    contents: dict[str, bytes] = field(default_factory=dict)

    def directive_files(self) -> list[Path]:
        names = [p for p in self.present if p.startswith("directives/") and p.count("/") == 1]
        return [self.root / p for suffix in (".yaml", ".yml") for p in sorted(n for n in names if n.endswith(suffix))]

    def report_files(self) -> list[Path]:
        return [self.root / p for p in sorted(p for p in self.present if p.startswith("reports/"))]

    def exists(self, path: Path) -> bool:
        return self.name(path) in self.present

    def read(self, path: Path) -> tuple[bytes | None, list[Diagnostic]]:
        name = self.name(path)
        if name not in self.contents:
            return super().read(path)
        data = self.contents[name]
        problems = size_problems(len(data), name, self.limit(path))
        return (None, problems) if problems else (data, [])


def _paths(root: Path, *args: str) -> frozenset[str]:
    return frozenset(p for p in _git(root, *args[:1], "-z", *args[1:]).decode("utf-8").split("\0") if p)


def _contents(root: Path, rev: str, paths: list[str]) -> dict[str, bytes]:
    """The bytes of `paths` at `rev`, read by one `git cat-file --batch`."""
    if not paths:
        return {}
    request = "".join(f"{rev}:{p}\n" for p in paths).encode("utf-8")
    result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=request, capture_output=True)
    if result.returncode != 0:
        raise ReviewError(result.stderr.decode("utf-8", "replace").strip() or "git cat-file thất bại")
    out, at, contents = result.stdout, 0, {}
    for path in paths:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split(b" ")  # "<sha> blob <size>", or "<name> missing"
        if len(header) != 3 or header[1] != b"blob":
            raise ReviewError(f"Không đọc được {rev}:{path} ({out[at:header_end].decode('utf-8', 'replace')})")
        size = int(header[2])
        contents[path] = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
    return contents


# -- the rules --------------------------------------------------------------------------------------------


def is_maintainer(registry: Registry, author: str, teams: tuple[str, ...]) -> bool:
    return author in registry.maintainers or any(team in registry.maintainers for team in teams)


def check_change(change: Change, author: str, teams: tuple[str, ...] = ()) -> list[Diagnostic]:
    maintainer = is_maintainer(change.base.registry, author, teams)
    found = list(_merged_reports_touched(change))
    if not maintainer:
        found += _outside_ledger(change.changed_paths, change.base_paths, author)
    kept, new = _split_reports(change.base.reports, change.head.reports)
    found += kept
    if not maintainer:
        found += _not_own(new, change.base.registry, author, teams)
    found += _deadlines_rewritten(change.base, change.head)
    return found


def _merged_reports_touched(change: Change) -> Iterator[Diagnostic]:
    """A report file of the base revision is never modified, renamed or deleted, by anyone."""
    for path in change.changed_paths:
        if is_report_file(path) and path in change.base_paths:
            yield Diagnostic(
                path,
                1,
                1,
                "P020",
                f"Tệp báo cáo `{path}` đã được hợp nhất nên không được sửa, đổi tên hay xóa. Muốn đính chính thì gửi "
                "một báo cáo mới (tệp mới); báo cáo cũ vẫn được giữ trong lịch sử.",
            )


def _outside_ledger(paths: tuple[str, ...], base_paths: frozenset[str], author: str) -> Iterator[Diagnostic]:
    for path in paths:
        if path != LEDGER and not (is_report_file(path) and path not in base_paths):
            yield Diagnostic(
                path,
                1,
                1,
                "P003",
                f"`{author}` không phải cán bộ Văn phòng (maintainers) nên chỉ được thêm tệp báo cáo mới; "
                f"thay đổi `{path}` cần Văn phòng UBND tỉnh thực hiện.",
            )


def _content(report: Report) -> tuple:
    """A report without its position: what must stay the same from one revision to the next."""
    return (
        report.task,
        report.agency,
        report.date,
        report.status,
        report.completed,
        report.note,
        report.blocked,
        report.difficulties,
        report.proposals,
        report.evidence,
        report.extension_request,
    )


def _split_reports(base: tuple[Report, ...], head: tuple[Report, ...]) -> tuple[list[Diagnostic], list[Report]]:
    """Match the base reports, in order, inside the head's; what is missing was deleted or rewritten."""
    if head[: len(base)] == base:  # reports only appended, as the rules ask: nothing to search for
        return [], list(head[len(base) :])
    positions: dict[tuple, list[int]] = defaultdict(list)
    for i, report in enumerate(head):
        positions[_content(report)].append(i)
    lost, used, cursor = [], set(), 0
    for report in base:
        candidates = positions.get(_content(report), [])
        k = bisect_left(candidates, cursor)
        if k == len(candidates):
            lost.append(_lost(report, head[cursor] if cursor < len(head) else None))
            continue
        used.add(candidates[k])
        cursor = candidates[k] + 1
    return lost, [r for i, r in enumerate(head) if i not in used]


def _lost(report: Report, near: Report | None) -> Diagnostic:
    where = near.loc if near else Loc(LEDGER, 1)
    return Diagnostic(
        LEDGER,
        where.line,
        1,
        "P001",
        f"Báo cáo cũ (dòng {report.loc.line} ở nhánh gốc: {report.agency}, {report.task}, ngày "
        f"{vn_date(report.date)}) đã bị xóa hoặc sửa. Không sửa, không xóa báo cáo đã có; "
        "muốn đính chính thì thêm một báo cáo mới ở cuối tệp.",
    )


def _not_own(new: list[Report], registry: Registry, author: str, teams: tuple[str, ...]) -> Iterator[Diagnostic]:
    for report in new:
        agency = registry.agencies.get(report.agency)
        allowed = agency.github if agency else ()
        if author in allowed or any(team in allowed for team in teams):
            continue
        yield Diagnostic(
            report.loc.file,
            report.loc.line,
            report.loc.col,
            "P002",
            f"Tài khoản GitHub `{author}` không thuộc đơn vị `{report.agency}` nên không được báo cáo nhiệm vụ "
            f"`{report.task}` thay đơn vị này. Chỉ báo cáo nhiệm vụ của đơn vị mình; nếu bạn là cán bộ của "
            "đơn vị, đề nghị Văn phòng thêm tài khoản vào `github:` của đơn vị trong agencies.yaml.",
        )


def _deadlines(dataset: Dataset) -> dict[str, tuple]:
    """Item key -> (original deadline, extensions without positions, where the deadline is written)."""
    found = {}
    for directive in dataset.directives:
        for task in directive.tasks:
            parts = [(d.id, d.deadline, d.extensions, d.loc) for d in task.deliverables]
            for part_id, deadline, extensions, loc in parts or [(None, task.deadline, task.extensions, task.loc)]:
                kept = tuple((e.deadline, e.approved_on, e.document, e.note) for e in extensions)
                found[task_key(directive.id, task.id, part_id)] = (deadline, kept, loc)
    return found


def _deadlines_rewritten(base: Dataset, head: Dataset) -> Iterator[Diagnostic]:
    after = _deadlines(head)
    for key, (deadline, extensions, _loc) in _deadlines(base).items():
        if key not in after:
            continue
        new_deadline, new_extensions, loc = after[key]
        if new_deadline != deadline or new_extensions[: len(extensions)] != extensions:
            yield Diagnostic(
                loc.file,
                loc.line,
                loc.col,
                "P004",
                f"Hạn của `{key}` đã bị sửa trực tiếp (trước: {vn_date(deadline, 'không có hạn')}). "
                "Giữ nguyên `deadline` và các lần gia hạn cũ; hạn mới được ghi thành một mục mới trong `extensions:`.",
            )


# -- the summary ------------------------------------------------------------------------------------------


def summarize(change: Change) -> str:
    """What the change does, in plain Vietnamese Markdown, for the pull request's job summary."""
    lines = ["## Thay đổi trong yêu cầu hợp nhất (pull request)", ""]
    lines += _report_lines(change)
    lines += _directive_lines(change)
    if len(lines) == 2:
        lines.append("Không có báo cáo, văn bản hay thời hạn nào thay đổi.")
    return "\n".join(lines) + "\n"


def _report_lines(change: Change) -> list[str]:
    _lost, new = _split_reports(change.base.reports, change.head.reports)
    latest = {(r.task, r.agency): r.status.value for r in change.base.reports}
    names = change.head.registry
    lines = []
    for r in new:
        before = _SAID.get(latest.get((r.task, r.agency), ""), "chưa có báo cáo")
        name = names.display_name(r.agency) if r.agency in names.agencies or r.agency in names.groups else r.agency
        blocked = "; có khó khăn, vướng mắc" if r.blocked else ""
        lines.append(f"- {name}: nhiệm vụ `{r.task}`: {before} → {_SAID[r.status.value]}, {vn_date(r.date)}{blocked}")
        latest[r.task, r.agency] = r.status.value
    return lines


def _directive_lines(change: Change) -> list[str]:
    before = {d.id: d for d in change.base.directives}
    lines = []
    for directive in change.head.directives:
        if directive.id not in before:
            lines.append(f"- Văn bản mới: {_describe(directive)}, {len(directive.tasks)} nhiệm vụ")
    old = _deadlines(change.base)
    for key, (_deadline, extensions, _loc) in _deadlines(change.head).items():
        if key in old and len(extensions) > len(old[key][1]):
            previous = old[key][1][-1][0] if old[key][1] else old[key][0]
            lines.append(f"- Gia hạn `{key}`: {vn_date(previous)} → {vn_date(extensions[-1][0])}")
    return lines


def _describe(directive: Directive) -> str:
    return short_text(directive_title(directive))
