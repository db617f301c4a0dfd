"""Report files of the shape the tracker writes, read straight into a `Report`.

At national size a fresh check reads 85,000 report files, and for each the YAML reader makes a value object with its
position for every scalar and `fields` then reads them back one by one: about 30 µs a file, most of the check. The
files the form and `tracker report` write are a few lines of `key: value` at the first column under comment lines,
perhaps with a list of evidence (`- document: …`, `  date: …`). This reads that shape, in one pass, and only when every
value is one the report accepts as it is; anything else (an extension request, an office entry, a value that is
missing, null, malformed or out of range, an unusual character, a quote or escape, a key twice, a line of any other
shape) gives None, and the file is read as every other file is (`yamlio`, then `parse`), which also says what is
wrong. So it never reports anything itself.

`tests/core/test_report_text.py` reads every report file of the fixtures and generated ones both ways: whenever this
answers, its `Report` is the one the general reader makes, which finds no problem in the file.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from generator.core.fields import ISO_DATE, NOT_IN_URLS, YEARS
from generator.core.model import Evidence, Loc, Report, Reported

_TEXTS = ("task", "agency", "note", "difficulties", "proposals")
_KEYS = frozenset(("task", "agency", "date", "status", "note", "completed", "blocked", "difficulties", "proposals"))
_ITEM_KEYS = frozenset(("document", "date", "url", "title"))  # of an item of `evidence:`
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")  # a plain scalar that starts with one is not plain text
# Printable characters that YAML reads as they are; any other (a tab, a control, a line break of its own, a
# byte-order mark, a surrogate, a non-character) is left to the general reader.
_PLANES = "".join(f"{chr(plane << 16)}-{chr(plane << 16 | 0xFFFD)}" for plane in range(1, 17))
_OTHER = re.compile(f"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufdcf\ufdf0-\ufefe\uff00-\ufffd{_PLANES}]")
_NULLS = frozenset(("~", "null", "Null", "NULL"))


def report_from_text(text: str, file: str, start_line: int = 1, start_col: int = 1) -> Report | None:
    """The report of a report file's text, if it has the shape above; else None. The text's first line is the file's
    line `start_line`, its first column the file's `start_col` (a report of the ledger, its list's indentation taken
    off: see `ledger_load`)."""
    if _OTHER.search(text) or not unicodedata.is_normalized("NFC", text):
        return None
    values: dict[str, str] = {}
    items: list[dict[str, str]] | None = None  # the items of `evidence:`, while its lines go on
    evidence: list[dict[str, str]] = []
    indent = None
    first = 0
    # Read with the string's own methods: a regular expression for each line cost more than the rest.
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line[0] == "#":
            continue
        if line[0] in " -":
            # An item of `evidence:`, the list at the first column or two spaces in: `- key: value`, then
            # `  key: value`.
            line_indent = "  " if line.startswith(("  - ", "    ")) else ""
            if items is None or indent not in (None, line_indent):
                return None
            indent = line_indent
            dash, rest = line[len(indent) : len(indent) + 2], line[len(indent) + 2 :]
            if dash == "- ":
                items.append({})
            key, _, written = rest.partition(": ")
            value = _value(written)
            if dash not in ("- ", "  ") or key not in _ITEM_KEYS or value is None or not items or key in items[-1]:
                return None
            items[-1][key] = value
            continue
        items = None
        first = first or number
        if line == "evidence:" and "evidence" not in values:
            items, indent = [], None
            values["evidence"] = ""
            evidence = items
            continue
        key, _, written = line.partition(": ")
        value = _value(written)
        if key not in _KEYS or value is None or key in values:
            return None
        values[key] = value
    if not first or ("evidence" in values and not evidence):
        return None
    found = tuple(_evidence(item) for item in evidence) if "evidence" in values else ()
    if None in found:
        return None
    return _report(values, found, Loc(file, first + start_line - 1, start_col))  # type: ignore[arg-type]


def _value(written: str) -> str | None:
    """A value as `flat` reads it, marked when it was quoted (NUL is never in such a text): a plain scalar (no
    indicator first, no `: ` or ` #` inside, no `:` or space last) that is not null, or a double-quoted one without
    escapes; None for anything else."""
    if not written:
        return None
    if written[0] == '"':
        inner = written[1:-1]
        if len(written) < 2 or written[-1] != '"' or '"' in inner or "\\" in inner:
            return None
        return "\0" + inner
    if written[0] in _INDICATORS or written[0].isspace() or written[-1] in ": " or written in _NULLS:
        return None
    return None if ": " in written or " #" in written else written


def _text(value: str | None) -> str | None:
    return None if value is None else value.removeprefix("\0").strip()


def _evidence(item: dict[str, str]) -> Evidence | None:
    """An item of `evidence:` as `parse` reads it, when it reads it without a word; else None."""
    document, url, title = _text(item.get("document")), _text(item.get("url")), _text(item.get("title"))
    day = _day(item.get("date"))
    if "" in (document, url, title) or day is False or (document is None and url is None):
        return None
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.netloc or any(c in NOT_IN_URLS for c in url):
            return None
    return Evidence(document, day if isinstance(day, date) else None, url, title)


def _report(values: dict[str, str], evidence: tuple[Evidence, ...], loc: Loc) -> Report | None:
    texts = {key: values[key].removeprefix("\0").strip() for key in _TEXTS if key in values}
    day, completed = _day(values.get("date")), _day(values.get("completed"))
    blocked = values.get("blocked", "false")
    status = values.get("status", "").removeprefix("\0").strip()
    if not texts.get("task") or not texts.get("agency") or not isinstance(day, date) or status not in _STATUSES:
        return None
    if blocked not in ("true", "false") or completed is False:
        return None
    if isinstance(completed, date) and (status == Reported.IN_PROGRESS or completed > day):
        return None  # R008
    return Report(
        task=texts["task"],
        agency=texts["agency"],
        date=day,
        status=_STATUSES[status],
        completed=completed if isinstance(completed, date) else None,
        note=texts.get("note") or None,
        blocked=blocked == "true",
        difficulties=texts.get("difficulties") or None,
        proposals=texts.get("proposals") or None,
        evidence=evidence,
        loc=loc,
    )


_STATUSES = {status.value: status for status in Reported}


def _day(value: str | None) -> date | bool | None:
    """The date written, None if none was, False if it is not one the report accepts."""
    return None if value is None else _date(value.removeprefix("\0").strip())


@lru_cache(maxsize=4096)  # 200,000 dates at 20,000 tasks, a few hundred of them different
def _date(text: str) -> date | bool:
    match = ISO_DATE.match(text)
    if not match:
        return False
    year, month, day = (int(part) for part in match.groups())
    if year not in YEARS:
        return False
    try:
        return date(year, month, day)
    except ValueError:
        return False
