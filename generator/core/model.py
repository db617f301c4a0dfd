"""The validated data: frozen dataclasses, built only by `parse`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Role(StrEnum):
    LEAD = "lead"
    COOPERATING = "cooperating"
    REQUESTED = "requested"


class AgencyKind(StrEnum):
    DEPARTMENT = "department"
    POLICE = "police"
    DISTRICT = "district"
    COMMUNE = "commune"
    FRONT = "front"
    ORGANISATION = "organisation"
    OTHER = "other"


class Reported(StrEnum):
    IN_PROGRESS = "in_progress"
    DONE = "done"


class EnteredBy(StrEnum):
    OFFICE = "office"  # a late paper report, entered into the ledger by the Office (maintainers)


class Every(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    YEAR = "year"


@dataclass(frozen=True)
class Loc:
    file: str
    line: int
    col: int = 1


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    members_complete: bool
    note: str | None
    loc: Loc


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    short_name: str
    kind: AgencyKind
    groups: tuple[str, ...]
    note: str | None
    loc: Loc
    github: tuple[str, ...] = ()  # GitHub logins or org/team names that report for this agency
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    agencies: dict[str, Agency]
    groups: dict[str, Group]
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group id -> agency ids
    maintainers: tuple[str, ...] = ()  # the Office's GitHub logins or teams: may change anything
    auto_merge_reports: bool = False  # routine reports that pass every check merge without waiting for a person

    def display_name(self, agency_id: str) -> str:
        """The full name: short names repeat across provinces ("Sở Y tế")."""
        if agency_id in self.agencies:
            return self.agencies[agency_id].name
        return self.groups[agency_id].name


@dataclass(frozen=True)
class Assignee:
    role: Role
    agency: str | None  # an agency or group id; None when the text names no resolvable body
    text: str | None
    loc: Loc


@dataclass(frozen=True)
class Extension:
    deadline: date
    approved_on: date | None
    document: str | None
    note: str | None
    loc: Loc


@dataclass(frozen=True)
class Deliverable:
    id: str
    title: str
    deadline: date
    deadline_text: str | None
    extensions: tuple[Extension, ...]
    loc: Loc


@dataclass(frozen=True)
class Recurrence:
    every: Every
    day: int
    start: date
    end: date | None
    loc: Loc


@dataclass(frozen=True)
class Task:
    id: str
    text: str
    title: str | None
    key: bool
    topics: tuple[str, ...]
    assignees: tuple[Assignee, ...]
    deadline: date | None
    deadline_text: str | None
    extensions: tuple[Extension, ...]
    deliverables: tuple[Deliverable, ...]
    recurrence: Recurrence | None
    section: str
    loc: Loc


@dataclass(frozen=True)
class Section:
    number: str
    heading: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Reference:
    number: str | None
    date: date | None
    issuer: str | None
    title: str | None
    footnote: str | None


@dataclass(frozen=True)
class Signer:
    name: str | None
    capacity: str | None
    on_behalf_of: str | None


@dataclass(frozen=True)
class Recipient:
    text: str
    agency: str | None
    loc: Loc


@dataclass(frozen=True)
class CopyItem:
    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Directive:
    id: str
    number: str | None
    type: str | None
    date: date | None
    place: str | None
    issuer: str
    subject: str | None
    summary: str
    topics: tuple[str, ...]
    source: str | None
    note: str | None
    preamble: str | None
    closing: str | None
    signer: Signer | None
    recipients: tuple[Recipient, ...]
    copy_to: tuple[CopyItem, ...]
    references: tuple[Reference, ...]
    sections: tuple[Section, ...]
    loc: Loc
    draft: bool = False  # `draft: true`: checked, never published

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(task for section in self.sections for task in section.tasks)


@dataclass(frozen=True)
class Evidence:
    document: str | None
    date: date | None
    url: str | None
    title: str | None


@dataclass(frozen=True)
class ExtensionRequest:
    """An agency's request for more time ("đề nghị gia hạn đến ngày …"), which the Office answers with an
    extension in the directive or a refusal."""

    until: date
    reason: str | None


@dataclass(frozen=True)
class Report:
    task: str
    agency: str
    date: date
    status: Reported
    completed: datetime.date | None  # `date` is the field above, in here
    note: str | None
    blocked: bool
    difficulties: str | None
    proposals: str | None
    evidence: tuple[Evidence, ...]
    loc: Loc
    extension_request: ExtensionRequest | None = None
    entered_by: EnteredBy | None = None  # who wrote it into the ledger, when not the agency itself
    recorded: datetime.date | None = None  # the day it was written into the ledger, when later than its date

    @property
    def recorded_on(self) -> datetime.date:
        """The day the report entered the ledger: a report is dated the day it is made, unless the Office entered
        it later (`recorded:`)."""
        return self.recorded or self.date

    @property
    def completed_on(self) -> datetime.date:
        return self.completed or self.date


@dataclass(frozen=True)
class Dataset:
    registry: Registry
    directives: tuple[Directive, ...]
    reports: tuple[Report, ...]
    ledger_read: bool = True  # False when a problem kept every report of the ledger from being read: none is known
