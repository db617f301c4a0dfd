"""Rules across records and files: ids unique, references resolve, reports belong to their agency."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain
from pathlib import Path, PurePosixPath

from generator.core.addresses import RESERVED_AGENCY_IDS, RESERVED_DIRECTIVE_IDS
from generator.core.assignments import Assignee, anchor_for, assignees_of, period, task_key
from generator.core.cache import ParseCache
from generator.core.diagnostics import Diagnostic, Severity
from generator.core.fields import suggest
from generator.core.forked import shared
from generator.core.load import Layout, load_dataset
from generator.core.model import Agency, Dataset, Directive, Extension, Group, Loc, Registry, Report, Role, Task
from generator.core.names import Names


def _at(loc: Loc, code: str, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(loc.file, loc.line, loc.col, code, message, severity)


CHUNK = 512  # reports checked at a time
FORK_FROM = 40  # chunks (20,000 reports) from which two processes check them: below, forking costs more than it saves


def check_all(dataset: Dataset, agencies: list[Agency], groups: list[Group]) -> list[Diagnostic]:
    """Every rule across files. In a large repository the directives and chunks of the reports are checked by two
    processes (`forked`): done by the one that loaded them, after the load, it was a tenth of a national check."""
    registry, reports = dataset.registry, dataset.reports
    targets = _report_targets(dataset)
    chunks = [reports[at : at + CHUNK] for at in range(0, len(reports), CHUNK)]

    def directives() -> list[Diagnostic]:
        return list(check_directives(dataset.directives, registry))

    def chunk(i: int) -> list[Diagnostic]:  # a report file's path against its content is checked where it is read
        return list(_reports_checked(chunks[i], registry, targets))

    if len(chunks) >= FORK_FROM:
        on_directives, on_reports, _ = shared(len(chunks), chunk, directives)
    else:
        on_directives, on_reports = directives(), [chunk(i) for i in range(len(chunks))]
    return [*check_registry(agencies, groups), *on_directives, *chain.from_iterable(on_reports)]


# -- registry ---------------------------------------------------------------------------------------------


def check_registry(agencies: list[Agency], groups: list[Group]) -> Iterator[Diagnostic]:
    seen: dict[str, Loc] = {}
    entries: list[Agency | Group] = [*groups, *agencies]
    for entry in entries:
        if entry.id in RESERVED_AGENCY_IDS:
            yield _at(entry.loc, "R011", _reserved(entry.id, RESERVED_AGENCY_IDS, "trang danh sách hoặc lịch chung"))
        if entry.id in seen:
            first = seen[entry.id]
            yield _at(entry.loc, "R002", f"Mã `{entry.id}` bị trùng (đã dùng ở dòng {first.line}); mỗi mã là duy nhất.")
        else:
            seen[entry.id] = entry.loc
    group_ids = {g.id for g in groups}
    for agency in agencies:
        for gid in agency.groups:
            if gid not in group_ids:
                yield _at(
                    agency.loc,
                    "R009",
                    f"Nhóm `{gid}` của `{agency.id}` chưa được khai báo trong `groups:`." + suggest(gid, group_ids),
                )


# -- directives -------------------------------------------------------------------------------------------


def check_directives(directives: Iterable[Directive], registry: Registry) -> Iterator[Diagnostic]:
    known = registry.agencies.keys() | registry.groups.keys()
    seen: dict[str, Loc] = {}
    for directive in directives:
        if directive.id in seen:
            yield _at(directive.loc, "R002", f"Mã văn bản `{directive.id}` đã dùng ở {seen[directive.id].file}.")
        seen.setdefault(directive.id, directive.loc)
        if directive.id in RESERVED_DIRECTIVE_IDS:
            yield _at(directive.loc, "R011", _reserved(directive.id, RESERVED_DIRECTIVE_IDS, "trang danh sách văn bản"))
        stem = PurePosixPath(directive.loc.file).stem
        if stem != directive.id:
            yield _at(
                directive.loc,
                "R005",
                f"Tên tệp phải trùng mã văn bản: đổi `id: {directive.id}` "
                f"hoặc đổi tên tệp thành `{directive.id}.yaml`.",
            )
        yield from _check_directive(directive, known, registry)


def _reserved(written: str, reserved: frozenset[str], what: str) -> str:
    names = ", ".join(f"`{r}`" for r in sorted(reserved))
    return (
        f"Mã `{written}` trùng tên một trang cố định của trang web ({what}) và sẽ ghi đè lên trang đó; "
        f"không dùng các mã {names}: hãy chọn mã khác, ví dụ `{written}-1`. (a reserved id)"
    )


def _check_directive(directive: Directive, known: set[str], registry: Registry) -> Iterator[Diagnostic]:
    for recipient in directive.recipients:
        if recipient.agency and recipient.agency not in known:
            yield _at(recipient.loc, "R001", _unknown_agency(recipient.agency, registry))
    task_lines: dict[str, int] = {}
    for task in directive.tasks:
        if task.id in task_lines:
            yield _at(
                task.loc,
                "R002",
                f"Mã nhiệm vụ `{task.id}` bị trùng trong văn bản này (đã có ở dòng {task_lines[task.id]}).",
            )
        task_lines.setdefault(task.id, task.loc.line)
        yield from _check_task(directive, task, known, registry)
    yield from _check_anchors(directive)


def _check_anchors(directive: Directive) -> Iterator[Diagnostic]:
    """Each task and deliverable has its own place on the directive's page (`#nv-1-2`), which links point at.
    The place is the id made into a web address, so `1.2` and `1-2`, or `A1` and `a1`, would share one."""
    taken: dict[str, tuple[str, int]] = {}
    for task in directive.tasks:
        places = [(anchor_for(task.id), task.id, task.loc)]
        places += [(anchor_for(task.id, p.id), f"{task.id}/{p.id}", p.loc) for p in task.deliverables]
        for anchor, written, loc in places:
            first = taken.setdefault(anchor, (written, loc.line))
            if first[0] != written:  # the same id twice is reported as a duplicate already
                yield _at(
                    loc,
                    "R002",
                    f"Mã `{written}` và mã `{first[0]}` (dòng {first[1]}) có cùng một địa chỉ trên trang văn bản "
                    f"(`#{anchor}`): mã chỉ khác nhau ở dấu `.`/`-` hay chữ hoa/thường. Hãy đổi một trong hai mã.",
                )


def _check_task(directive: Directive, task: Task, known: set[str], registry: Registry) -> Iterator[Diagnostic]:
    for assignee in task.assignees:
        if assignee.agency is not None and assignee.agency not in known:
            yield _at(assignee.loc, "R001", _unknown_agency(assignee.agency, registry))
    part_ids: set[str] = set()
    for part in task.deliverables:
        if part.id in part_ids:
            yield _at(part.loc, "R002", f"Mã sản phẩm `{part.id}` bị trùng trong nhiệm vụ {task.id}.")
        part_ids.add(part.id)
        yield from _check_extensions(part.deadline, part.extensions)
    yield from _check_extensions(task.deadline, task.extensions)
    if task.extensions and task.deadline is None:
        yield _at(task.extensions[0].loc, "R007", "Gia hạn cần có hạn ban đầu: thêm `deadline:` cho nhiệm vụ.")
    rec = task.recurrence
    if rec and rec.end and rec.end < rec.start:
        yield _at(
            rec.loc, "S005", f"Ngày kết thúc ({rec.end.isoformat()}) trước ngày bắt đầu ({rec.start.isoformat()})."
        )
    if directive.date and task.deadline and task.deadline < directive.date:
        yield _at(
            task.loc,
            "R010",
            f"Hạn {task.deadline.isoformat()} trước ngày ban hành văn bản "
            f"{directive.date.isoformat()}; kiểm tra lại năm.",
            Severity.WARNING,
        )


def _check_extensions(original: date | None, extensions: tuple[Extension, ...]) -> Iterator[Diagnostic]:
    previous = original
    for ext in extensions:
        if previous is not None and ext.deadline <= previous:
            yield _at(
                ext.loc,
                "R007",
                f"Hạn gia hạn {ext.deadline.isoformat()} phải sau hạn trước đó "
                f"{previous.isoformat()}; hạn cũ được giữ nguyên, gia hạn là một mục mới ở cuối danh sách.",
            )
        previous = ext.deadline


def _unknown_agency(written: str, registry: Registry) -> str:
    """Unknown id; if what is written is an agency's name (in any case, with or without diacritics), its id."""
    named = Names(registry).ids(written)
    if named:
        hint = " hoặc ".join(f"`{i}` ({registry.display_name(i)})" for i in named)
        return f"`{written}` là tên, không phải mã cơ quan: hãy viết mã {hint}. (write the agency's id, not its name)"
    return (
        f"Không có cơ quan hay nhóm nào mã `{written}` trong agencies.yaml."
        + suggest(written, registry.agencies.keys() | registry.groups.keys())
        + " Thêm cơ quan vào agencies.yaml hoặc sửa mã."
    )


