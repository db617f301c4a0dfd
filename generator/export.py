"""The open-data files: one row per tracked item and assigned agency, the same fields in every format."""

from __future__ import annotations

import pandas as pd

from .progress import Progress, Row

COLUMNS = (
    "task_id",
    "directive_id",
    "directive_number",
    "task_number",
    "deliverable",
    "agency_id",
    "agency_name",
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
    "as_of",
)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _record(row: Row, progress: Progress) -> dict:
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
        "as_of": progress.today.isoformat(),
    }


def export_frame(progress: Progress) -> pd.DataFrame:
    frame = pd.DataFrame([_record(row, progress) for row in progress.rows], columns=list(COLUMNS))
    return frame.astype({"blocked": bool, "key_task": bool, "days_overdue": "int64"})


def export_json(frame: pd.DataFrame) -> bytes:
    text = frame.to_json(orient="records", force_ascii=False, indent=1)
    return text.encode("utf-8")


def export_csv(frame: pd.DataFrame) -> bytes:
    # The byte-order mark makes Excel read the file as UTF-8, so Vietnamese names survive a double-click.
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
