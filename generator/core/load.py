"""Read the repository's data files into the model, collecting every problem on the way.

One module for the reading of every kind of data file: the layout, the registry, the directives, the ledger, the
report files and their load in two processes all go through the same reading of one file (`_parsed`) and the same
order of problems, which the tests compare between one process and two.
"""

from __future__ import annotations

import gc
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from generator.core import ledger_load
from generator.core.cache import ParseCache, content_hash
from generator.core.diagnostics import Diagnostic, relative
from generator.core.fields import Fields
from generator.core.forked import shared
from generator.core.listing import GROUPS, listed_in_groups
from generator.core.model import Agency, Dataset, Directive, Group, Registry, Report
from generator.core.parse import (
    parse_directive,
    parse_document,
    parse_registry,
    parse_report_file,
    unfinished_places,
)
from generator.core.report_files import FOLDER, SUFFIX, path_problems
from generator.core.report_text import report_from_text
from generator.core.yamlio import LEDGER_MAX_BYTES, MAX_BYTES, decode, read_file
from generator.core.yvalues import YValue

T = TypeVar("T")

AGENCIES = "agencies.yaml"
DIRECTIVES = "directives"
LEDGER = "tasks.yaml"
REPORT_MAX_BYTES = 256 * 1024  # one report: a note, difficulties, proposals and evidence links, never megabytes


@dataclass(frozen=True)
class Layout:
    """Where the data lives inside a repository. Its data files are named as the repository names them
    (`reports/…`), the name every message and rule uses."""

    root: Path

    @property
    def agencies(self) -> Path:
        return self.root / AGENCIES

    @property
    def directives(self) -> Path:
        return self.root / DIRECTIVES

    @property
    def ledger(self) -> Path:
        return self.root / LEDGER

    @property
    def reports(self) -> Path:
        """The folder of report files, one report each (see `report_files`)."""
        return self.root / FOLDER

    def report_names(self) -> list[str]:
        """Every file under `reports/`, in name order (which is date order within a task): a file that is not
        `.yaml` is listed too, so that it is refused rather than silently left out."""
        return [name for group in self.report_groups() for name in group()]

    def report_groups(self) -> list[Callable[[], list[str]]]:
        """`report_names` in consecutive groups, each listed when called: a group's listing and parsing can be done
        apart from the others' (see `forked`)."""
        if not self.reports.is_dir():
            return []
        return listed_in_groups(str(self.root), FOLDER)

    def directive_names(self) -> list[str]:
        return [
            f"{DIRECTIVES}/{path.name}"
            for suffix in (".yaml", ".yml")
            for path in sorted(self.directives.glob(f"*{suffix}"), key=str)
        ]

    def exists(self, name: str) -> bool:
        return os.path.exists(self._path(name))

    @staticmethod
    def limit(name: str) -> int:
        """The largest a data file may be, by its name in the repository."""
        if name == LEDGER:
            return LEDGER_MAX_BYTES
        return REPORT_MAX_BYTES if name.startswith(f"{FOLDER}/") else MAX_BYTES

    def read(self, name: str) -> tuple[bytes | None, list[Diagnostic]]:
        """A data file's bytes, or why they cannot be read."""
        return read_file(self._path(name), name, self.limit(name))

    def _path(self, name: str) -> str:
        return f"{self.root}/{name}"  # joined as text: three times faster than `os.path.join`, 90,000 times

    def watched(self) -> list[Path]:
        return [self.agencies, self.directives, self.ledger, self.reports]

    def name(self, path: Path) -> str:
        """The repository's name (`reports/…`) of a path under its root."""
        text, root = str(path), str(self.root)
        if root == "." and not path.is_absolute() and not text.startswith(".."):
            return path.as_posix()
        if text.startswith(root + os.sep):
            return text[len(root) + 1 :].replace(os.sep, "/")
        return relative(path, self.root)


FORK_FROM = 64  # groups of report files (`reports/<directive>/` folders) from which two processes load them
FORK_DIRECTIVES = 256  # directives from which they do, whatever else there is (about 70 ms of work)


def _parse_bytes(data: bytes, name: str, parse: Callable[[Fields, YValue], T]) -> tuple[T | None, list[Diagnostic]]:
    text, found = decode(data, name)
    if text is None:
        return None, found
    if parse is parse_report_file:
        report = report_from_text(text, name)  # most report files: the same `Report`, at a fraction of the cost
        if report is not None:
            return cast(T, report), path_problems(report)
    value, found = parse_document(text, name, parse)
    if parse is parse_directive:
        found = found + unfinished_places(text, name, cast(Directive | None, value))
    elif parse is parse_report_file and value is not None:
        found = found + path_problems(cast(Report, value))
    return value, found


