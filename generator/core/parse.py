"""Turn loaded YAML into the model: one function per kind of record, every problem located.

One module for every kind of record: they share the key lists, the located field readers and the order in which
problems are reported, and a rule for one record often reads another's (a task's deliverables, a group's members).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar, cast

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.fields import Fields, join
from generator.core.model import (
    Agency,
    AgencyKind,
    Assignee,
    CopyItem,
    Deliverable,
    Directive,
    EnteredBy,
    Every,
    Evidence,
    Extension,
    ExtensionRequest,
    Group,
    Recipient,
    Recurrence,
    Reference,
    Report,
    Reported,
    Role,
    Section,
    Signer,
    Task,
)
from generator.core.yamlio import load_text
from generator.core.yvalues import YMap, YStr, YValue

T = TypeVar("T")

TASK_ID = re.compile(r"^[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*$")
AGENCY_KEYS = ("id", "name", "short_name", "kind", "groups", "github", "emails", "note")
GITHUB_NAME = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]+)?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GROUP_KEYS = ("id", "name", "members_complete", "note")
DIRECTIVE_KEYS = (
    "id",
    "number",
    "type",
    "date",
    "place",
    "issuer",
    "subject",
    "summary",
    "topics",
    "source",
    "note",
    "preamble",
    "closing",
    "signer",
    "recipients",
    "copy_to",
    "references",
    "sections",
    "draft",
)
SECTION_KEYS = ("number", "heading", "assignees", "tasks")
TASK_KEYS = (
    "id",
    "text",
    "title",
    "key",
    "topics",
    "assignees",
    "deadline",
    "deadline_text",
    "extensions",
    "deliverables",
    "recurrence",
)
REPORT_KEYS = (
    "task",
    "agency",
    "date",
    "status",
    "completed",
    "note",
    "blocked",
    "difficulties",
    "proposals",
    "evidence",
    "extension_request",
    "entered_by",
    "recorded",
)


def parse_document(
    text: str, name: str, parse: Callable[[Fields, YValue], T], first_line: int = 1
) -> tuple[T | None, list[Diagnostic]]:
    """`parse(fields, root)` of one YAML text (see `load_text` for `first_line`), with every problem found."""
    root, found = load_text(text, name, first_line)
    if (root is None and not found) or (isinstance(root, YStr) and root.is_null):
        line, col = (root.line, root.col) if root is not None else (first_line, 1)
        return None, [Diagnostic(name, line, col, "Y008", _EMPTY.get(parse.__name__, _EMPTY["parse_directive"]))]
    fields = Fields(name)
    value = parse(fields, root) if root is not None else None
    return value, found + fields.diagnostics


PLACEHOLDER = "CẦN BỔ SUNG"  # what `tracker import` writes where a person must finish the draft


def unfinished_places(text: str, name: str, directive: Directive | None) -> list[Diagnostic]:
    """A directive that still holds the importer's placeholders is not ready to publish: one located error for each
    line left to fill, unless the file says it is a draft (`draft: true`), which is then kept off the site."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if PLACEHOLDER in line]
    if directive is not None and directive.draft:
        where = f"; còn {len(lines)} chỗ cần bổ sung" if lines else ""
        message = f"Văn bản là bản nháp (`draft: true`): chưa được công bố trên trang và dữ liệu mở{where}."
        return [Diagnostic(name, directive.loc.line, 1, "S021", message, Severity.WARNING)]
    found = []
    for i, (number, line) in enumerate(lines, 1):
        what = line.rsplit(PLACEHOLDER, 1)[1].lstrip(":\"' ").strip() or "giá trị"
        message = (
            f"Bản nháp chưa hoàn thiện: chỗ cần bổ sung {i}/{len(lines)} ({what}). Hoàn thiện rồi xóa chữ "
            f'"{PLACEHOLDER}", hoặc thêm `draft: true` để giữ bản nháp mà không công bố.'
        )
        found.append(Diagnostic(name, number, line.index(PLACEHOLDER) + 1, "S020", message))
    return found


