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
from generator.importer.bodies import name_at

_DAY_MONTH_YEAR = r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
# "20/5/2025", and as some write it "20-5-2025" or "20.5.2025" (each its own groups: a date is three numbers).
_SLASHED = r"(?:ngày\s+)?(?:(\d{1,2})/(\d{1,2})/(\d{4})|(\d{1,2})-(\d{1,2})-(\d{4})|(\d{1,2})\.(\d{1,2})\.(\d{4}))"
DATE = re.compile(rf"{_DAY_MONTH_YEAR}|{_SLASHED}")
# A report of a period ("6 tháng", "cả năm", "quý I") due before a date; the label names the deliverable.
# "Thời hạn: …", "Thời gian hoàn thành: …" (not "Thời gian: 8 giờ ngày …", the time of a meeting).
_DUE_LABEL = r"(?:thời\s+hạn(?:\s+hoàn\s+thành)?|hạn\s+hoàn\s+thành|thời\s+gian\s+hoàn\s+thành)\s*:"
_BEFORE = re.compile(
    rf"(?:(?P<label>\d+\s+tháng(?:\s+đầu\s+năm)?|cả\s+năm|quý\s+[IV]+)\s+)?(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|"
    rf"hạn\s+chót|hạn\s+cuối|{_DUE_LABEL})\s+"
    rf"(?:\d{{1,2}}\s*(?:h|giờ)(?:\s*\d{{2}})?['’]?\s*,?\s*)?(?:ngày\s+)?(?:{_DAY_MONTH_YEAR}|{_SLASHED})",
    re.IGNORECASE,
)
# "tới ngày 15/3/2013", "đến hết ngày 30/6/2025": the end of the time given for the work. Not a date data are
# counted to ("số liệu tính đến ngày …") nor the end of a period written with its first day ("từ ngày 17/3/2026 đến
# ngày 23/3/2026": a reporting period, a bulletin's validity).
_UNTIL = re.compile(
    rf"(?<!tính\s)(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?:{_DAY_MONTH_YEAR}|{_SLASHED})",
    re.IGNORECASE,
)
_PERIOD_START = re.compile(rf"từ\s+(?:ngày\s+)?(?:{_DAY_MONTH_YEAR}|{_SLASHED})\s*$", re.IGNORECASE)
# "trong tháng 12/2025", "hoàn thành trong quý III năm 2025", "vào tháng 6/2025", "chậm nhất trong quý IV/2025".
_WITHIN = rf"(?:trong|vào|hoàn\s+thành|chậm\s+nhất|{_DUE_LABEL})\s+"
_IN_MONTH = re.compile(rf"{_WITHIN}tháng\s+(\d{{1,2}})(?:/|\s+năm\s+)(\d{{4}})", re.IGNORECASE)
_IN_QUARTER = re.compile(rf"{_WITHIN}quý\s+(I|II|III|IV)(?:/|\s+năm\s+)(\d{{4}})", re.IGNORECASE)
_AFTER_SIGNING = re.compile(
    r"trong\s+(?:vòng|thời\s+hạn)?\s*(\d+)\s+ngày(\s+làm\s+việc)?\s*,?\s+kể\s+từ\s+ngày\s+(?:ký|ban\s+hành)",
    re.IGNORECASE,
)
_EVERY = {"tháng": Every.MONTH, "quý": Every.QUARTER, "năm": Every.YEAR}
_QUARTERS = {"I": 3, "II": 6, "III": 9, "IV": 12}


