"""The open-data contract: what `data/tasks.json` holds, so that another province or tool can read and publish it.

One definition, read by the site's export (which writes it) and by the national roll-up (which reads other
provinces' files). FORMAT.md ("Open data: the `tasks.json` contract") documents it for people; the JSON Schema
beside this module (`tasks_json.schema.json`, published in every site as `data/tasks.schema.json`) for tools.

Version rules: `MAJOR.MINOR`. A minor version only adds (an optional top-level key, a field readers may ignore,
appended to its table's `fields`); a reader of 4.0 reads every 4.x. Anything else (a field removed, renamed or
retyped, a value added to a closed vocabulary, a meaning changed) is a new major version, which readers of the old
one refuse.

Version 4 is version 3 with each entry of a table written as an array of values, in the order the document's
`fields` names for that table: the field names, repeated on every row, were half of version 3's bytes (at 5,000
tasks 7.6 MiB, 3.0 of them names). `as_objects` turns a version 4 document back into version 3's shape, which every
other reader of this module (the checks, `joined_rows`) reads.

Version 3 is version 2 normalised: v2 repeated the directive and the task's text on every assignment's row (at
5,000 tasks 18 MiB, the largest file of the site); v3 lists directives, agencies and tasks once each and keeps per
assignment only a short row that refers to them by id. `joined_rows` puts a v3 document's rows back into v2's shape,
so that a reader of both (the national roll-up: provinces upgrade at different times) counts them one way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

from generator.core.model import AgencyKind, Role
from generator.core.status import Category

NAME = "directive-tracker/tasks"
MAJOR = 4
MINOR = 0
VERSION = f"{MAJOR}.{MINOR}"
READS = (2, 3, 4)  # the major versions a reader of this contract reads: the current one and the ones before
SCHEMA_FILE = Path(__file__).with_name("tasks_json.schema.json")
# The schemas of versions 2 and 3, kept as they were published, to check the files of provinces that have not
# upgraded yet (and version 4's entries, once they are objects again: `as_objects`).
SCHEMA_FILES = {
    2: Path(__file__).with_name("tasks_json_v2.schema.json"),
    3: Path(__file__).with_name("tasks_json_v3.schema.json"),
    4: SCHEMA_FILE,
}
# The tables of versions 3 and 4, with the schema definition their entries follow.
TABLES = {"directives": "directive", "agencies": "agency", "tasks": "task", "rows": "row"}
SCHEMA_PATH = "data/tasks.schema.json"  # where a site publishes the schema, beside data/tasks.json

# A group whose members are not listed yet is tracked as one unit under its own id: its kind is "group".
GROUP_KIND = "group"
KINDS = (*(k.value for k in AgencyKind), GROUP_KIND)
ROLES = tuple(r.value for r in Role)
STATUSES = tuple(c.value for c in Category)

# How the national pages name each kind of agency.
KIND_LABELS = {
    "department": "Sở, ban, ngành",
    "police": "Công an",
    "district": "Cấp huyện",
    "commune": "Cấp xã, phường",
    "front": "Mặt trận Tổ quốc",
    "organisation": "Tổ chức, đoàn thể",
    "other": "Khác",
    GROUP_KIND: "Nhóm chưa có danh sách thành viên",
}


def envelope(as_of: str, site_url: str | None) -> dict[str, Any]:
    """What a document says about itself, before its tables: and the names of each table's values."""
    named = {table: list(fields(table)) for table in TABLES}
    return {"contract": NAME, "version": VERSION, "as_of": as_of, "site_url": site_url, "schema": SCHEMA_PATH} | {
        "fields": named
    }


@cache
def schema(major: int = MAJOR) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(SCHEMA_FILES[major].read_text("utf-8")))


def schema_bytes() -> bytes:
    return SCHEMA_FILE.read_bytes()


def major_of(document: dict[str, Any]) -> int | None:
    """The document's major version, or None when `version` is not `MAJOR.MINOR`."""
    head = str(document.get("version")).split(".")[0]
    return int(head) if head.isdigit() and len(head) < 4 else None


@cache
def fields(table: str) -> tuple[str, ...]:
    """The values of a table's entry, in the order version 4 writes them: version 3's fields, in its schema's order."""
    return tuple(schema(3)["$defs"][TABLES[table]]["properties"])


def as_arrays(table: str, records: list[dict[str, Any]]) -> list[list[Any]]:
    names = fields(table)
    return [[record[name] for name in names] for record in records]


def as_objects(document: dict[str, Any]) -> dict[str, Any]:
    """A version 4 document in version 3's shape: each entry of a table an object again, keyed by the names the
        document's `fields` gives, in order (a value beyond them, which a later minor version may add, is kept under its
        name too; an entry shorter than `fields` is left short, for the checks to refuse). An entry that is an object
    already is left as it is, and so is a document of another version."""
    if major_of(document) != 4:
        return document
    named = document["fields"]
    tables = {
        key: [dict(zip(named[key], entry, strict=False)) if isinstance(entry, list) else entry for entry in entries]
        for key, entries in ((key, document[key]) for key in TABLES)
    }
    return {**document, **tables}


def joined_rows(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every row of a checked document in version 2's shape (every field of the item, the agency and the
    directive beside the status), whichever major version it is: one row at a time, so memory holds one."""
    if major_of(document) == 2:
        yield from document["rows"]
        return
    document = as_objects(document)
    directives = {d["directive_id"]: d for d in document["directives"]}
    agencies = {a["agency_id"]: a for a in document["agencies"]}
    tasks = {t["task_id"]: t for t in document["tasks"]}
    as_of = document["as_of"]
    for row in document["rows"]:
        task, agency = tasks[row["task_id"]], agencies[row["agency_id"]]
        yield {
            "task_id": row["task_id"],
            "directive_id": task["directive_id"],
            "directive_number": directives[task["directive_id"]]["directive_number"],
            "task_number": task["task_number"],
            "deliverable": task["deliverable"],
            "agency_id": row["agency_id"],
            "agency_name": agency["agency_name"],
            "agency_kind": agency["agency_kind"],
            "role": row["role"],
            "via_group": row["via_group"],
            "deadline": task["deadline"],
            "original_deadline": task["original_deadline"],
            "status": row["status"],
            "status_label": Category(row["status"]).label,
            "blocked": row["blocked"],
            "days_overdue": row["days_overdue"],
            "last_report_date": row["last_report_date"],
            "key_task": task["key_task"],
            "text": task["text"],
            "url": task["url"],
            "as_of": as_of,
        }