def _parsed(
    layout: Layout,
    name: str,
    parse: Callable[[Fields, YValue], T],
    diagnostics: list[Diagnostic],
    cache: ParseCache | None,
) -> T | None:
    """`parse(fields, root)` of one file, or what it gave when the same bytes were parsed before."""
    data, found = layout.read(name)
    if data is None:
        diagnostics.extend(found)
        return None
    if cache is None:  # no key to hash: 90,000 hashes for nothing on a check with `--no-cache`
        value, found = _parse_bytes(data, name, parse)
        diagnostics.extend(found)
        return value
    key = f"{parse.__name__}:{name}:{content_hash(data)}"
    hit: Any = cache.get(key, tuple)
    if hit is None or len(hit) != 2 or not isinstance(hit[1], list):
        hit = _parse_bytes(data, name, parse)
        # A report file is read about as fast as its pickle would be (`report_text`): kept for this process (a
        # pull request's base and head share it), not written, which took 2 of a fresh check's 4.8 s at 20,000 tasks.
        cache.put(key, hit, keep=parse is not parse_report_file)
    value, found = hit
    diagnostics.extend(found)
    return cast(T | None, value)


def build_registry(
    agencies: list[Agency], groups: list[Group], maintainers: tuple[str, ...] = (), auto_merge: bool = False
) -> Registry:
    """Index the registry; duplicates keep the first entry (checks reports the rest)."""
    by_id: dict[str, Agency] = {}
    for agency in agencies:
        by_id.setdefault(agency.id, agency)
    group_by_id: dict[str, Group] = {}
    for group in groups:
        group_by_id.setdefault(group.id, group)
    members: dict[str, list[str]] = defaultdict(list)
    for agency in by_id.values():
        for gid in agency.groups:
            members[gid].append(agency.id)
    return Registry(by_id, group_by_id, {gid: tuple(ids) for gid, ids in members.items()}, maintainers, auto_merge)


_NO_LEDGER = "Thiếu tệp sổ theo dõi tiến độ; khi chưa có báo cáo nào, hãy tạo tệp với một dòng `reports: []`."


def _linked_folder(layout: Layout, folder: Path, diagnostics: list[Diagnostic]) -> bool:
    """Whether a data folder is a link: each file inside is read with no link to follow, but not the folder."""
    if not folder.is_symlink():
        return False
    message = f"Thư mục `{layout.name(folder)}` là một liên kết (symlink); hãy thay bằng thư mục thật trong kho."
    diagnostics.append(Diagnostic(layout.name(folder), 1, 1, "Y000", message))
    return True


def load_directives(layout: Layout, diagnostics: list[Diagnostic], cache: ParseCache | None = None) -> list[Directive]:
    if _linked_folder(layout, layout.directives, diagnostics):
        return []
    return _directives_in(layout, layout.directive_names(), diagnostics, cache)


def _directives_in(
    layout: Layout, names: list[str], diagnostics: list[Diagnostic], cache: ParseCache | None
) -> list[Directive]:
    parsed = (_parsed(layout, name, parse_directive, diagnostics, cache) for name in names)
    return [directive for directive in parsed if directive is not None]


def load_report_files(layout: Layout, diagnostics: list[Diagnostic], cache: ParseCache | None = None) -> list[Report]:
    """The reports of `reports/`, after the ledger's: among reports of one day, the later file is the later report."""
    if _linked_folder(layout, layout.reports, diagnostics):
        return []
    return _reports_in(layout, layout.report_names(), diagnostics, cache)


def load_report_file(layout: Layout, name: str, diagnostics: list[Diagnostic]) -> Report | None:
    """The report of one file of `reports/` (its repository name), if it is there and reads without an error."""
    if not os.path.lexists(layout.root / name):
        return None
    found = _reports_in(layout, [name], diagnostics, None)
    return found[0] if found else None


def _is_yaml(name: str) -> bool:
    """Whether a file's name ends in `.yaml` after a stem (`Path.suffix`: a file named `.yaml` has none)."""
    return name.endswith(SUFFIX) and len(name) - name.rfind("/") - 1 > len(SUFFIX)


def _reports_in(
    layout: Layout, names: list[str], diagnostics: list[Diagnostic], cache: ParseCache | None
) -> list[Report]:
    reports: list[Report] = []
    for name in names:
        if not _is_yaml(name) and not os.path.islink(layout.root / name):  # a link is refused when it is read
            diagnostics.append(
                Diagnostic(
                    name,
                    1,
                    1,
                    "R021",
                    f"Thư mục `{FOLDER}/` chỉ chứa tệp báo cáo `{SUFFIX}`; tệp này không được đọc. Hãy đổi đuôi tệp "
                    f"thành `{SUFFIX}` hoặc xóa tệp.",
                )
            )
            continue
        report = _parsed(layout, name, parse_report_file, diagnostics, cache)
        if report is not None:
            reports.append(report)
    return reports


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading makes millions of objects and no reference cycles. Python's cycle collector, triggered every few
    hundred allocations, walks all of them again and again: pausing it halves the load time of a large ledger (and
    `pipeline.checked_progress` pauses it over the checks and the statuses too)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_dataset(
    root: Path | Layout, cache: ParseCache | None = None
) -> tuple[Dataset, list[Diagnostic], list[Agency], list[Group]]:
    """Everything in the repository (or in a `Layout` of it), as parsed; the raw agency and group lists keep
    duplicates for checks.

    With a `cache`, files whose bytes were parsed before are not parsed again."""
    with collector_paused():
        return _load_dataset(root if isinstance(root, Layout) else Layout(root), cache)


