"""A province's `tasks.json` checked against the contract, and reduced to what the national pages show.

A file is used whole or not at all: one row that breaks the contract and the province is reported as unreadable,
never counted in part. Versions 2, 3 and 4 are read (provinces upgrade at different times); version 4's entries
are made objects, as in version 3, and version 3's tables are joined back into version 2's rows
(`contract.joined_rows`) once they are checked, so all are counted one way.
What is kept of it is small (counts, and the longest-overdue items up to a limit), so that provinces are read one at
a time in bounded memory.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from generator.core import contract
from generator.core.wording import short_text
from generator.federate.schema_check import definition_validator, row_check, validator

# The four counts Vietnamese offices publish, and the two for tasks without a deadline (as the province league).
BUCKETS = ("done_on_time", "done_late", "within_deadline", "overdue", "ongoing", "done_undated")
BUCKET_OF = {
    "done_on_time": "done_on_time",
    "done_late": "done_late",
    "in_progress": "within_deadline",
    "due_soon": "within_deadline",
    "overdue": "overdue",
    "ongoing": "ongoing",
    "done": "done_undated",
}


class Unreadable(Exception):
    """Why a province's file cannot be used, in Vietnamese, for the national page."""


@dataclass
class Counts:
    done_on_time: int = 0
    done_late: int = 0
    within_deadline: int = 0
    overdue: int = 0
    ongoing: int = 0
    done_undated: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, b) for b in BUCKETS)

    def add(self, other: Counts) -> None:
        for bucket in BUCKETS:
            setattr(self, bucket, getattr(self, bucket) + getattr(other, bucket))


@dataclass(frozen=True)
class OverdueItem:
    task_id: str
    title: str  # "2.6. Báo cáo 6 tháng", as the province's pages name the item
    agency_name: str
    agency_kind: str
    deadline: date | None
    days_overdue: int
    text: str
    link: str  # the item on its province's own site: an absolute http(s) address


@dataclass
class Summary:
    as_of: date
    version: str
    counts: Counts
    by_kind: dict[str, Counts]
    overdue: list[OverdueItem]  # the longest overdue first, at most the configured number
    blocked: int
    rows: int = field(default=0)


# The arrays of each major version, with the definition their items follow: checked by the fast check.
TABLES = {2: {"rows": "row"}, 3: contract.TABLES, 4: contract.TABLES}


def parse_document(data: bytes) -> dict[str, Any]:
    """The JSON document of a contract file, or Unreadable saying what it is instead."""
    try:
        document = json.loads(data)
    except UnicodeDecodeError:
        raise Unreadable("tệp không phải văn bản UTF-8") from None
    except json.JSONDecodeError as exc:
        cut = "" if data.rstrip().endswith((b"}", b"]")) else " (tệp có thể bị cắt)"
        raise Unreadable(f"tệp không phải JSON hợp lệ{cut}: {exc.msg} ở ký tự {exc.pos:,}") from None
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, arrays nested thousands deep
        raise Unreadable(f"tệp JSON không đọc được ({type(exc).__name__})") from None
    if isinstance(document, list):
        raise Unreadable(
            "tệp theo quy ước cũ (phiên bản 1: chỉ là danh sách các dòng, không ghi phiên bản và ngày số liệu); "
            f"công cụ này đọc phiên bản {_readable()}"
        )
    if not isinstance(document, dict):
        raise Unreadable("tệp không phải một đối tượng JSON theo quy ước dữ liệu mở")
    if document.get("contract") != contract.NAME:
        raise Unreadable(f"tệp không theo quy ước `{contract.NAME}` (contract: {str(document.get('contract'))[:80]})")
    if contract.major_of(document) not in contract.READS:
        version = str(document.get("version"))
        raise Unreadable(f"tệp theo phiên bản {version[:20]} của quy ước; công cụ này đọc phiên bản {_readable()}")
    return document


def _readable() -> str:
    names = [f"{major}.x" for major in contract.READS]
    return ", ".join(names[:-1]) + " và " + names[-1]


def check_document(document: dict[str, Any], today: date) -> date:
    """The day the figures are for, once the whole document is checked against the contract. A version 4
    document's entries are objects afterwards, as in version 3 (see _check_schema)."""
    major = contract.major_of(document)
    assert major in contract.READS  # parse_document refused any other
    _check_schema(document, major)
    try:
        as_of = date.fromisoformat(document["as_of"])
    except ValueError:
        raise Unreadable(f"ngày số liệu `{document['as_of']}` không có thật") from None
    if as_of > today:
        raise Unreadable(f"ngày số liệu {as_of:%d/%m/%Y} sau ngày tổng hợp {today:%d/%m/%Y}")
    rows = document["rows"]
    if document["row_count"] != len(rows):
        raise Unreadable(f"tệp ghi {document['row_count']:,} dòng nhưng có {len(rows):,} dòng")
    if major == 2:
        odd = next((i for i, row in enumerate(rows) if row["as_of"] != document["as_of"]), None)
        if odd is not None:
            raise Unreadable(f"dòng rows[{odd}] có ngày số liệu khác ngày của tệp")
    else:
        _check_references(document)
    return as_of


