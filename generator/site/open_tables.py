"""The open data of contract version 3 (`core.contract`): `data/tasks.json`, and the same two tables as CSV.

`tasks.json` lists directives, agencies and items once and each assignment as a short row referring to them;
`data/tasks.csv` (the items) and `data/assignments.csv` (the assignments) are the items and the rows for
spreadsheets. Version 2 repeated the directive and the item's text on every assignment's row, which made the two
files 28 MiB at 5,000 tasks, a quarter of the site."""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import Any

import pandas as pd

from generator.core import contract
from generator.core.addresses import item_url
from generator.core.model import Registry
from generator.core.progress import Progress
from generator.core.wording import directive_title


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def kind_of(registry: Registry, agency_id: str) -> str:
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
            "deadline": iso(item.deadline),
            "original_deadline": iso(item.original_deadline),
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
            "last_report_date": iso(row.status.latest.date if row.status.latest else None),
        }
        for row in progress.rows
    ]


def agency_records(progress: Progress) -> list[dict[str, Any]]:
    """Every agency (or group tracked as one unit) that is given an item, once, in the order they first appear."""
    registry = progress.dataset.registry
    ids = dict.fromkeys(row.agency_id for row in progress.rows)
    return [{"agency_id": a, "agency_name": registry.display_name(a), "agency_kind": kind_of(registry, a)} for a in ids]


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
        "directives": contract.as_arrays("directives", directive_records(progress)),
        "agencies": contract.as_arrays("agencies", agency_records(progress)),
        "task_count": len(tasks),
        "tasks": contract.as_arrays("tasks", tasks),
        "row_count": len(rows),
        "rows": contract.as_arrays("rows", rows),
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