# -- ledger -----------------------------------------------------------------------------------------------


def check_reports(dataset: Dataset, reports: Iterable[Report] | None = None) -> Iterator[Diagnostic]:
    """The reports' agencies and tasks: every report of `dataset`, or only `reports`, against its directives."""
    targets = _report_targets(dataset)
    return _reports_checked(dataset.reports if reports is None else reports, dataset.registry, targets)


def _reports_checked(
    reports: Iterable[Report], registry: Registry, targets: dict[str, tuple[Task, Directive, set[str]]]
) -> Iterator[Diagnostic]:
    resolved: dict[str, set[str] | str] = {}  # many reports name the same task
    for report in reports:
        if report.agency not in registry.agencies and report.agency not in registry.groups:
            yield _at(report.loc, "R001", _unknown_agency(report.agency, registry))
            continue
        target = resolved.get(report.task)
        if target is None:
            target = resolved[report.task] = _resolve(report.task, targets)
        if isinstance(target, str):
            yield _at(report.loc, "R003", target)
        elif report.agency not in target:
            yield _at(
                report.loc,
                "R004",
                f"`{report.agency}` không được giao nhiệm vụ `{report.task}`; chỉ báo cáo nhiệm vụ của đơn vị mình. "
                f"Đơn vị được giao: {', '.join(sorted(target))}.",
            )


