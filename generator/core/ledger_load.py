"""Read the ledger in parts of whole reports, and keep what was parsed of it between runs.

The ledger is one long list that only grows: the pull-request check refuses any other change to earlier reports.
Written as `tracker report` writes it (a `reports:` line, then a block list), it can be cut before any line that
starts a report; each part, parsed on its own after a `reports:` line with its line numbers continuing the
file's, gives the same reports as the whole file does. So:

- a large ledger is read a part at a time, the parts shared by two processes (`load`), and each report of a part
  on its own: by the report files' shortcut (`report_text`) if it is written as the tracker writes it, else by the
  general reader after a `reports:` line;
- with a cache, the parts already parsed are taken from it (keyed by a hash of all the bytes up to their end),
  and only what was appended since is parsed.

Anything that does not fit this shape (a flow list, a document marker, a line outside the list, any problem at
all in a part) is parsed whole, exactly as any other file, so that every problem is reported as usual.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, replace

from generator.core.cache import ParseCache, loaded
from generator.core.diagnostics import Diagnostic
from generator.core.model import Report
from generator.core.parse import parse_document, parse_ledger
from generator.core.report_text import report_from_text
from generator.core.yamlio import decode

PART = 4096  # reports parsed at once: enough to amortise the per-part costs, small enough to bound memory

# Blank lines and comments, then `reports:` at the first column. Runs of blank lines are taken at once (`[ \t\n]*\n`),
# not a line at a time: `appended` stands a blank line for each of the base's, 800,000 of them at 20,000 tasks.
_HEAD = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:[ \t\n]*\n)?(?:[ \t]*#[^\n]*\n(?:[ \t\n]*\n)?)*reports:[ \t]*(?:#[^\n]*)?\n"
)
_PLACE = re.compile(r"^reports\[(\d+)\]")  # where a problem is, in the list (`Fields.each`)
_MEANINGFUL = re.compile(rb"^(?! *#| *$)", re.MULTILINE)  # a line neither blank nor a comment


@dataclass(frozen=True)
class Segment:
    """The reports parsed from the ledger's bytes up to `end`: those of the `parent` segment, then `reports`."""

    end: int
    lines: int
    indent: bytes
    parent: str | None
    reports: tuple[Report, ...]


def _item(indent: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"^" + indent + rb"-(?: |$)", re.MULTILINE)


def _outside_list(indent: bytes) -> re.Pattern[bytes]:
    """A line that is neither a report's first line, nor inside a report, nor blank or a comment."""
    deeper = rb" {%d,}\S" % (len(indent) + 1)
    return re.compile(rb"^(?!" + indent + rb"-(?: |$)|" + deeper + rb"| *#| *$)", re.MULTILINE)


def only_reports(data: bytes, indent: bytes) -> bool:
    """Whether `data` is nothing but whole reports (and comments) at this indentation."""
    first = _MEANINGFUL.search(data)
    starts_a_report = first is None or first.start() == len(data) or _item(indent).match(data, first.start())
    return bool(starts_a_report) and _outside_list(indent).search(data) is None


def _list_start(data: bytes) -> tuple[int, bytes] | None:
    """Where the list of reports starts (after the `reports:` line) and how its reports are indented, in a ledger that
    starts as above with at least one report; else None. The rest of its shape is checked as each part is read."""
    head = _HEAD.match(data)
    first = _MEANINGFUL.search(data, head.end()) if head and data.endswith(b"\n") else None
    item = re.compile(rb"( *)-(?: |$)", re.MULTILINE).match(data, first.start()) if head and first else None
    return None if head is None or item is None else (head.end(), item.group(1))


@dataclass(frozen=True)
class Appended:
    """Reports appended to a ledger, as a ledger of their own (`text`) that puts them on the lines they have in the
    whole: a blank line for each line before them but the last, then a `reports:` line. `before` reports come before
    them in the whole."""

    name: str
    text: bytes
    before: int

    def placed(self, found: list[Diagnostic]) -> list[Diagnostic]:
        """Problems found in `text`, as the whole ledger would say them: each report's place in the list counted from
        the whole's first (the lines are the whole's already)."""

        def shifted(match: re.Match[str]) -> str:
            return f"reports[{int(match[1]) + self.before}]"

        return [replace(d, path=_PLACE.sub(shifted, d.path)) if d.file == self.name else d for d in found]


