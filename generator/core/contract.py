"""The open-data contract: what `data/tasks.json` holds, so that another province or tool can read and publish it.

One definition, read by the site's export (which writes it) and by the national roll-up (which reads other
provinces' files). FORMAT.md ("Open data: the `tasks.json` contract") documents it for people; the JSON Schema
beside this module (`tasks_json.schema.json`, published in every site as `data/tasks.schema.json`) for tools.

Version rules: `MAJOR.MINOR`. A minor version only adds (an optional top-level key, a row field readers may
ignore); a reader of 2.0 reads every 2.x. Anything else (a field removed, renamed or retyped, a value added to a
closed vocabulary, a meaning changed) is a new major version, which readers of the old one refuse.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from generator.core.model import AgencyKind, Role
from generator.core.status import Category

NAME = "directive-tracker/tasks"
MAJOR = 2
MINOR = 0
VERSION = f"{MAJOR}.{MINOR}"
SCHEMA_FILE = Path(__file__).with_name("tasks_json.schema.json")
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


def envelope_head(as_of: str, site_url: str | None, row_count: int) -> str:
    """The document up to its rows: `{"contract": …, "version": …, …, "rows": ` (the caller writes the array and
    the closing brace), so that the rows can be written by the fastest writer at hand."""
    head = {
        "contract": NAME,
        "version": VERSION,
        "as_of": as_of,
        "site_url": site_url,
        "schema": SCHEMA_PATH,
        "row_count": row_count,
    }
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": '


@cache
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text("utf-8"))


def schema_bytes() -> bytes:
    return SCHEMA_FILE.read_bytes()
