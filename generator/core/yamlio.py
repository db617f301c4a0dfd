"""Read YAML keeping the line and column of every key and value.

Scalars are kept as the text that was written (``1.10`` stays ``"1.10"``, ``no`` stays ``"no"``), with
the type YAML would have given them in ``tag``; the parser decides what each field accepts. Aliases and
duplicate keys are refused here, because PyYAML would silently expand or overwrite them.

One module for the loader: the refusals made before composing (odd line breaks, aliases, nesting), the converter
that keeps positions and the Vietnamese words for PyYAML's errors all read the same text and the same marks.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import TypeVar, cast

import yaml

from generator.core.diagnostics import Diagnostic
from generator.core.flat import flat_mapping
from generator.core.limits import (
    MAX_DEPTH,
    NO_LINKS,
    NONCHARACTERS,
    NOT_IN_TEXT,
    TOO_DEEP,
    past_depth,
    refused_character,
    too_deep,
)
from generator.core.yvalues import PLAIN, TAG_PREFIX, YList, YMap, YStr, YValue

try:  # the C parser is several times faster; the pure-Python one gives the same nodes
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 20 * 1024 * 1024  # a directive or the registry: far more than any real one
# The ledger grows by design, about 1 KB a task (20 MB at 20,000 tasks); it is read a part at a time.
LEDGER_MAX_BYTES = 512 * 1024 * 1024
_ODD_BREAKS = "\x85\u2028\u2029"  # line breaks to YAML, not to an editor
_AS_HIGH = re.compile(f"[{min(NONCHARACTERS)}-\U0010ffff]")  # a character at least as high as a non-character


class _Loader(_BaseLoader):
    """Defers YAML's type guessing: most scalars are text and never need it, and it is the slowest step. It has no
    path resolvers, so the composer's calls around each node (half a million in a national repository's directives)
    do nothing, without first looking for them."""

    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return PLAIN if implicit[0] else TAG_PREFIX + "str"
        return cast(str, super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


_Positioned = TypeVar("_Positioned", YStr, YMap, YList)


class _Converter:
    def __init__(self, file: str, first_line: int) -> None:
        self.file = file
        self.offset = first_line  # marks count lines from 0
        self.diagnostics: list[Diagnostic] = []
        self.too_deep = False

    def _at(self, obj: _Positioned, mark: yaml.Mark) -> _Positioned:
        obj.line = mark.line + self.offset
        obj.col = mark.column + 1
        return obj

    def error(self, mark: yaml.Mark, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, mark.line + self.offset, mark.column + 1, code, message))

    def convert(self, node: yaml.Node, depth: int = 0) -> YValue | None:
        # Called for each of 260,000 nodes of a national repository's directives: the position is set here rather
        # than by a call, and a list is made by a comprehension, not a generator.
        if depth > MAX_DEPTH:
            self.too_deep = True
            self.error(node.start_mark, "Y001", TOO_DEEP)
            return None
        mark = node.start_mark
        if type(node) is yaml.ScalarNode:
            if node.style == '"':  # the one style with escapes: what it decodes to was never seen by YAML's reader
                self.characters(node)
            value = YStr(node.value)
            tag = node.tag
            value.raw_tag = tag if tag == PLAIN else tag.removeprefix(TAG_PREFIX)
        elif type(node) is yaml.SequenceNode:
            value = YList([self.convert(item, depth + 1) for item in node.value])  # type: ignore[assignment]
        else:
            return self.mapping(cast(yaml.MappingNode, node), depth)  # compose makes no other kind
        value.line = mark.line + self.offset
        value.col = mark.column + 1
        return value

    def characters(self, node: yaml.ScalarNode) -> None:
        found = NOT_IN_TEXT.search(node.value)
        if found:
            self.error(node.start_mark, "Y007", refused_character(found.group(), escaped=True))

    def mapping(self, node: yaml.MappingNode, depth: int) -> YMap:
        result = self._at(YMap(), node.start_mark)
        key_pos: dict[str, tuple[int, int]] = {}
        result.key_pos = key_pos
        offset = self.offset
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                self.error(key_node.start_mark, "Y005", "Khóa phải là một từ đơn giản, ví dụ `deadline:`.")
                continue
            if key_node.style == '"':
                self.characters(key_node)
            key = key_node.value
            if key in result:
                first = key_pos[key][0]
                self.error(
                    key_node.start_mark,
                    "Y003",
                    f"Khóa `{key}` bị lặp (đã có ở dòng {first}); mỗi khóa chỉ được viết một lần. (duplicate key)",
                )
                continue
            mark = key_node.start_mark
            key_pos[key] = (mark.line + offset, mark.column + 1)
            result[key] = self.convert(value_node, depth + 1)
        return result


def load_text(text: str, file: str, first_line: int = 1) -> tuple[YValue | None, list[Diagnostic]]:
    """Parse one YAML document; return it with every problem found, never raise on bad input.

    `first_line` is the line number, in `file`, of the text's first line: the text may be the end of a file."""
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark from a Windows editor is harmless; drop it
    if not unicodedata.is_normalized("NFC", text):
        # One keyboard types "ế" as one character, another as "e" and two combining marks: the same name must be
        # the same text. Composing can shorten a line, so a column after such a character may be a little off.
        text = unicodedata.normalize("NFC", text)
    # YAML ends a line at these, editors do not: every line number after one would be wrong. (`in` is 30 times
    # faster than a regular expression over a large ledger, and almost every file has none; one search for any
    # character as high as a non-character spares the 66 searches for them in a text, such as any Vietnamese one,
    # that has none: seven times faster than `max` over the text.)
    odd = _first(text, _ODD_BREAKS)
    if odd is not None:
        line, col = _position(text, odd, first_line)
        message = (
            f"Có ký tự xuống dòng đặc biệt (mã U+{ord(text[odd]):04X}), thường do sao chép từ Word hay PDF; hãy thay "
            "bằng dấu cách hoặc xuống dòng bình thường. (an unusual line break)"
        )
        return None, [Diagnostic(file, line, col, "Y001", message)]
    odd = _first(text, NONCHARACTERS) if _AS_HIGH.search(text) else None  # 5 ms a megabyte
    if odd is not None:
        line, col = _position(text, odd, first_line)
        return None, [Diagnostic(file, line, col, "Y007", refused_character(text[odd], escaped=False))]
    flat = flat_mapping(text, first_line)  # most report files: read exactly as `composed` reads them, faster
    if flat is not None:
        return flat, []
    return composed(text, file, first_line)