def appended(base: bytes, head: bytes, name: str) -> Appended | None:
    """The reports `head` appends to the ledger `base`; None unless `head` is `base` followed by whole reports, the
    first at once, at the indentation of `base`'s. They then read alone as they do at the end of `head`: each report
    of a ledger in its shape is read on its own anyway, and nothing of `base`'s reaches past its end (a block scalar's
    trailing blank lines might, so the first report must follow straight after)."""
    found = _list_start(base)
    added = head[len(base) :]
    if found is None or not head.startswith(base) or not head.endswith(b"\n"):
        return None
    start, indent = found
    if not _item(indent).match(added) or not only_reports(added, indent) or not only_reports(base[start:], indent):
        return None
    text = b"\n" * (base.count(b"\n") - 1) + b"reports:\n" + added
    return Appended(name, text, len(_starts(base, indent, start)))


def load_ledger(data: bytes, name: str, diagnostics: list[Diagnostic], cache: ParseCache | None = None) -> list[Report]:
    """The reports in the ledger's bytes; every problem found goes into `diagnostics`."""
    planned = plan(data, name, cache)
    if planned is not None:
        reports = planned.assembled([planned.read(i, cache) for i in range(len(planned.parts))], cache)
        if reports is not None:
            return reports
    return read_whole(data, name, diagnostics) or []


def read_whole(data: bytes, name: str, diagnostics: list[Diagnostic]) -> list[Report] | None:
    """The reports of the ledger parsed whole, as any other file: what is done when it is not of the shape above;
    None if a problem kept every report from being read (not UTF-8, not YAML, not a mapping of `reports:`)."""
    text, found = decode(data, name)
    reports, parsed_found = parse_document(text, name, parse_ledger) if text is not None else (None, [])
    diagnostics.extend(found + parsed_found)
    return reports


