"""The open-data files: every tracked item and every assignment, once each, in every format.

`data/tasks.json` and the two CSV files are written by `open_tables` (contract version 3). The workbook keeps one
sheet with every field on every assignment's row (version 2's columns, COLUMNS), for people who want one table: it is
compressed, so repeating costs it little. pandas holds the table the workbook is written from; the per-agency counts
are a short list of rows, kept as plain lists."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from generator.core import addresses, contract
from generator.core.addresses import item_url
from generator.core.progress import Progress, Row
from generator.site.open_tables import assignments_csv, export_json, iso, kind_of, tasks_csv
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
        "agency_kind": kind_of(registry, row.agency_id),
        "role": row.role.value,
        "via_group": row.via_group,
        "deadline": iso(item.deadline),
        "original_deadline": iso(item.original_deadline),
        "status": status.category.value,
        "status_label": status.category.label,
        "blocked": status.blocked,
        "days_overdue": status.days_overdue,
        "last_report_date": iso(status.latest.date if status.latest else None),
        "key_task": item.task.key,
        "text": item.task.text,
        "url": item_url("", item),
        "as_of": progress.today.isoformat(),
    }


def export_frame(progress: Progress) -> pd.DataFrame:
    frame = pd.DataFrame([_record(row, progress) for row in progress.rows], columns=list(COLUMNS))
    return frame.astype({"blocked": bool, "key_task": bool, "days_overdue": "int64"})


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

    def agency_feed(agency_id: str, rows: tuple[Row, ...]) -> bytes:
        return calendars().feed(f"Hạn nhiệm vụ: {registry.display_name(agency_id)}", agency_id, rows)

    for agency_id, rows in progress.rows_by_agency.items():
        plan[addresses.agency_calendar(agency_id)] = functools.partial(agency_feed, agency_id, rows)
    return plan


def open_data(progress: Progress, site_url: str | None, override: Path | None = None) -> dict[str, bytes]:
    """Every downloadable file, made: {path: bytes}."""
    return {path: make() for path, make in data_plan(progress, site_url, override).items()}