_DAY_MONTH = r"(\d{1,2})/(\d{1,2})(?!/\d)"
_ANY_DAY = rf"(?:ngày\s+)?(?:{_DAY_MONTH_YEAR}|{_SLASHED}|{_DAY_MONTH})"
# "trước ngày 05/6 và 05/12 hàng năm", "trước 14h hàng ngày", "định kỳ hằng quý, trước ngày 20 của tháng cuối quý"
_RECURRING = re.compile(
    rf"(?:(?:trước|chậm\s+nhất|vào)\s+(?:\d{{1,2}}\s*(?:h|giờ)\s*,?\s*)?(?:{_ANY_DAY}(?:\s*(?:,|và)\s*{_ANY_DAY})*)?"
    rf"\s*,?\s*)?(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm|kỳ)"
    rf"(?:\s*,?\s*trước\s+ngày\s+\d{{1,2}}(?:\s+(?:của\s+)?tháng\s+(?:cuối|đầu)\s+(?:quý|kỳ|năm))?)?|"
    rf"định\s+kỳ\s+(?:6|sáu)\s+tháng(?:\s*,?\s*(?:hằng|hàng)\s+năm)?|định\s+kỳ\b",
    re.IGNORECASE,
)
# Counted from an event the text names, or "ngay": no day can be known from the text alone.
_RELATIVE = re.compile(
    r"(?:trong\s+(?:vòng|thời\s+hạn|thời\s+gian)?\s*|không\s+quá\s+|sau\s+|trước\s+)\d+\s+(?:ngày|tháng|tuần)"
    r"(?:\s+làm\s+việc)?\s*,?\s*(?:kể\s+từ|sau\s+khi|trước)[^,.;]*|ngay\s+sau\s+khi[^,.;]*|"
    r"trong\s+thời\s+hạn\s+(?:theo\s+)?quy\s+định[^,.;]*|(?<![^\W\d_])ngay(?![^\W\d_])(?!\s+(?:cả|từ|trong))|"
    r"trước\s+\d+\s+ngày\s+(?:họp|diễn\s+ra|tổ\s+chức)[^,.;]*|để\s+báo\s+cáo\s+tại\s+(?:buổi|cuộc|phiên)[^,.;]*",
    re.IGNORECASE,
)
# A condition on the work: "nếu có vướng mắc", "Trường hợp vượt thẩm quyền", "Sau khi ban hành Kế hoạch".
_CONDITION = re.compile(
    r"(?<![^\W\d_])(?:nếu|trường\s+hợp|sau\s+khi|khi\s+có|trên\s+cơ\s+sở\s+(?:đó|này))(?![^\W\d_])[^,.;:]*|"
    r"(?:những\s+)?(?:vấn\s+đề|nội\s+dung)\s+vượt\s+thẩm\s+quyền",
    re.IGNORECASE,
)
# Work that starts from another body's ("trên cơ sở nhiệm vụ được giao của Sở Xây dựng", "trên cơ sở đề xuất của
# Sở Tài chính"): it waits on that work, so its time depends on it; the phrase runs to the end of the body's name.
_DEPENDS = re.compile(
    r"(?<![^\W\d_])trên\s+cơ\s+sở\s+(?:nhiệm\s+vụ|kết\s+quả|đề\s+xuất|báo\s+cáo|hướng\s+dẫn|ý\s+kiến|đề\s+nghị)"
    r"[^,.;:]{0,40}?\s+của\s+(?=\S)",
    re.IGNORECASE,
)
_DEPENDS_NAME = 12  # words: a longer "name" is a clause the reader cannot cut, not one body's
# A day of the year after a recurring phrase is its day: "Định kỳ hàng năm, … (trước ngày 20/11)".
# Anywhere in its clause: "Định kỳ hàng năm tổng hợp, …, báo cáo … theo quy định (trước ngày 20/11)".
_RECURRING_DAY = re.compile(r"[^.;]{0,240}?trước\s+ngày\s+\d{1,2}/\d{1,2}(?![/\d])", re.IGNORECASE)
# A day without its year ("trước ngày 20/11", "chậm nhất ngày 5 tháng 12"), not in a recurring phrase: the year is
# not written, so no day is known; it is kept for a person rather than dropped.
_NO_YEAR = re.compile(
    r"(?:trước|chậm\s+nhất(?:\s+là)?|hạn\s+chót)\s+(?:ngày\s+)?(?:\d{1,2}/\d{1,2}(?![/\d])|"
    r"\d{1,2}\s+tháng\s+\d{1,2}(?!\d|\s*(?:năm|/)\s*\d))|trong\s+tháng\s+\d{1,2}(?!\d|\s*(?:năm|/)\s*\d)",
    re.IGNORECASE,
)
_CONDITION_REACH = 160  # characters after a condition within which its date is written
# A deadline the text says was already missed: "hạn trước ngày 30/6/2022, đến nay đã quá hạn".
_MISSED = re.compile(r"[^.;]{0,60}?(?:đã\s+quá\s+hạn|đã\s+hết\s+hạn|quá\s+hạn\s+\d+\s+ngày)", re.IGNORECASE)
_YEAR = re.compile(r"(?:trong|vào|ngay\s+trong|hoàn\s+thành)\s+năm\s+(\d{4})(?![/\d])", re.IGNORECASE)
_PROBLEMS = {
    "relative": "hạn tính từ một sự việc, văn bản không cho biết ngày: hãy ghi ngày khi biết",
    "recurring": "hạn lặp lại: hãy ghi `recurrence:` (every, day, start) thay vì một ngày",
    "condition": "việc có điều kiện: chỉ phải làm khi điều kiện xảy ra; kiểm tra lại hạn",
    "no-year": "ngày không ghi năm: hãy ghi ngày đủ (hoặc `recurrence:` nếu việc lặp lại)",
}