# A file that is there but says nothing is a mistake (a save that failed, a merge that emptied it), never "no data".
_EMPTY = {
    "parse_registry": "Tệp danh mục cơ quan không có dữ liệu (trống, chỉ có chú thích hoặc `null`); cần `agencies:`.",
    "parse_directive": "Tệp văn bản không có dữ liệu (trống, chỉ có chú thích hoặc `null`); cần `id:`, `sections:` …",
    "parse_ledger": "Sổ theo dõi không có dữ liệu (trống, chỉ có chú thích hoặc `null`); khi chưa có báo cáo nào, "
    "hãy viết `reports: []`.",
    "parse_report_file": "Tệp báo cáo không có dữ liệu (trống, chỉ có chú thích hoặc `null`); hãy tạo lại báo cáo "
    "bằng biểu mẫu trên trang hoặc `tracker report`.",
}


# -- agencies.yaml ----------------------------------------------------------------------------------------


RegistryParts = tuple[list[Agency], list[Group], tuple[str, ...], bool]


def parse_registry(f: Fields, root: YValue | None) -> RegistryParts:
    """Agencies, groups, the maintainers and whether routine reports merge themselves (`auto_merge_reports`)."""
    doc = f.mapping(root, "", ("maintainers", "auto_merge_reports", "groups", "agencies"), "tệp danh mục cơ quan")
    if doc is None:
        return [], [], (), False
    maintainers = _accounts(f, doc, "maintainers", "")
    auto_merge = f.flag(doc, "auto_merge_reports", "")
    groups = f.each(doc, "groups", "", lambda v, p: _group(f, v, p))
    agencies = f.each(doc, "agencies", "", lambda v, p: _agency(f, v, p), required=True)
    return list(agencies), list(groups), maintainers, auto_merge


def _accounts(f: Fields, m: YMap, key: str, path: str) -> tuple[str, ...]:
    """GitHub logins or `org/team` names, without the leading `@`."""
    names = f.texts(m, key, path)
    for name in names:
        if not GITHUB_NAME.match(name):
            f.error(
                m[key],
                join(path, key),
                "S011",
                f"`{name}` không phải tài khoản GitHub (ví dụ `nguyenvana`) hay nhóm (ví dụ `ubnd-tinh/so-y-te`).",
            )
    return tuple(n.lstrip("@") for n in names if GITHUB_NAME.match(n))


def _group(f: Fields, value: YValue, path: str) -> Group | None:
    m = f.mapping(value, path, GROUP_KEYS, "nhóm cơ quan")
    if m is None:
        return None
    gid, name = f.ident(m, "id", path), f.text(m, "name", path, required=True)
    complete = f.flag(m, "members_complete", path) if "members_complete" in m else True
    if gid is None or name is None:
        return None
    return Group(gid, name, complete, f.text(m, "note", path), f.loc(m))


def _agency(f: Fields, value: YValue, path: str) -> Agency | None:
    m = f.mapping(value, path, AGENCY_KEYS, "cơ quan")
    if m is None:
        return None
    aid, name = f.ident(m, "id", path), f.text(m, "name", path, required=True)
    short = f.text(m, "short_name", path) or name
    kind = f.choice(m, "kind", path, AgencyKind)
    groups = f.texts(m, "groups", path)
    github = _accounts(f, m, "github", path)
    emails = f.texts(m, "emails", path)
    for email in emails:
        if not EMAIL.match(email):
            f.error(m["emails"], join(path, "emails"), "S011", f"`{email}` không phải địa chỉ thư điện tử.")
    if aid is None or name is None or kind is None:
        return None
    return Agency(aid, name, short or name, kind, groups, f.text(m, "note", path), f.loc(m), github, emails)


# -- directives/<id>.yaml ---------------------------------------------------------------------------------