def _load_dataset(
    layout: Layout, cache: ParseCache | None
) -> tuple[Dataset, list[Diagnostic], list[Agency], list[Group]]:
    diagnostics: list[Diagnostic] = []
    agencies: list[Agency] = []
    groups: list[Group] = []
    maintainers: tuple[str, ...] = ()
    auto_merge = False
    if layout.exists(AGENCIES):
        parsed = _parsed(layout, AGENCIES, parse_registry, diagnostics, cache)
        if parsed is not None:
            agencies, groups, maintainers, auto_merge = parsed
    else:
        diagnostics.append(Diagnostic(AGENCIES, 1, 1, "Y000", "Thiếu tệp danh mục cơ quan."))
    registry = build_registry(agencies, groups, maintainers, auto_merge)
    directives, reports, ledger_read = _directives_and_reports(layout, diagnostics, cache)
    dataset = Dataset(registry, tuple(directives), tuple(reports), ledger_read)
    return dataset, diagnostics, agencies, groups


def _directives_and_reports(
    layout: Layout, diagnostics: list[Diagnostic], cache: ParseCache | None
) -> tuple[list[Directive], list[Report], bool]:
    """The directives, then the ledger's reports and the report files', their problems in that order, and whether
    the ledger was read. In a large repository the files, and the ledger's parts, are read and parsed by two processes
    (`forked`), a group of files or a part at a time."""
    found_first: list[Diagnostic] = []
    linked = _linked_folder(layout, layout.directives, found_first)
    directive_names = [] if linked else layout.directive_names()
    ledger_found: list[Diagnostic] = []
    ledger = _ledger_bytes(layout, ledger_found)
    planned = None if ledger is None else ledger_load.plan(ledger, LEDGER, cache)
    ledger_parts = [] if planned is None else planned.parts
    folder_found: list[Diagnostic] = []
    report_groups = [] if _linked_folder(layout, layout.reports, folder_found) else layout.report_groups()
    size = -(-len(directive_names) // GROUPS) or 1
    directive_groups = [directive_names[at : at + size] for at in range(0, len(directive_names), size)]
    first_part, first_files = len(directive_groups), len(directive_groups) + len(ledger_parts)

    def item(i: int) -> tuple[Any, list[Diagnostic]]:
        found: list[Diagnostic] = []
        if i < first_part:
            return _directives_in(layout, directive_groups[i], found, cache), found
        if i < first_files:
            return cast(ledger_load.Plan, planned).read(i - first_part, cache), found
        return _reports_in(layout, report_groups[i - first_files](), found, cache), found

    def pack(i: int, result: tuple[Any, list[Diagnostic]]) -> object:  # in the child: a part as the cache holds it
        if planned is None or cache is None or not first_part <= i < first_files or result[0] is None:
            return result
        return planned.stored(i - first_part, cache) or result

    def unpack(i: int, sent: Any) -> tuple[Any, list[Diagnostic]]:  # in the parent
        return (cast(ledger_load.Plan, planned).unstored(i - first_part, sent), []) if isinstance(sent, bytes) else sent

    count = first_files + len(report_groups)
    if len(report_groups) >= FORK_FROM or len(ledger_parts) >= 2 or len(directive_names) >= FORK_DIRECTIVES:
        _, parts, changes = shared(count, item, lambda: None, _changes(cache), pack, unpack)
        if cache is not None and changes is not None:
            cache.absorb(*changes)
    else:
        parts = [item(i) for i in range(count)]
    directives: list[Directive] = []
    diagnostics += found_first
    for part, found in parts[:first_part]:
        directives += part
        diagnostics += found
    ledger_reports: list[Report] | None = None
    if ledger is not None:
        got = None if planned is None else planned.assembled([part for part, _ in parts[first_part:first_files]], cache)
        ledger_reports = ledger_load.read_whole(ledger, LEDGER, ledger_found) if got is None else got
    diagnostics += ledger_found + folder_found
    reports = list(ledger_reports or ())
    for part, found in parts[first_files:]:
        reports += part
        diagnostics += found
    return directives, reports, ledger_reports is not None


def _changes(cache: ParseCache | None) -> Callable[[], object]:
    """What the child added to its copy of the cache, for the parent to keep."""
    return (lambda: None) if cache is None else cache.changes


def _ledger_bytes(layout: Layout, diagnostics: list[Diagnostic]) -> bytes | None:
    if not layout.exists(LEDGER):  # without it a build would show every task as never reported
        diagnostics.append(Diagnostic(LEDGER, 1, 1, "Y000", _NO_LEDGER))
        return None
    data, found = layout.read(LEDGER)
    diagnostics.extend(found)
    return data
