"""The open-data files: every tracked item and every assignment, once each.

`data/tasks.json` (contract version 3, `core.contract`) lists directives, agencies and items once and each
assignment as a short row referring to them; `data/tasks.csv` (the items) and `data/assignments.csv` (the
assignments) are the same two tables for spreadsheets. Version 2 repeated the directive and the item's text on every
assignment's row, which made the two files 28 MiB at 5,000 tasks, a quarter of the site. The workbook keeps one
sheet with every field on every row, for people who want one table: it is compressed, so repeating costs it little.

pandas holds the tables the CSV files and the workbook are written from; the per-agency counts are a short list of
rows, kept as plain lists."""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from generator.core import addresses, contract
from generator.core.addresses import item_url
from generator.core.model import Registry
from generator.core.progress import Progress, Row
from generator.core.wording import directive_title
from generator.site.views import AgencyLine, agency_lines

COLUMNS = (
    "task_id",
    "directive_id",
    "directive_number",
    "task_number",
    "deliverable",
    "agency_id",
    "agency_name",
    "agency_kind",
    "role",
    "via_group",
    "deadline",
    "original_deadline",
    "status",
    "status_label",
    "blocked",
    "days_overdue",
    "last_report_date",
    "key_task",
    "text",
    "url",
    "as_of",
)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _record(row: Row, progress: Progress) -> dict[str, Any]:
    item, status = row.item, row.status
    registry = progress.dataset.registry
    return {
        "task_id": item.key,
        "directive_id": item.directive.id,
        "directive_number": item.directive.number,
        "task_number": item.task.id,
        "deliverable": item.part_title,
        "agency_id": row.agency_id,
        "agency_name": registry.display_name(row.agency_id),
        "agency_kind": _kind(registry, row.agency_id),
        "role": row.role.value,
        "via_group": row.via_group,
        "deadline": _iso(item.deadline),
        "original_deadline": _iso(item.original_deadline),
        "status": status.category.value,
        "status_label": status.category.label,
        "blocked": status.blocked,
        "days_overdue": status.days_overdue,
        "last_report_date": _iso(status.latest.date if status.latest else None),
        "key_task": item.task.key,
        "text": item.task.text,
        "url": item_url("", item),
        "as_of": progress.today.isoformat(),
    }


def _kind(registry: Registry, agency_id: str) -> str:
    agency = registry.agencies.get(agency_id)
    return agency.kind.value if agency else contract.GROUP_KIND


TASK_COLUMNS = (
    "task_id",
    "directive_id",
    "task_number",
    "deliverable",
    "deadline",
    "original_deadline",
    "key_task",
    "text",
    "url",
)
ROW_COLUMNS = ("task_id", "agency_id", "role", "via_group", "status", "blocked", "days_overdue", "last_report_date")
# The assignments' CSV adds the agency's name and the status in words, short and what a person reads first, and
# the day of the figures (the JSON says it once, in its envelope).
ASSIGNMENT_COLUMNS = (*ROW_COLUMNS[:2], "agency_name", *ROW_COLUMNS[2:5], "status_label", *ROW_COLUMNS[5:], "as_of")


def task_records(progress: Progress) -> list[dict[str, Any]]:
    """Every tracked item once, in the directives' order."""
    return [
        {
            "task_id": item.key,
            "directive_id": item.directive.id,
            "task_number": item.task.id,
            "deliverable": item.part_title,
            "deadline": _iso(item.deadline),
            "original_deadline": _iso(item.original_deadline),
            "key_task": item.task.key,
            "text": item.task.text,
            "url": item_url("", item),
        }
        for item in progress.items
    ]


def row_records(progress: Progress) -> list[dict[str, Any]]:
    """Every assignment once: the item and the agency by id, the status as of the day."""
    return [
        {
            "task_id": row.item.key,
            "agency_id": row.agency_id,
            "role": row.role.value,
            "via_group": row.via_group,
            "status": row.status.category.value,
            "blocked": row.status.blocked,
            "days_overdue": row.status.days_overdue,
            "last_report_date": _iso(row.status.latest.date if row.status.latest else None),
        }
        for row in progress.rows
    ]


