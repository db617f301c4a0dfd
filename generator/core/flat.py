"""A reader for the one shape most data files have: a mapping of one-line scalars, two levels deep at most.

A report file is a dozen lines of `key: value`, with perhaps a list of evidence or an extension request under a
key (the tracker writes it so, see `ledger.render_report_file`), and at national size there are 85,000 of them:
composing each with PyYAML, then converting its nodes, costs about 60 µs a file, this a fraction of it. It accepts
only what it can read exactly as PyYAML would:

    key: plain or "double-quoted without escapes"
    key:                      key:                    key:
    - key: value              - key: value              key: value
      key: value                key: value              key: value

(the lists may also be indented by two spaces), and comment lines starting at the first column, and blank lines.
Anything else (a deeper value, an empty one, a continued line, a tab, a quote, an escape, a duplicate key, a
character YAML treats specially) gives None, and the caller composes with PyYAML, which also says what is wrong.
`tests/core/test_flat.py` checks, on every fixture and on generated documents, that both readers give the same
values, tags and positions whenever this one answers.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from generator.core.yvalues import PLAIN, YList, YMap, YStr

# `key: value`. A plain value may not start with an indicator (`-?:,[]{}#&*!|>'"%@` and the backquote), and may
# not contain `: ` or ` #` (a mapping or a comment inside it) nor end with `:`.
_PAIR = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_]*):"
    r"(?:(?P<gap> +)(?:(?P<plain>[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#]++|:(?! |$)|(?<! )#)*+)"  # trailing spaces too
    r'|"(?P<quoted>[^"\\]*)" *)| *)$'
)
# PyYAML refuses these, or a refusal needs a word of its own (non-characters are refused before this is called).
_UNUSUAL = re.compile("[\t\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")


class _Line(NamedTuple):
    number: int
    col: int  # of the key, counted from 1
    indent: int  # spaces before the key, or before the `- ` of a list item
    item: bool  # starts a list item
    key: str
    value: YStr | None  # None: the key opens a list or a mapping on the lines below


def flat_mapping(text: str, first_line: int = 1) -> YMap | None:
    """The document as `yamlio.load_text` would give it, if it has the shape above; else None."""
    if "\n     " in text or _UNUSUAL.search(text):  # no line of this shape starts five spaces in: a directive
        return None  # has many, and is left at once rather than at its first line of another shape
    lines: list[_Line] = []
    for number, line in enumerate(text.split("\n"), first_line):
        if not line or line[0] == "#" or line.isspace():
            continue
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        item = body.startswith("- ")
        pair = _PAIR.match(body[2:] if item else body)
        if pair is None:
            return None
        col = indent + (3 if item else 1)
        key, gap, plain, quoted = pair.groups()
        value = None
        if gap is not None:
            value = YStr(plain.rstrip(" ") if plain is not None else quoted)
            value.raw_tag = PLAIN if plain is not None else "str"
            value.line, value.col = number, col + len(key) + 1 + len(gap)
        lines.append(_Line(number, col, indent, item, key, value))
    if not lines:
        return None
    top, at = _mapping(lines, 0, 0)
    return top if at == len(lines) else None


def _mapping(lines: list[_Line], at: int, indent: int) -> tuple[YMap | None, int]:
    """The mapping whose keys start at column `indent + 1`, from `lines[at]` (which may begin a list item) on;
    None when something in it is not of the shape this module reads."""
    result = YMap()
    result.line, result.col, result.key_pos = lines[at].number, indent + 1, {}
    first = True
    while at < len(lines):
        line = lines[at]
        if line.col != indent + 1 or (line.item and not first):
            break
        first = False
        if line.key in result:
            return None, at
        result.key_pos[line.key] = (line.number, line.col)
        if line.value is not None:
            result[line.key] = line.value
            at += 1
            continue
        value, at = _nested(lines, at + 1, indent)
        if value is None:
            return None, at
        result[line.key] = value
    return result, at


def _nested(lines: list[_Line], at: int, indent: int) -> tuple[YMap | YList | None, int]:
    """What a key with nothing after it holds: a list of mappings (at its own indent, or two spaces in), or a
    mapping two spaces in. Only under a top-level key: deeper values are left to PyYAML."""
    if indent != 0 or at == len(lines):
        return None, at
    line = lines[at]
    if not line.item:
        return _mapping(lines, at, 2) if line.indent == 2 else (None, at)
    if line.indent not in (0, 2):
        return None, at
    items = YList()
    items.line, items.col = line.number, line.indent + 1
    while at < len(lines) and lines[at].item and lines[at].indent == line.indent:
        item, after = _mapping(lines, at, line.indent + 2)
        if item is None or after == at:  # an item that is not a mapping at its column: not this reader's shape
            return None, after
        items.append(item)
        at = after
    return items, at
