"""Dates and deadlines as Vietnamese directives write them.

"trước ngày 15 tháng 5 năm 2025", "trước 20/5/2025", "trong tháng 6/2025", "trong vòng 15 ngày kể từ ngày ký",
"6 tháng trước ngày 20 tháng 5 năm 2025 và cả năm trước ngày 20 tháng 11 năm 2025" (two reports), "định kỳ hằng
quý". What the text leaves open (a period counted from a signing date the text does not give, a report "hằng quý"
with no day) is returned with no date, for a person to finish; nothing is guessed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from slugify import slugify

from generator.core.model import Every

_DAY_MONTH_YEAR = r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_SLASHED = r"(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})"
DATE = re.compile(rf"{_DAY_MONTH_YEAR}|{_SLASHED}")
# A report of a period ("6 tháng", "cả năm", "quý I") due before a date; the label names the deliverable.
_BEFORE = re.compile(
    rf"(?:(?P<label>\d+\s+tháng(?:\s+đầu\s+năm)?|cả\s+năm|quý\s+[IV]+)\s+)?(?:trước|chậm\s+nhất(?:\s+là)?|"
    rf"hạn\s+chót)\s+(?:ngày\s+)?(?:{_DAY_MONTH_YEAR}|{_SLASHED})",
    re.IGNORECASE,
)
_IN_MONTH = re.compile(r"trong\s+tháng\s+(\d{1,2})(?:/|\s+năm\s+)(\d{4})", re.IGNORECASE)
_IN_QUARTER = re.compile(r"trong\s+quý\s+(I|II|III|IV)(?:/|\s+năm\s+)(\d{4})", re.IGNORECASE)
_AFTER_SIGNING = re.compile(
    r"trong\s+(?:vòng|thời\s+hạn)?\s*(\d+)\s+ngày(\s+làm\s+việc)?\s*,?\s+kể\s+từ\s+ngày\s+(?:ký|ban\s+hành)",
    re.IGNORECASE,
)
_PERIODIC = re.compile(
    r"định\s+kỳ\s+(?:hằng|hàng)\s+(tháng|quý|năm)|định\s+kỳ\s+(6\s+tháng|sáu\s+tháng)", re.IGNORECASE
)
_EVERY = {"tháng": Every.MONTH, "quý": Every.QUARTER, "năm": Every.YEAR}
_QUARTERS = {"I": 3, "II": 6, "III": 9, "IV": 12}


@dataclass(frozen=True)
class Due:
    """One deadline found in a text."""

    text: str  # as written
    start: int  # where in the text
    deadline: date | None  # None: the text does not give enough to know the day
    label: str | None = None  # the period a report covers, when the text asks for several ("6 tháng", "cả năm")
    every: Every | None = None  # a periodic report ("định kỳ hằng quý"), whose day the text does not give
    problem: str | None = None  # why there is no date, for the person who finishes the draft

    @property
    def part_id(self) -> str | None:
        """An id for the deliverable: "6 tháng" → "6-thang"."""
        return slugify(self.label) if self.label else None


def parse_date(text: str) -> date | None:
    """The first date written in full in `text` ("ngày 14 tháng 3 năm 2025", "26/11/2025"), if it exists."""
    match = DATE.search(text)
    return _date(match.groups()) if match else None


def _date(groups: Iterable[str | None]) -> date | None:
    day, month, year = (int(g) for g in groups if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_deadlines(text: str, signed: date | None = None) -> list[Due]:
    """Every deadline in `text`, in order; `signed` is the directive's date, for periods counted from it."""
    found = [_before(m) for m in _BEFORE.finditer(text)]
    for m in _IN_MONTH.finditer(text):
        month, year = int(m.group(1)), int(m.group(2))
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        found.append(Due(m.group(0), m.start(), date(year, month, last) if last else None))
    for m in _IN_QUARTER.finditer(text):
        month, year = _QUARTERS[m.group(1).upper()], int(m.group(2))
        found.append(Due(m.group(0), m.start(), date(year, month, calendar.monthrange(year, month)[1])))
    for m in _AFTER_SIGNING.finditer(text):
        found.append(_after_signing(m, signed))
    for m in _PERIODIC.finditer(text):
        every = _EVERY[m.group(1).lower()] if m.group(1) else Every.HALF_YEAR
        problem = "báo cáo định kỳ: văn bản không ghi ngày nộp trong kỳ; hãy ghi `recurrence:` (day, start)"
        found.append(Due(m.group(0), m.start(), None, every=every, problem=problem))
    return sorted(found, key=lambda d: d.start)


def _before(m: re.Match[str]) -> Due:
    label = " ".join(m.group("label").split()) if m.group("label") else None
    day = _date(m.groups()[1:])
    problem = None if day else f"ngày `{m.group(0)}` không có thật"
    return Due(" ".join(m.group(0).split()), m.start(), day, label=label, problem=problem)


def _after_signing(m: re.Match[str], signed: date | None) -> Due:
    days, working = int(m.group(1)), bool(m.group(2))
    text = " ".join(m.group(0).split())
    if signed is None:
        return Due(text, m.start(), None, problem="hạn tính từ ngày ký, mà văn bản không ghi ngày ký")
    if not working:
        return Due(text, m.start(), signed + timedelta(days=days))
    day, left = signed, days
    while left:  # working days: Monday to Friday (public holidays are not known here)
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return Due(text, m.start(), day, problem="ngày làm việc: kiểm tra lại nếu có ngày nghỉ lễ")