def agency_records(progress: Progress) -> list[dict[str, Any]]:
    """Every agency (or group tracked as one unit) that is given an item, once, in the order they first appear."""
    registry = progress.dataset.registry
    ids = dict.fromkeys(row.agency_id for row in progress.rows)
    return [{"agency_id": a, "agency_name": registry.display_name(a), "agency_kind": _kind(registry, a)} for a in ids]


def directive_records(progress: Progress) -> list[dict[str, Any]]:
    return [
        {"directive_id": d.id, "directive_number": d.number, "directive_title": directive_title(d)}
        for d in progress.dataset.directives
    ]


def export_json(progress: Progress, site_url: str | None) -> bytes:
    """The open-data contract's document (see `core.contract`): its version and the day of its figures, then the
    directives, agencies and items once each, then the assignments."""
    tasks, rows = task_records(progress), row_records(progress)
    document = {
        **contract.envelope(progress.today.isoformat(), site_url),
        "directives": directive_records(progress),
        "agencies": agency_records(progress),
        "task_count": len(tasks),
        "tasks": tasks,
        "row_count": len(rows),
        "rows": rows,
    }
    # One object a line: still small (no indentation), and a diff of two days' files shows what changed.
    return _lines(document).encode("utf-8")


def _lines(document: dict[str, Any]) -> str:
    dump = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    parts = []
    for key, value in document.items():
        if isinstance(value, list):
            parts.append(f'"{key}":[' + ("\n" if value else "") + ",\n".join(map(dump, value)) + "]")
        else:
            parts.append(f'"{key}":{dump(value)}')
    return "{" + ",\n".join(parts) + "}\n"


def tasks_csv(progress: Progress) -> bytes:
    return export_csv(pd.DataFrame(task_records(progress), columns=list(TASK_COLUMNS)))


def assignments_csv(progress: Progress) -> bytes:
    registry, day = progress.dataset.registry, progress.today.isoformat()
    records = [
        {**record, "agency_name": registry.display_name(row.agency_id), "status_label": row.status.category.label}
        for record, row in zip(row_records(progress), progress.rows, strict=True)
    ]
    frame = pd.DataFrame(records, columns=list(ASSIGNMENT_COLUMNS)).assign(as_of=day)
    return export_csv(frame.astype({"days_overdue": "int64"}))