def _first(text: str, chars: str | tuple[str, ...]) -> int | None:
    """Where the first of `chars` is in `text`, if any is."""
    return min((text.index(c) for c in chars if c in text), default=None)


def composed(text: str, file: str, first_line: int) -> tuple[YValue | None, list[Diagnostic]]:
    """`text` read by PyYAML, its nodes converted; the text is already normalised and checked by `load_text`."""
    try:
        refused = _anchors_and_aliases(text, file, first_line)
        if refused:  # refused before composing, so an alias bomb is never expanded
            return None, refused
        node = yaml.compose(text, Loader=_Loader)
    except RecursionError:  # nested deeper than Python's stack: well past MAX_DEPTH, found again without recursing
        return None, [too_deep(yaml.parse(text, Loader=_Loader), file, first_line)]
    except yaml.MarkedYAMLError as exc:
        # libyaml (0.2.5 and later) stops at its own nesting limit with a syntax error: say what it really is.
        deep = past_depth(yaml.parse(text, Loader=_Loader), file, first_line)
        if deep is not None:
            return None, [deep]
        mark = exc.problem_mark or exc.context_mark
        if "nesting depth" in str(exc.problem):  # its scanner, ahead of the events, stops first in flow style
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            return None, [Diagnostic(file, line + first_line - 1, col, "Y001", TOO_DEEP)]
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _syntax_message(exc, text, line)
        return None, [Diagnostic(file, line + first_line - 1, col, "Y001", message)]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: say which, and where
        # libyaml (the C parser) counts the position in bytes of UTF-8.
        offset = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        line, col = _position(text, offset, first_line)
        return None, [Diagnostic(file, line, col, "Y007", refused_character(chr(exc.character), escaped=False))]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(file, first_line, 1, "Y001", f"Tệp YAML không đọc được: {exc}")]
    if node is None:
        return None, []
    converter = _Converter(file, first_line)
    value = converter.convert(node)
    return (None, converter.diagnostics) if converter.too_deep else (value, converter.diagnostics)