@dataclass(frozen=True)
class Part:
    """Bytes of the ledger to read: where each of its reports starts, the lines before them, and the segment they make
    in the cache, under `key` (a hash of all the bytes up to `end`) after `parent`, with the reports `carried` from a
    small last segment it grows."""

    begin: int
    end: int
    items: tuple[int, ...]
    lines: int
    key: str
    parent: str | None
    carried: tuple[Report, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The reports of the ledger's beginning parsed before (from the cache), and the parts of its bytes left to read,
    each apart from the others (by two processes, see `load`)."""

    data: bytes
    name: str
    earlier: list[Report]
    indent: bytes
    parts: list[Part]

    def read(self, i: int, cache: ParseCache | None) -> list[Report] | None:
        """The reports of part `i`, its segment kept in the cache by whichever process read it; None if any report
        has a problem."""
        part = self.parts[i]
        if not only_reports(self.data[part.begin : part.end], self.indent):
            return None
        reports = _reports(self.data, self.name, part, self.indent.decode())
        if reports is not None and cache is not None:
            lines = part.lines + self.data.count(b"\n", part.begin, part.end)
            segment = Segment(part.end, lines, self.indent, part.parent, part.carried + tuple(reports))
            cache.put(f"ledger:{self.name}:{part.key}", segment)
        return reports

    def stored(self, i: int, cache: ParseCache) -> bytes | None:
        """Part `i`'s segment as the cache stored it, if this process read it: what a forked child sends back, rather
        than pickling its reports a second time (0.25 s of CPU at 20,000 tasks)."""
        return cache.stored(f"ledger:{self.name}:{self.parts[i].key}")

    def unstored(self, i: int, stored: bytes) -> list[Report]:
        """The reports of part `i` from its segment as stored."""
        segment = loaded(stored)
        if not isinstance(segment, Segment):
            raise ValueError(f"not a segment of part {i}")
        return list(segment.reports[len(self.parts[i].carried) :])

    def assembled(self, read: list[list[Report] | None], cache: ParseCache | None) -> list[Report] | None:
        """All the reports: those from the cache, then those of the parts as `read`; None if a part had a problem."""
        if any(reports is None for reports in read):
            return None
        if cache is not None and self.parts:
            index = dict.fromkeys([*((p.end, p.key) for p in reversed(self.parts)), *_index(cache, self.name)])
            cache.put(f"ledger-index:{self.name}", list(index)[:256])
        return self.earlier + [report for reports in read for report in reports or ()]


def plan(data: bytes, name: str, cache: ParseCache | None) -> Plan | None:
    """What is left to read of the ledger, part by part; None if it must be parsed whole."""
    known = _cached_prefix(data, name, cache) if cache is not None else None
    if known is not None:
        earlier, last, parent = known
        start, indent, lines = last.end, last.indent, last.lines
        if start == len(data):
            return Plan(data, name, earlier, indent, [])
        if not data.endswith(b"\n"):
            return None
    else:
        found = _list_start(data)
        if found is None:
            return None
        (start, indent), earlier, last, parent = found, [], None, None
        lines = data.count(b"\n", 0, start)
    starts = _starts(data, indent, start)
    carried: tuple[Report, ...] = ()
    if last is not None and len(last.reports) + len(starts[:PART]) <= PART:  # a small last segment grows
        carried, parent = last.reports, last.parent
    digest, at, parts = hashlib.blake2b(digest_size=20), 0, []
    view = memoryview(data)
    for n, (begin, end) in enumerate(itertools.pairwise([start, *starts[PART::PART], len(data)])):
        digest.update(view[at:end])
        at = end
        items = tuple(starts[n * PART : (n + 1) * PART])
        parts.append(Part(begin, end, items, lines, digest.copy().hexdigest(), parent, carried))
        lines += data.count(b"\n", begin, end)
        parent, carried = parts[-1].key, ()
    return Plan(data, name, earlier, indent, parts)


def _starts(data: bytes, indent: bytes, start: int) -> list[int]:
    """Where each report from `start` (just after a line end) on begins, found by the line end before it: searched for
    fast, where `_item`, anchored at every line's start, is tried at each (0.03 s against 0.16 s at 20,000 tasks)."""
    return [m.start() + 1 for m in re.compile(rb"\n" + indent + rb"-(?=[ \n])").finditer(data, start - 1)]


def _reports(data: bytes, name: str, part: Part, indent: str) -> list[Report] | None:
    """The reports of a part of the ledger; None if any has a problem. Each is read on its own: by the shortcut for a
    report file (`report_text`) if it is of the shape the tracker writes, else by the general reader, after a
    `reports:` line counted as the line before its first."""
    line = part.lines + data.count(b"\n", part.begin, part.items[0]) if part.items else part.lines  # before a report
    reports: list[Report] = []
    for begin, end in itertools.pairwise([*part.items, part.end]):
        item, _ = decode(data[begin:end], name)
        if item is None:  # the ledger is parsed whole, which says where
            return None
        report = _shortcut(item, name, line + 1, indent + "  ")
        if report is None:
            parsed, found = parse_document("reports:\n" + item, name, parse_ledger, first_line=line)
            if found or parsed is None:
                return None
            reports += parsed
        else:
            reports.append(report)
        line += item.count("\n")
    return reports


def _shortcut(item: str, name: str, line: int, inner: str) -> Report | None:
    """A report of the ledger read as the report file it would be: `tracker report` writes both alike, the file's
    lines at the first column, the ledger's `inner` in (`  - task: …`, `    agency: …`; see
    `ledger.render_report_file`). Every other line of a part is blank, a comment, or indented past the list but not
    as far (`only_reports`): left as it is, it starts with `#` or a space, which the shortcut skips or declines."""
    return report_from_text(item[len(inner) :].replace("\n" + inner, "\n"), name, line, len(inner) + 1)


def _cached_prefix(data: bytes, name: str, cache: ParseCache) -> tuple[list[Report], Segment, str] | None:
    """The reports of the longest beginning of `data` parsed before, its last segment and that segment's key."""
    digest, at, matches = hashlib.blake2b(digest_size=20), 0, []
    view = memoryview(data)
    for end, expected in sorted(set(_index(cache, name))):
        if end > len(data):
            break
        digest.update(view[at:end])
        at = end
        if digest.copy().hexdigest() == expected:
            matches.append(expected)
    for key in reversed(matches):  # the index may name segments that were since dropped from the cache
        chain = _chain(cache, name, key)
        if chain is not None:
            return [report for segment in chain for report in segment.reports], chain[-1], key
    return None


def _index(cache: ParseCache, name: str) -> list[tuple[int, str]]:
    """(end, key) of each segment of the ledger parsed before; nothing if the entry is not a list of those."""
    index = cache.get(f"ledger-index:{name}", list) or []
    well_formed = all(isinstance(e, tuple) and len(e) == 2 and type(e[0]) is int and type(e[1]) is str for e in index)
    return index if well_formed else []


def _chain(cache: ParseCache, name: str, key: str) -> list[Segment] | None:
    """The segment stored under `key` and all those before it, first to last; None if any is missing."""
    chain: list[Segment] = []
    link: str | None = key
    while link is not None:
        segment = cache.get(f"ledger:{name}:{link}", Segment)
        if segment is None:
            return None
        chain.append(segment)
        link = segment.parent
    return chain[::-1]