@dataclass(frozen=True)
class Due:
    """One deadline found in a text."""

    text: str  # as written
    start: int  # where in the text
    deadline: date | None  # None: the text does not give enough to know the day
    label: str | None = None  # the period a report covers, when the text asks for several ("6 tháng", "cả năm")
    every: Every | None = None  # a periodic report ("định kỳ hằng quý"), whose day the text does not give
    problem: str | None = None  # why there is no date, for the person who finishes the draft
    kind: str = "absolute"  # absolute, month, quarter, year, relative, recurring, condition

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
    """Every deadline in `text`, in order; `signed` is the directive's date, for periods counted from it. A date
    inside a recurring, relative or conditional phrase is that phrase's, never a deadline of its own."""
    found = [_before(m) for m in _BEFORE.finditer(text)]
    for m in _UNTIL.finditer(text):
        if not _PERIOD_START.search(text[max(0, m.start() - 40) : m.start()].rstrip(" ,")):
            until = _date(m.groups())
            problem = None if until else f"ngày `{m.group(0)}` không có thật"
            found.append(Due(" ".join(m.group(0).split()), m.start(), until, problem=problem))
    for m in _IN_MONTH.finditer(text):
        month, year = int(m.group(1)), int(m.group(2))
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        found.append(Due(m.group(0), m.start(), date(year, month, last) if last else None, kind="month"))
    for m in _IN_QUARTER.finditer(text):
        month, year = _QUARTERS[m.group(1).upper()], int(m.group(2))
        end = date(year, month, calendar.monthrange(year, month)[1])
        found.append(Due(m.group(0), m.start(), end, kind="quarter"))
    for m in _YEAR.finditer(text):
        found.append(Due(m.group(0), m.start(), date(int(m.group(1)), 12, 31), kind="year"))
    signed_dues = [_after_signing(m, signed) for m in _AFTER_SIGNING.finditer(text)]
    found += [d for d in signed_dues if d.deadline]
    open_dues = [d for d in signed_dues if not d.deadline]
    for m in _RECURRING.finditer(text):
        due = _open(m, "recurring", every=_every(m.group(0)))
        day = _RECURRING_DAY.match(text, m.end())
        if day:
            due = Due(" ".join(text[m.start() : day.end()].split()), m.start(), None, every=due.every,
                      problem=due.problem, kind="recurring")  # fmt: skip
        open_dues.append(due)
    for m in _NO_YEAR.finditer(text):
        due = Due(" ".join(m.group(0).split()), m.start(), None, problem=_PROBLEMS["no-year"], kind="relative")
        open_dues.append(due)
    for m in _RELATIVE.finditer(text):
        if not any(m.start() <= d.start < m.end() for d in signed_dues):  # counted from the date of signing
            open_dues.append(_open(m, "relative"))
    for m in _CONDITION.finditer(text):
        # "Nếu có vướng mắc, báo cáo trước ngày 15/5": the date that follows in the sentence is the condition's.
        after = [d for d in found if m.start() <= d.start and d.deadline and "." not in text[m.end() : d.start]]
        inner = [d for d in after if d.start < m.end() + _CONDITION_REACH]
        due = _open(m, "condition", inner[0].deadline if inner else None)
        if inner:
            stop = inner[0].start + len(inner[0].text)
            due = Due(" ".join(text[m.start() : stop].split()), m.start(), inner[0].deadline,
                      problem=due.problem, kind="condition")  # fmt: skip
        open_dues.append(due)
    for m in _DEPENDS.finditer(text):
        body = name_at(text, m.end())
        if body and len(body[0].split()) <= _DEPENDS_NAME:
            phrase = re.sub(r"\s+(?:và|hoặc)$", "", " ".join(text[m.start() : m.end() + len(body[0])].split()))
            open_dues.append(Due(phrase, m.start(), None, problem=_PROBLEMS["condition"], kind="condition"))
    open_dues = _outermost(sorted(open_dues, key=lambda d: (d.start, -len(d.text))))
    found = [d for d in found if not any(_inside(d, o) for o in open_dues)]
    found = [d for d in found if not _MISSED.match(text, d.start + len(d.text))]  # "… nhưng đã quá hạn": past
    return sorted(found + open_dues, key=lambda d: d.start)


def _open(m: re.Match[str], kind: str, day: date | None = None, every: Every | None = None) -> Due:
    return Due(
        " ".join(m.group(0).split()).strip(" ,"), m.start(), day, every=every, problem=_PROBLEMS[kind], kind=kind
    )


def _every(text: str) -> Every | None:
    folded = text.lower()
    for word, every in _EVERY.items():
        if f"hằng {word}" in folded or f"hàng {word}" in folded:
            return every
    return Every.HALF_YEAR if "6 tháng" in folded or "sáu tháng" in folded else None


def _inside(due: Due, other: Due) -> bool:
    return other.start <= due.start < other.start + len(other.text) + 2


def _outermost(dues: list[Due]) -> list[Due]:
    """Phrases found by two rules once: the longer one that holds the other."""
    kept: list[Due] = []
    for due in dues:
        if kept and _inside(due, kept[-1]):
            continue
        kept.append(due)
    return kept


def _before(m: re.Match[str]) -> Due:
    label = " ".join(m.group("label").split()) if m.group("label") else None
    day = _date(m.groups()[1:])
    problem = None if day else f"ngày `{m.group(0)}` không có thật"
    return Due(" ".join(m.group(0).split()), m.start(), day, label=label, problem=problem)


def _after_signing(m: re.Match[str], signed: date | None) -> Due:
    days, working = int(m.group(1)), bool(m.group(2))
    text = " ".join(m.group(0).split())
    if signed is None:
        return Due(text, m.start(), None, problem="hạn tính từ ngày ký, mà văn bản không ghi ngày ký", kind="relative")
    if not working:
        return Due(text, m.start(), signed + timedelta(days=days), kind="relative")
    day, left = signed, days
    while left:  # working days: Monday to Friday (public holidays are not known here)
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return Due(text, m.start(), day, problem="ngày làm việc: kiểm tra lại nếu có ngày nghỉ lễ", kind="relative")