def export_frame(progress: Progress) -> pd.DataFrame:
    frame = pd.DataFrame([_record(row, progress) for row in progress.rows], columns=list(COLUMNS))
    return frame.astype({"blocked": bool, "key_task": bool, "days_overdue": "int64"})


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert_cell(value: object) -> object:
    """A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`): a leading
    apostrophe keeps it text, as OWASP advises for CSV."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def export_csv(frame: pd.DataFrame) -> bytes:
    text_columns = frame.select_dtypes(include="object").columns
    safe = frame.assign(**{c: frame[c].map(_inert_cell) for c in text_columns})
    # The byte-order mark makes Excel read the file as UTF-8, so Vietnamese names survive a double-click.
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


LEAGUE_COLUMNS = {
    "agency_id": "Mã đơn vị",
    "agency_name": "Đơn vị",
    "total": "Tổng số lượt giao",
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "within_deadline": "Chưa hoàn thành, trong hạn",
    "overdue": "Chưa hoàn thành, quá hạn",
    "ongoing": "Thường xuyên",
    "done_undated": "Hoàn thành (không có hạn)",
    "due_so_far": "Đã đến hạn",
    "completion_rate": "Tỷ lệ hoàn thành (trên số đã đến hạn)",
    "key_tasks": "Nhiệm vụ trọng tâm",
}


def league_rows(lines: list[AgencyLine]) -> list[list[Any]]:
    """The per-agency counts, one row per agency, in the order of LEAGUE_COLUMNS."""
    rows = []
    for line in lines:
        record = {
            "agency_id": line.id,
            "agency_name": line.name,
            **{k: getattr(line.league, k) for k in LEAGUE_COLUMNS if hasattr(line.league, k)},
            "completion_rate": line.league.rate,
        }
        rows.append([record.get(k) for k in LEAGUE_COLUMNS])
    return rows


def export_xlsx(frame: pd.DataFrame, league: list[list[Any]], day: date) -> bytes:
    """A workbook: every row of tasks.json on one sheet, the per-agency counts on another.

    Written row by row with XlsxWriter in constant-memory mode: pandas' `to_excel` costs about three times as
    much per cell, which at national scale (100,000 rows) is most of the export."""
    buffer = io.BytesIO()
    # Text stays text: a note such as "=1+1" or "0123" must not become a formula or a number.
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    options["strings_to_urls"] = False
    # Missing values as empty cells. (pandas takes None here; its stubs do not say so.)
    tasks = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()  # type: ignore[call-overload]
    with xlsxwriter.Workbook(buffer, options) as book:
        # Dated by the figures, not by the clock: the same data makes the same bytes.
        book.set_properties({"created": datetime.combine(day, time(), UTC)})
        bold = book.add_format({"bold": True})
        sheets = (("Nhiệm vụ", list(frame.columns), tasks), ("Theo đơn vị", list(LEAGUE_COLUMNS.values()), league))
        for name, header, values in sheets:
            sheet = book.add_worksheet(name)
            sheet.write_row(0, 0, header, bold)
            sheet.freeze_panes(1, 0)
            for number, row in enumerate(values, start=1):
                sheet.write_row(number, 0, row)
    return buffer.getvalue()


# Said once by a build that does not know the site's public address (see `data_plan`).
NO_SITE_URL = (
    "Cảnh báo: chưa có địa chỉ công khai của trang (site_url trong mkdocs.yml, hoặc TRACKER_SITE_URL): không xuất "
    "nguồn tin Atom (data/bao-cao-moi.atom), vì nguồn tin cần địa chỉ tuyệt đối; lịch .ics không kèm liên kết."
)


def data_plan(progress: Progress, site_url: str | None, override: Path | None = None) -> dict[str, Callable[[], bytes]]:
    """Every downloadable file of the site, as {path: a function that makes it}: the same rows in every format.

    Without the site's public address there is no Atom feed (its id and links must be absolute addresses) and the
    calendars' events carry no link; the data page says so."""
    from generator.site.feed import render_feed
    from generator.site.ical import Calendars
    from generator.site.search import search_index

    frame = functools.cache(lambda: export_frame(progress))
    calendars = functools.cache(lambda: Calendars(progress, site_url))
    plan = {
        "data/tasks.json": lambda: export_json(progress, site_url),
        contract.SCHEMA_PATH: contract.schema_bytes,
        "data/tasks.csv": lambda: tasks_csv(progress),
        "data/assignments.csv": lambda: assignments_csv(progress),
        "data/tasks.xlsx": lambda: export_xlsx(frame(), league_rows(agency_lines(progress)), progress.today),
        addresses.ALL_CALENDAR: lambda: calendars().feed_of_all("Hạn nhiệm vụ (tất cả)"),
        "data/tim-kiem.json": lambda: search_index(progress),
    }
    if site_url:
        plan["data/bao-cao-moi.atom"] = lambda: render_feed(progress, site_url, override).encode("utf-8")
    registry = progress.dataset.registry
    for agency_id, rows in progress.rows_by_agency.items():
        name = f"Hạn nhiệm vụ: {registry.display_name(agency_id)}"
        plan[addresses.agency_calendar(agency_id)] = lambda name=name, rows=rows: calendars().feed(name, rows)  # type: ignore[misc]
    return plan


def open_data(progress: Progress, site_url: str | None, override: Path | None = None) -> dict[str, bytes]:
    """Every downloadable file, made: {path: bytes}."""
    return {path: make() for path, make in data_plan(progress, site_url, override).items()}