def _position(text: str, offset: int, first_line: int) -> tuple[int, int]:
    """Line (counted from `first_line`) and column of a character of `text`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + first_line, offset - line_start + 1


def read_file(path: str | Path, file: str, limit: int = MAX_BYTES) -> tuple[bytes | None, list[Diagnostic]]:
    """A data file's bytes, or why they cannot be read (missing, unreadable, a link, not a file, far too large).

    Opened first and asked what it is after: a file already open is looked up once, not twice (`lstat` then `open`
    walked the path again, for each of 90,000 files)."""
    try:
        fd = os.open(path, _READ)
    except OSError as exc:
        return None, [_unopened(path, file, exc)]
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):  # a folder, or a pipe that would make the check wait forever
            return None, [Diagnostic(file, 1, 1, "Y000", NOT_A_FILE)]
        too_large = size_problems(status.st_size, file, limit)
        return (None, too_large) if too_large else (_contents(fd, status.st_size), [])
    except OSError as exc:
        return None, [Diagnostic(file, 1, 1, "Y000", f"Không mở được tệp: {exc.strerror}")]
    finally:
        os.close(fd)


NOT_A_FILE = "Đây không phải một tệp thường; hãy thay bằng tệp YAML."
# Not followed, if a link (it could make the site publish any file the build can read); not waited on, if a pipe.
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _unopened(path: str | Path, file: str, exc: OSError) -> Diagnostic:
    """Why a file did not open: a link (refused by `O_NOFOLLOW`), something other than a file, or what the system
    says."""
    try:
        status = os.lstat(path)
        if stat.S_ISLNK(status.st_mode):
            return Diagnostic(file, 1, 1, "Y000", NO_LINKS.format(target=Path(os.readlink(path)).as_posix()))
        if not stat.S_ISREG(status.st_mode):  # a socket, or a folder where the system does not open one
            return Diagnostic(file, 1, 1, "Y000", NOT_A_FILE)
    except OSError:
        pass  # gone, or never there: the first error says so
    return Diagnostic(file, 1, 1, "Y000", f"Không mở được tệp: {exc.strerror}")


def _contents(fd: int, size: int) -> bytes:
    """All the bytes of an open file, through the system's calls: Python's file objects cost more than the read
    itself at 90,000 small files."""
    first = os.read(fd, size + 1)
    if len(first) <= size:  # a regular file's read stops short only at its end: no second call to find it
        return first
    parts = [first]
    while parts[-1]:  # the file grew since it was measured: read it all, as it is now
        parts.append(os.read(fd, 1 << 20))
    return b"".join(parts)


def size_problems(size: int, file: str, limit: int = MAX_BYTES) -> list[Diagnostic]:
    if size <= limit:
        return []
    message = f"Tệp quá lớn ({size} byte, tối đa {limit}); hãy tách thành nhiều tệp."
    return [Diagnostic(file, 1, 1, "Y006", message)]


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Diagnostic(file, line, 1, "Y002", "Tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8.")]


def load_file(path: Path, file: str) -> tuple[YValue | None, list[Diagnostic]]:
    data, problems = read_file(path, file)
    text, problems = (None, problems) if data is None else decode(data, file)
    return (None, problems) if text is None else load_text(text, file)


def _anchors_and_aliases(text: str, file: str, first_line: int) -> list[Diagnostic]:
    if "&" not in text and "*" not in text:
        return []  # the common case: no event scan needed
    found = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = cast(yaml.Mark, event.start_mark)  # every event of the parser has one
            found.append(Diagnostic(file, mark.line + first_line, mark.column + 1, "Y004", _NO_ALIASES))
    return found


_NO_ALIASES = (
    "Không dùng neo và tham chiếu YAML (`&tên`, `*tên`); hãy viết đầy đủ giá trị. "
    "(YAML anchors and aliases are not allowed.)"
)


# PyYAML's (and libyaml's) words for a syntax error, in Vietnamese: the start of the English problem -> what it means.
_PROBLEMS = (
    ("mapping values are not allowed", "có dấu `:` ở chỗ YAML không cho phép"),
    ("did not find expected key", "thụt lề không khớp với các dòng trên"),
    ("expected <block end>", "thụt lề không khớp với các dòng trên"),
    ("did not find expected '-' indicator", "thiếu dấu `-` của một mục danh sách, hoặc thụt lề không khớp"),
    ("could not find expected ':'", "thiếu dấu `:` sau tên trường"),
    ("found character", "có ký tự không được đứng đầu một giá trị (như `@`, `` ` ``, `%`)"),
    ("found unexpected end of stream", "hết tệp mà dấu ngoặc kép chưa đóng"),
    ("found unknown escape character", 'trong dấu ngoặc kép, `\\` chỉ đứng trước `"`, `\\` hoặc `n`'),
    ("did not find expected node content", "thiếu giá trị"),
    ("block sequence entries are not allowed", "mục danh sách (`- …`) ở chỗ không được phép"),
    ("found a tab character", "có ký tự Tab"),
)
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([\w-]+):\s+[^\"'\s].*?:(\s|$)")
_DASH_NO_SPACE = re.compile(r"^\s*-[^\s-]")
_EMPTY_THEN_ITEMS = re.compile(r"^\s*(?:-\s+)?([\w-]+):\s*(\[\]|\{\})\s*(#.*)?$")


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    """The parser's problem in Vietnamese, with a hint for the mistakes people make most often."""
    problem = exc.problem or ""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    above = next((lines[n] for n in range(line - 2, -1, -1) if lines[n].strip()), "") if line > 1 else ""
    if "\t" in here:
        return "Có ký tự Tab; YAML chỉ cho phép thụt lề bằng dấu cách. (tab character)"
    if "\ufeff" in here:
        return "Có ký tự BOM (U+FEFF) giữa tệp, thường do ghép hai tệp; hãy xóa ký tự này. (byte-order mark)"
    said = next((words for start, words in _PROBLEMS if problem.startswith(start)), "lỗi cú pháp")
    return f"Lỗi cú pháp YAML: {said}. {_hint(problem, here, above)}"


def _hint(problem: str, here: str, above: str) -> str:
    colon = _KEY_VALUE.match(here)
    if problem.startswith("mapping values") and colon:
        key = colon.group(1)
        return (
            f"Giá trị của `{key}` có dấu hai chấm và dấu cách (`: `), nên YAML hiểu nhầm là một trường mới: hãy đặt "
            f'văn bản trong dấu ngoặc kép, ví dụ `{key}: "Kết quả: …"`.'
        )
    for candidate in (here, above):
        if _DASH_NO_SPACE.match(candidate):
            return f"Sau dấu `-` của mục danh sách cần một dấu cách: viết `- {candidate.strip()[1:]}`."
    empty = _EMPTY_THEN_ITEMS.match(above)
    if empty and here.lstrip().startswith("-"):
        key, brackets = empty.group(1), empty.group(2)
        return (
            f"`{key}: {brackets}` là một danh sách rỗng, nên các mục viết bên dưới không thuộc về nó: hãy xóa "
            f"`{brackets}` (chỉ để lại `{key}:`)."
        )
    return "Kiểm tra thụt lề (dấu cách) và dấu `:` ở dòng này hoặc dòng ngay trên."
