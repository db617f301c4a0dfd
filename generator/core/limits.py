"""What the data may not hold: characters no text value may hold, nesting deeper than any record needs; and how
a refusal says so."""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from generator.core.diagnostics import Diagnostic

# Non-characters (U+FDD0–U+FDEF, and the last two code points of every plane) are "permanently reserved for internal
# use": YAML lets most of them through, XML 1.0 refuses U+FFFE and U+FFFF, and no text needs any of them.
NONCHARACTERS = tuple(chr(c) for c in range(0xFDD0, 0xFDF0)) + tuple(
    chr(plane << 16 | last) for plane in range(17) for last in (0xFFFE, 0xFFFF)
)
# What a text value may not hold once YAML has decoded it: a double-quoted scalar can write any character as an
# escape (`"\x01"`, `"\0"`, `"\r"`), and such a character breaks the Atom feed (no longer XML), the calendars (a
# bare CR ends an .ics line) and the pages. C0 and C1 controls but tab and line feed, lone surrogates, non-characters.
NOT_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + "".join(NONCHARACTERS[32:]) + "]")


def refused_character(char: str, escaped: bool) -> str:
    """Which character a text may not hold, and what to do about it."""
    code = ord(char)
    if char == "\r":
        kind = "ký tự về đầu dòng (CR)"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "ký tự điều khiển"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "nửa cặp ký tự UTF-16 (surrogate)"
    else:
        kind = "ký tự không dùng cho văn bản (non-character)"
    how = "viết dạng mã thoát trong chuỗi ngoặc kép, ví dụ `\\x01`" if escaped else "thường do sao chép từ tệp khác"
    return (
        f"Có {kind} mã U+{code:04X} ({how}); ký tự này làm hỏng nguồn tin Atom, lịch và trang web. Hãy xóa ký tự "
        "này (muốn xuống dòng thì dùng khối `|`). (a control character or non-character)"
    )


MAX_DEPTH = 64  # levels of nesting: the data's deepest is about 8; PyYAML's composer recurses once per level
TOO_DEEP = (
    f"Dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp danh sách hay khóa); dữ liệu của tracker chỉ cần vài cấp. "
    "Kiểm tra các dấu `[`, `{` và thụt lề từ đây. (nested too deeply)"
)


def too_deep(events: Iterable[yaml.Event], file: str, first_line: int) -> Diagnostic:
    """Where the nesting first goes past MAX_DEPTH, found from YAML's events (a loop, not a recursion)."""
    return past_depth(events, file, first_line) or Diagnostic(file, first_line, 1, "Y001", TOO_DEEP)


def past_depth(events: Iterable[yaml.Event], file: str, first_line: int) -> Diagnostic | None:
    """Where the nesting first goes past MAX_DEPTH, if it does before the events end (or YAML stops reading)."""
    depth = 0
    try:
        for event in events:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
                    return Diagnostic(file, line + first_line, column + 1, "Y001", TOO_DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


NO_LINKS = (
    "Tệp dữ liệu là một liên kết (symlink, tới `{target}`); tracker chỉ đọc tệp thật trong kho. Hãy thay liên kết "
    "bằng chính tệp đó. (a symbolic link)"
)