def _report_targets(dataset: Dataset) -> dict[str, tuple[Task, Directive, set[str]]]:
    """Task key -> (task, directive, agencies that track it)."""
    targets: dict[str, tuple[Task, Directive, set[str]]] = {}
    expansions: dict[tuple[str, Role], list[Assignee]] = {}
    for directive in dataset.directives:
        for task in directive.tasks:
            tracked = {a.agency_id for a in assignees_of(task, dataset.registry, expansions)}
            targets[task_key(directive.id, task.id)] = (task, directive, tracked)
    return targets


def _resolve(task_id: str, targets: dict[str, tuple[Task, Directive, set[str]]]) -> set[str] | str:
    """The agencies a report's task is given to, or why the task id names nothing."""
    pieces = task_id.split("/")
    base, part = "/".join(pieces[:2]), "/".join(pieces[2:])
    if base not in targets:
        return (
            f"Không có nhiệm vụ `{task_id}`."
            + suggest(task_id, targets)
            + " Sao chép mã nhiệm vụ từ trang của văn bản (dạng `mã-văn-bản/số-nhiệm-vụ`)."
        )
    task, _directive, tracked = targets[base]
    if task.deliverables:
        parts = [d.id for d in task.deliverables]
        if part not in parts:
            return (
                f"Nhiệm vụ `{base}` được theo dõi theo từng sản phẩm; ghi rõ một trong: "
                + ", ".join(f"`{base}/{p}`" for p in parts)
                + "."
            )
    elif task.recurrence:
        if not part or period(task.recurrence, part) is None:
            return (
                f"Nhiệm vụ `{base}` là nhiệm vụ định kỳ; ghi rõ kỳ báo cáo, ví dụ `{base}/2025-q1` "
                "(tháng: 2025-03, quý: 2025-q1, 6 tháng: 2025-h1, năm: 2025)."
            )
    elif part:
        return f"Nhiệm vụ `{base}` không chia sản phẩm; dùng mã `{base}`."
    return tracked


def check_repository(root: Path | Layout, cache: ParseCache | None = None) -> tuple[Dataset, list[Diagnostic]]:
    """Load and check every data file under `root` (or in a `Layout`, such as a git revision's): the one entry
    point for `tracker check` and the build."""
    dataset, diagnostics, agencies, groups = load_dataset(root, cache)
    # A section's assignee is checked once per task that inherits it: report each problem once.
    unique = dict.fromkeys(diagnostics + check_all(dataset, agencies, groups))
    return dataset, list(unique)