def parse_directive(f: Fields, root: YValue | None) -> Directive | None:
    m = f.mapping(root, "", DIRECTIVE_KEYS, "văn bản chỉ đạo")
    if m is None:
        return None
    did = f.ident(m, "id", "")
    issuer = f.text(m, "issuer", "", required=True)
    summary = f.text(m, "summary", "", required=True)
    sections = f.each(m, "sections", "", lambda v, p: _section(f, v, p), required=True)
    directive = Directive(
        id=did or "",
        number=f.text(m, "number", ""),
        type=f.text(m, "type", ""),
        date=f.date(m, "date", ""),
        place=f.text(m, "place", ""),
        issuer=issuer or "",
        subject=f.text(m, "subject", ""),
        summary=summary or "",
        topics=f.texts(m, "topics", ""),
        source=f.text(m, "source", ""),
        note=f.text(m, "note", ""),
        preamble=f.text(m, "preamble", ""),
        closing=f.text(m, "closing", ""),
        signer=_signer(f, m),
        recipients=f.each(m, "recipients", "", lambda v, p: _recipient(f, v, p)),
        copy_to=f.each(m, "copy_to", "", lambda v, p: _copy_item(f, v, p)),
        references=f.each(m, "references", "", lambda v, p: _reference(f, v, p)),
        sections=sections,
        loc=f.loc(cast(YStr, m["id"]) if isinstance(m.get("id"), YStr) else m),
        draft=f.flag(m, "draft", ""),
    )
    return directive if did and issuer and summary else None


def _signer(f: Fields, m: YMap) -> Signer | None:
    value = m.get("signer")
    if value is None or (isinstance(value, YStr) and value.is_null):
        return None
    s = f.mapping(value, "signer", ("name", "capacity", "on_behalf_of"), "người ký")
    if s is None:
        return None
    return Signer(f.text(s, "name", "signer"), f.text(s, "capacity", "signer"), f.text(s, "on_behalf_of", "signer"))


def _recipient(f: Fields, value: YValue, path: str) -> Recipient | None:
    m = f.mapping(value, path, ("text", "agency"), "nơi nhận (Kính gửi)")
    if m is None:
        return None
    text = f.text(m, "text", path, required=True)
    return Recipient(text, f.text(m, "agency", path), f.loc(m)) if text else None


def _copy_item(f: Fields, value: YValue, path: str) -> CopyItem | None:
    if isinstance(value, YStr) and not value.is_null:
        return CopyItem(str(value).strip())
    m = f.mapping(value, path, ("text", "items"), "mục nơi nhận")
    if m is None:
        return None
    text = f.text(m, "text", path, required=True)
    return CopyItem(text, f.texts(m, "items", path)) if text else None


def _reference(f: Fields, value: YValue, path: str) -> Reference | None:
    m = f.mapping(value, path, ("number", "date", "issuer", "title", "footnote"), "văn bản được dẫn chiếu")
    if m is None:
        return None
    return Reference(
        f.text(m, "number", path, required=True),
        f.date(m, "date", path),
        f.text(m, "issuer", path),
        f.text(m, "title", path),
        f.text(m, "footnote", path),
    )


def _section(f: Fields, value: YValue, path: str) -> Section | None:
    m = f.mapping(value, path, SECTION_KEYS, "mục (phần đánh số) của văn bản")
    if m is None:
        return None
    number = f.text(m, "number", path) or ""
    heading = f.text(m, "heading", path) or ""
    assignees = f.each(m, "assignees", path, lambda v, p: _assignee(f, v, p))
    tasks = f.each(m, "tasks", path, lambda v, p: _task(f, v, p, number, assignees), required=True)
    return Section(number, heading, tasks)


def _assignee(f: Fields, value: YValue, path: str) -> Assignee | None:
    m = f.mapping(value, path, ("agency", "text", "role"), "đơn vị được giao")
    if m is None:
        return None
    # Any text: a name written instead of an id gets its id suggested by the cross-file check (R001).
    agency, text = f.text(m, "agency", path), f.text(m, "text", path)
    role = f.choice(m, "role", path, Role)
    if agency is None and text is None and "agency" not in m:
        f.error(m, path, "S001", "Cần `agency:` (mã cơ quan hoặc nhóm) hoặc `text:` (tên như văn bản ghi).")
    if role is None or (agency is None and text is None):
        return None
    return Assignee(role, agency, text, f.loc(m))


