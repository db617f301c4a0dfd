"""Typed reading of one YAML file's fields, collecting a located diagnostic for every wrong value."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit

from generator.core.diagnostics import Diagnostic
from generator.core.model import Loc
from generator.core.yvalues import YList, YMap, YStr, YValue

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LOOSE_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")

# Dates the tracker can work with: a year outside is a typo (`0025`, `20255`), and at the ends of Python's calendar
# (years 1 and 9999) a deadline's next day or the days before it do not exist.
YEARS = range(1900, 2200)
NOT_IN_URLS = frozenset(' <>"`\\')  # never in a well-formed address; a way to break out of a link
E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def suggest(word: str, known: Iterable[str]) -> str:
    """' Có phải ý bạn là `x`?' for the nearest known words, or ''."""
    close = difflib.get_close_matches(word, list(known), n=3, cutoff=0.6)
    if not close:
        return ""
    return " Có phải ý bạn là " + " hoặc ".join(f"`{c}`" for c in close) + "?"


class Fields:
    """Reads values out of the mappings of one file; never raises on bad data."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    # -- reporting -----------------------------------------------------------------------------------

    def error(self, at: YValue | YMap | None, path: str, code: str, message: str) -> None:
        line, col = (at.line, at.col) if at is not None and hasattr(at, "line") else (1, 1)
        self.diagnostics.append(Diagnostic(self.file, line, col, code, message, path=path))

    def loc(self, at: YValue) -> Loc:
        return Loc(self.file, at.line, at.col)

    def _key_at(self, m: YMap, key: str) -> YStr:
        line, col = m.key_pos[key]
        marker = YStr(key)
        marker.line, marker.col, marker.raw_tag = line, col, "str"
        return marker

    # -- structure -----------------------------------------------------------------------------------

    def mapping(self, value: YValue | None, path: str, allowed: Iterable[str], what: str) -> YMap | None:
        if not isinstance(value, YMap):
            self.error(value, path, "S003", f"Cần một {what} gồm các khóa `khóa: giá trị`.")
            return None
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                self.error(
                    self._key_at(value, key),
                    join(path, key),
                    "S002",
                    f"Khóa `{key}` không có trong định dạng của {what}."
                    + suggest(key, allowed)
                    + " Các khóa hợp lệ: "
                    + ", ".join(allowed)
                    + ".",
                )
        return value

    def items(self, m: YMap, key: str, path: str, required: bool = False) -> list[tuple[str, YValue]]:
        """The items of a list field with their paths; a missing or null list is empty."""
        value = m.get(key)
        if value is None or (isinstance(value, YStr) and value.is_null):
            if required:
                self.missing(m, key, path)
            return []
        if not isinstance(value, YList):
            self.error(value, join(path, key), "S003", f"`{key}` phải là một danh sách (mỗi mục bắt đầu bằng `- `).")
            return []
        if required and not value:
            self.error(value, join(path, key), "S001", f"`{key}` cần ít nhất một mục.")
        return [(f"{join(path, key)}[{i}]", item) for i, item in enumerate(value) if item is not None]

    def missing(self, m: YMap, key: str, path: str) -> None:
        self.error(m, join(path, key), "S001", f"Thiếu khóa bắt buộc `{key}`.")

    def _scalar(self, m: YMap, key: str, path: str, required: bool) -> YStr | None:
        value = m.get(key)
        if value is None or (isinstance(value, YStr) and value.is_null):
            if required and value is None:
                self.missing(m, key, path)
            elif required:
                self.error(value, join(path, key), "S001", f"`{key}` không được để trống.")
            return None
        if not isinstance(value, YStr):
            self.error(value, join(path, key), "S003", f"`{key}` phải là một giá trị đơn (chữ, số hoặc ngày).")
            return None
        return value

    # -- values --------------------------------------------------------------------------------------

    def text(self, m: YMap, key: str, path: str, required: bool = False) -> str | None:
        value = self._scalar(m, key, path, required)
        if value is None:
            return None
        text = " ".join(str(value).split()) if "\n" in value else str(value).strip()
        if not text and required:
            self.error(value, join(path, key), "S001", f"`{key}` không được để trống.")
            return None
        return text or None

    def ident(self, m: YMap, key: str, path: str, required: bool = True) -> str | None:
        value = self.text(m, key, path, required)
        if value is not None and not ID_PATTERN.match(value):
            self.error(
                m[key],
                join(path, key),
                "S007",
                f"Mã `{value}` không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu `-`, ví dụ `so-y-te`.",
            )
            return None
        return value

    def texts(self, m: YMap, key: str, path: str) -> tuple[str, ...]:
        out = []
        for item_path, item in self.items(m, key, path):
            if isinstance(item, YStr) and not item.is_null:
                out.append(str(item).strip())
            else:
                self.error(item, item_path, "S003", "Mỗi mục của danh sách này phải là một đoạn chữ.")
        return tuple(out)

    def date(self, m: YMap, key: str, path: str, required: bool = False) -> date | None:
        value = self._scalar(m, key, path, required)
        return None if value is None else self.date_value(value, join(path, key))

    def date_value(self, value: YStr, path: str) -> datetime.date | None:  # `date` is the method above
        match = ISO_DATE.match(value.strip())
        if not match:
            self.error(value, path, "S004", f"Ngày `{value}` sai định dạng; hãy viết năm-tháng-ngày{_iso_hint(value)}.")
            return None
        year, month, day = (int(part) for part in match.groups())
        if year not in YEARS:
            message = f"Ngày `{value}` có năm {year} nằm ngoài khoảng {YEARS[0]}–{YEARS[-1]}; kiểm tra lại năm."
            self.error(value, path, "S005", message)
            return None
        try:
            return date(year, month, day)
        except ValueError:
            self.error(value, path, "S005", f"Ngày `{value}` không có thật (tháng {month} không có ngày {day}).")
            return None

    def flag(self, m: YMap, key: str, path: str) -> bool:
        value = self._scalar(m, key, path, False)
        if value is None:
            return False
        if value.tag == "bool" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.error(
            value, join(path, key), "S008", f"`{key}` chỉ nhận `true` (có) hoặc `false` (không), không phải `{value}`."
        )
        return False

    def integer(self, m: YMap, key: str, path: str, low: int, high: int) -> int | None:
        value = self._scalar(m, key, path, True)
        if value is None:
            return None
        if value.tag != "int" or not low <= int(value) <= high:
            self.error(value, join(path, key), "S009", f"`{key}` phải là số nguyên từ {low} đến {high}.")
            return None
        return int(value)

    def choice(self, m: YMap, key: str, path: str, enum: type[E], required: bool = True) -> E | None:
        value = self.text(m, key, path, required)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            known = [e.value for e in enum]
            self.error(
                m[key],
                join(path, key),
                "S006",
                f"`{value}` không phải giá trị hợp lệ của `{key}`.{suggest(value, known)} "
                f"Chọn một trong: {', '.join(known)}.",
            )
            return None

    def url(self, m: YMap, key: str, path: str) -> str | None:
        value = self.text(m, key, path)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.netloc or any(c in NOT_IN_URLS for c in value):
            self.error(
                m[key],
                join(path, key),
                "S010",
                f"Đường dẫn `{value}` không hợp lệ; chỉ nhận địa chỉ bắt đầu bằng `https://` hoặc `http://`, "
                'không có dấu cách hay các ký tự < > " ` \\ (a link must be http(s) and well-formed).',
            )
            return None
        return value

    def each(
        self, m: YMap, key: str, path: str, read: Callable[[YValue, str], T | None], required: bool = False
    ) -> tuple[T, ...]:
        results = (read(item, item_path) for item_path, item in self.items(m, key, path, required))
        return tuple(r for r in results if r is not None)


def _iso_hint(raw: str) -> str:
    """For `15/5/2025` say `2025-05-15`; for anything else show the shape."""
    match = _LOOSE_DATE.match(raw.strip())
    if match:
        a, b, c = match.groups()
        day, month, year = (a, b, c) if len(c) == 4 else (c, b, a)
        if len(year) == 4:
            return f", ví dụ `{year}-{int(month):02d}-{int(day):02d}`"
    return ", ví dụ `2025-05-15`"
