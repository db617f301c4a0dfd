"""The parts of a draft directive, as `read_draft` fills them: every value keeps where it was read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from generator.importer.deadlines import Due

_BULLET = re.compile(r"^\s*(?:[-–•]|[a-zđ]\))\s+(.*)$")  # "- …", "a) …"


_SUB_BULLET = re.compile(r"^\s*\+\s*(.*)$")


_TO = re.compile(r"^\s*Kính\s+gửi\s*:?\s*(.*)$")


@dataclass
class Assignee:
    role: str  # lead, cooperating, requested
    text: str  # as written
    agency: str | None = None
    todo: str | None = None


@dataclass
class Task:
    id: str
    text: str
    where: str
    assignees: list[Assignee] | None = None  # None: the section's
    dues: list[Due] = field(default_factory=list)
    when: str = ""  # a deadline written apart from the text (a table's column), read with it


@dataclass
class Section:
    number: str
    heading: str
    where: str
    assignees: list[Assignee]
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Reference:
    number: str
    date: date | None
    issuer: str | None
    title: str | None
    footnote: int | None
    where: str


@dataclass
class Draft:
    number: tuple[str, str] | None = None  # (value, where)
    type: tuple[str, str] | None = None
    place: tuple[str, str] | None = None
    date: tuple[date, str] | None = None
    issuer: tuple[str, str] | None = None
    subject: tuple[str, str] | None = None
    signer: dict[str, tuple[str, str]] = field(default_factory=dict)  # name, capacity, on_behalf_of
    recipients: list[tuple[str, Assignee, str]] = field(default_factory=list)  # (text, resolved, where)
    copy_to: list[tuple[str, list[str], str]] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    preamble: str | None = None
    closing: str | None = None
    sections: list[Section] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    province: str | None = None
    verdict: str | None = None  # why this is not a directive to track: "report", "no-task"; None: it is one
