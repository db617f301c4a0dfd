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
# A plain scalar as `flat` reads one (no indicator first, no `: ` or ` #` inside, no `:` or space last), or a
# double-quoted one without escapes.
_VALUE = r"(?:(?P<plain>[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#]++|:(?! |$)|(?<! )#)*+)(?<! )|\"(?P<quoted>[^\"\\]*)\")$"
_LINE = re.compile(r"(?P<key>task|agency|date|status|note|completed|blocked|difficulties|proposals): " + _VALUE)
# An item of `evidence:`, the list at the first column or two spaces in: `- key: value`, then `  key: value`.
_ITEM = re.compile(r"(?P<indent>(?:  )?)(?P<dash>- |  )(?P<key>document|date|url|title): " + _VALUE)
# Printable characters that YAML reads as they are; any other (a tab, a control, a line break of its own, a
# byte-order mark, a surrogate, a non-character) is left to the general reader.
_PLANES = "".join(f"{chr(plane << 16)}-{chr(plane << 16 | 0xFFFD)}" for plane in range(1, 17))
_OTHER = re.compile(f"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufdcf\ufdf0-\ufefe\uff00-\ufffd{_PLANES}]")
_NULLS = frozenset(("~", "null", "Null", "NULL"))


def report_from_text(text: str, file: str) -> Report | None:
    """The report of a report file's text, if it has the shape above; else None."""
    if _OTHER.search(text) or not unicodedata.is_normalized("NFC", text):
        return None
    values: dict[str, str] = {}
    items: list[dict[str, str]] | None = None  # the items of `evidence:`, while its lines go on
    evidence: list[dict[str, str]] = []
    indent = None
    first = 0
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line[0] == "#":
            continue
        if line[0] in " -":
            item = _ITEM.match(line) if items is not None else None
            if item is None or indent not in (None, item["indent"]):
                return None
            indent = item["indent"]
            if item["dash"] == "- ":
                items.append({})  # type: ignore[union-attr]
            if not items or item["key"] in items[-1] or not _put(items[-1], item):
                return None
            continue
        items = None
        first = first or number
        if line == "evidence:" and "evidence" not in values:
            items, indent = [], None
            values["evidence"] = ""
            evidence = items
            continue
        match = _LINE.match(line)
        if match is None or match["key"] in values or not _put(values, match):
            return None
    if not first or ("evidence" in values and not evidence):
        return None
    found = tuple(_evidence(item) for item in evidence) if "evidence" in values else ()
    if None in found:
        return None
    return _report(values, found, Loc(file, first, 1))  # type: ignore[arg-type]


def _put(into: dict[str, str], line: re.Match[str]) -> bool:
    """Keep a line's value, marked when it was quoted (NUL is never in such a text); False for a null."""
    plain, quoted = line["plain"], line["quoted"]
    if plain is not None and plain in _NULLS:
        return False
    into[line["key"]] = plain if plain is not None else "\0" + quoted
    return True


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