def _task(f: Fields, value: YValue, path: str, section: str, inherited: tuple[Assignee, ...]) -> Task | None:
    m = f.mapping(value, path, TASK_KEYS, "nhiệm vụ")
    if m is None:
        return None
    tid, text = f.text(m, "id", path, required=True), f.text(m, "text", path, required=True)
    if tid is not None and not TASK_ID.match(tid):
        f.error(
            m["id"],
            join(path, "id"),
            "S007",
            f"Mã nhiệm vụ `{tid}` không hợp lệ: dùng số và chữ không dấu, ngăn bằng `.` hoặc `-`, ví dụ `2.6`.",
        )
        tid = None
    own = f.each(m, "assignees", path, lambda v, p: _assignee(f, v, p))
    timing = [key for key in ("deadline", "deliverables", "recurrence") if key in m]
    if len(timing) > 1:
        f.error(
            m,
            path,
            "R006",
            f"Một nhiệm vụ chỉ dùng một trong `deadline`, `deliverables`, `recurrence` (đang có: {', '.join(timing)}).",
        )
    if not (own or inherited):
        f.error(m, path, "S001", "Nhiệm vụ chưa có đơn vị được giao: thêm `assignees:` cho nhiệm vụ hoặc cho mục.")
    if tid is None or text is None:
        return None
    return Task(
        id=tid,
        text=text,
        title=f.text(m, "title", path),
        key=f.flag(m, "key", path),
        topics=f.texts(m, "topics", path),
        assignees=own or inherited,
        deadline=f.date(m, "deadline", path),
        deadline_text=f.text(m, "deadline_text", path),
        extensions=f.each(m, "extensions", path, lambda v, p: _extension(f, v, p)),
        deliverables=f.each(m, "deliverables", path, lambda v, p: _deliverable(f, v, p)),
        recurrence=_recurrence(f, m, path),
        section=section,
        loc=f.loc(m),
    )


def _extension(f: Fields, value: YValue, path: str) -> Extension | None:
    m = f.mapping(value, path, ("deadline", "approved_on", "document", "note"), "gia hạn")
    if m is None:
        return None
    deadline = f.date(m, "deadline", path, required=True)
    approved = f.date(m, "approved_on", path)
    if deadline is None:
        return None
    return Extension(deadline, approved, f.text(m, "document", path), f.text(m, "note", path), f.loc(m))


def _deliverable(f: Fields, value: YValue, path: str) -> Deliverable | None:
    m = f.mapping(value, path, ("id", "title", "deadline", "deadline_text", "extensions"), "sản phẩm")
    if m is None:
        return None
    did, title = f.ident(m, "id", path), f.text(m, "title", path, required=True)
    deadline = f.date(m, "deadline", path, required=True)
    extensions = f.each(m, "extensions", path, lambda v, p: _extension(f, v, p))
    if did is None or title is None or deadline is None:
        return None
    return Deliverable(did, title, deadline, f.text(m, "deadline_text", path), extensions, f.loc(m))


def _recurrence(f: Fields, task: YMap, path: str) -> Recurrence | None:
    if "recurrence" not in task:
        return None
    path = join(path, "recurrence")
    m = f.mapping(task["recurrence"], path, ("every", "day", "start", "end"), "lịch định kỳ")
    if m is None:
        return None
    every, day = f.choice(m, "every", path, Every), f.integer(m, "day", path, 1, 31)
    start, end = f.date(m, "start", path, required=True), f.date(m, "end", path)
    if every is None or day is None or start is None:
        return None
    return Recurrence(every, day, start, end, f.loc(m))


# -- tasks.yaml -------------------------------------------------------------------------------------------