def _check_schema(document: dict[str, Any], major: int) -> None:
    """The envelope by the general validator; the arrays, long, by the fast check of the same schema. A version 4
    document's entries are arrays: once each is checked to hold a value for every name of its table's `fields`,
    they are made objects (version 3's shape, in place: what reads the document next reads that) and checked by
    version 3's definitions, which version 4's follow value for value."""
    tables = TABLES[major]
    envelope = {**document, **{k: [] for k in tables if isinstance(document.get(k), list)}}
    error = next(iter(validator(major).iter_errors(envelope)), None)
    if error is not None:
        raise _wrong(list(error.absolute_path), error.message)
    if major == 4:
        _check_lengths(document)
        document.update(contract.as_objects(document))
        major = 3
    for key, definition in tables.items():
        items: list[Any] = document[key]
        passes = row_check(major, definition)
        bad = next((i for i, item in enumerate(items) if not passes(item)), None)
        if bad is not None:
            error = next(iter(definition_validator(major, definition).iter_errors(items[bad])))
            raise _wrong([key, bad, *error.absolute_path], error.message)


def _check_lengths(document: dict[str, Any]) -> None:
    for key in TABLES[4]:
        wanted = len(document["fields"][key])
        odd = next((i for i, e in enumerate(document[key]) if not isinstance(e, list) or len(e) < wanted), None)
        if odd is not None:
            entry = document[key][odd]
            what = f"có {len(entry)} giá trị" if isinstance(entry, list) else "không phải một mảng"
            raise Unreadable(f"`{key}[{odd}]` {what}, cần {wanted} giá trị theo `fields.{key}`")


def _wrong(path: list[Any], message: str) -> Unreadable:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return Unreadable(f"dữ liệu sai quy ước ở `{where or 'gốc'}`: {message[:300]}")


def _check_references(document: dict[str, Any]) -> None:
    """Version 3 names each directive, agency and item once and refers to them by id: every id is unique, every
    reference is to one the file lists, and each item is given to an agency at most once."""
    for key, id_key in (("directives", "directive_id"), ("agencies", "agency_id"), ("tasks", "task_id")):
        seen: set[str] = set()
        for i, entry in enumerate(document[key]):
            if entry[id_key] in seen:
                raise Unreadable(f"`{key}[{i}]`: mã {entry[id_key][:80]} đã có ở trên")
            seen.add(entry[id_key])
    if document["task_count"] != len(document["tasks"]):
        raise Unreadable(f"tệp ghi {document['task_count']:,} nhiệm vụ nhưng có {len(document['tasks']):,}")
    directives = {d["directive_id"] for d in document["directives"]}
    odd = next((i for i, t in enumerate(document["tasks"]) if t["directive_id"] not in directives), None)
    if odd is not None:
        raise Unreadable(f"`tasks[{odd}]` thuộc một văn bản không có trong `directives`")
    tasks = {t["task_id"] for t in document["tasks"]}
    agencies = {a["agency_id"] for a in document["agencies"]}
    pairs: set[tuple[str, str]] = set()
    for i, row in enumerate(document["rows"]):
        if row["task_id"] not in tasks:
            raise Unreadable(f"`rows[{i}]` ghi nhiệm vụ {row['task_id'][:80]} không có trong `tasks`")
        if row["agency_id"] not in agencies:
            raise Unreadable(f"`rows[{i}]` ghi đơn vị {row['agency_id'][:80]} không có trong `agencies`")
        pair = (row["task_id"], row["agency_id"])
        if pair in pairs:
            raise Unreadable(f"`rows[{i}]`: nhiệm vụ và đơn vị này đã có ở một dòng trên")
        pairs.add(pair)


def summarize(document: dict[str, Any], as_of: date, base_url: str, limit: int) -> Summary:
    """Counts per kind of agency and the `limit` longest-overdue items, linked under the province's address."""
    tally: Counter[tuple[str, str]] = Counter()
    overdue: list[dict] = []
    blocked = 0
    for row in contract.joined_rows(document):
        tally[row["agency_kind"], BUCKET_OF[row["status"]]] += 1
        blocked += row["blocked"]
        if row["status"] == "overdue":
            overdue.append(row)
    by_kind: dict[str, Counts] = {}
    for (kind, bucket), number in tally.items():
        counts = by_kind.setdefault(kind, Counts())
        setattr(counts, bucket, getattr(counts, bucket) + number)
    total = Counts()
    for counts in by_kind.values():
        total.add(counts)
    longest = heapq.nsmallest(limit, overdue, key=lambda r: (-r["days_overdue"], r["task_id"], r["agency_id"]))
    items = [_overdue_item(row, base_url) for row in longest]
    ordered = {kind: by_kind[kind] for kind in contract.KINDS if kind in by_kind}
    return Summary(as_of, str(document["version"]), total, ordered, items, blocked, len(document["rows"]))


def _overdue_item(row: dict[str, Any], base_url: str) -> OverdueItem:
    link = base_url + row["url"]
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(base_url).netloc:
        link = base_url  # the schema admits only relative paths; this is a second lock on the same door
    return OverdueItem(
        task_id=row["task_id"],
        title=f"{row['task_number']}. {row['deliverable'] or short_text(row['text'])}",
        agency_name=row["agency_name"],
        agency_kind=row["agency_kind"],
        deadline=_day(row["deadline"]),
        days_overdue=row["days_overdue"],
        text=row["text"],
        link=link,
    )


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:  # the schema checks the shape (YYYY-MM-DD), not that the day exists
        return None