def parse_ledger(f: Fields, root: YValue | None) -> list[Report] | None:
    """The ledger's reports; None if it is not a mapping, so that none of them is known."""
    doc = None if root is None else f.mapping(root, "", ("reports",), "sổ theo dõi tiến độ")
    if doc is None:
        return None
    return list(f.each(doc, "reports", "", lambda v, p: _report(f, v, p)))


def parse_report_file(f: Fields, root: YValue | None) -> Report | None:
    """A report file of `reports/`: one report, the same keys as an item of the ledger's `reports:`."""
    return None if root is None else _report(f, root, "")


def _report(f: Fields, value: YValue, path: str) -> Report | None:
    m = f.mapping(value, path, REPORT_KEYS, "báo cáo tiến độ")
    if m is None:
        return None
    task, agency = f.text(m, "task", path, required=True), f.text(m, "agency", path, required=True)
    day, status = f.date(m, "date", path, required=True), f.choice(m, "status", path, Reported)
    completed = f.date(m, "completed", path)
    if completed and status is Reported.IN_PROGRESS:
        f.error(
            m["completed"],
            join(path, "completed"),
            "R008",
            "Chỉ ghi `completed:` khi `status: done`; nhiệm vụ đang thực hiện chưa có ngày hoàn thành.",
        )
    if completed and day and completed > day:
        f.error(
            m["completed"],
            join(path, "completed"),
            "R008",
            f"Ngày hoàn thành ({completed.isoformat()}) không thể sau ngày báo cáo ({day.isoformat()}).",
        )
    if task is None or agency is None or day is None or status is None:
        return None
    return Report(
        task=task,
        agency=agency,
        date=day,
        status=status,
        completed=completed,
        note=f.text(m, "note", path),
        blocked=f.flag(m, "blocked", path),
        difficulties=f.text(m, "difficulties", path),
        proposals=f.text(m, "proposals", path),
        evidence=f.each(m, "evidence", path, lambda v, p: _evidence(f, v, p)),
        loc=f.loc(m),
        extension_request=_extension_request(f, m, path, day),
        entered_by=f.choice(m, "entered_by", path, EnteredBy, required=False),
        recorded=_recorded(f, m, path, day),
    )


def _extension_request(f: Fields, m: YMap, path: str, day: date | None) -> ExtensionRequest | None:
    if "extension_request" not in m:
        return None
    where = join(path, "extension_request")
    request = f.mapping(m["extension_request"], where, ("until", "reason"), "đề nghị gia hạn")
    if request is None:
        return None
    until = f.date(request, "until", where, required=True)
    if until is None:
        return None
    if day is not None and until <= day:
        f.error(
            request["until"],
            join(where, "until"),
            "R022",
            f"Ngày đề nghị gia hạn ({until.isoformat()}) phải sau ngày báo cáo ({day.isoformat()}).",
        )
    return ExtensionRequest(until, f.text(request, "reason", where))


def _recorded(f: Fields, m: YMap, path: str, day: date | None) -> date | None:
    """`recorded:`, the day the Office entered a late report: never before the report's own date."""
    recorded = f.date(m, "recorded", path)
    if recorded and day and recorded < day:
        f.error(
            m["recorded"],
            join(path, "recorded"),
            "R008",
            f"Ngày ghi vào sổ ({recorded.isoformat()}) không thể trước ngày báo cáo ({day.isoformat()}).",
        )
    return recorded


def _evidence(f: Fields, value: YValue, path: str) -> Evidence | None:
    m = f.mapping(value, path, ("document", "date", "url", "title"), "minh chứng")
    if m is None:
        return None
    evidence = Evidence(
        f.text(m, "document", path), f.date(m, "date", path), f.url(m, "url", path), f.text(m, "title", path)
    )
    if "document" not in m and "url" not in m:
        f.error(m, path, "S001", "Minh chứng cần ít nhất số văn bản (`document:`) hoặc đường dẫn (`url:`).")
    return evidence if evidence.document or evidence.url else None
