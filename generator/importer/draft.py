"""A draft directive read from its text: metadata, recipients, references, numbered sections, tasks, deadlines.

The rules follow how Vietnamese administrative documents are written (Nghị định 30/2020/NĐ-CP): a header with the
issuing body, number and date; "Kính gửi:" and its list; numbered sections whose heading names who acts ("2. Sở Y tế
chủ trì, phối hợp với …", "5. Đề nghị …"), with a task per bullet; a closing sentence; "Nơi nhận:"; the signature.
Every value keeps where it was read; whatever cannot be resolved is left for a person (`todo`), never guessed.

One module for the document's reading order: each part is found where the previous one ended, over the same
located lines, so the parts are read together rather than by separate passes.
"""

from __future__ import annotations

import re

from slugify import slugify

from generator.core.model import Registry
from generator.core.names import Names, fold, provinces_of
from generator.importer.assignees import prose_sections, unknown_bodies
from generator.importer.deadlines import find_deadlines
from generator.importer.extract import Extracted, Line, join_wrapped
from generator.importer.header import _header, _header_line, _is_report, _number_in_prose
from generator.importer.parts import _TO, Draft
from generator.importer.prose import read_tasks
from generator.importer.recipients import _recipients
from generator.importer.references import _references
from generator.importer.sections import _PART, _SECTION, _sections
from generator.importer.signature import _copy_and_signer

_COPY = re.compile(r"^\s*Nơi\s+nhận\s*:?\s*$")


_SECTIONED = 3  # a plan whose numbered sections give more tasks than this is read by its sections


def read_draft(source: Extracted, registry: Registry, province: str | None = None) -> Draft:
    draft = Draft()
    lines = source.lines
    names = Names(registry, province or _province_in(lines, registry))
    draft.province = names.province
    if not names.province:
        draft.todo.append("không xác định được tỉnh: các cơ quan trùng tên ở nhiều tỉnh chưa được gán (--province)")
    starts = (i for i, line in enumerate(lines) if _SECTION.match(line.text) or _PART.match(line.text))
    first_section = next(starts, len(lines))
    copy_at = next((i for i, line in enumerate(lines) if _COPY.match(line.text)), len(lines))
    _header(draft, lines[:first_section])
    addressed_end = _recipients(draft, lines[:first_section], names)
    subject_at = draft.subject[1] if draft.subject else None
    preamble = [
        line for line in lines[addressed_end:first_section] if not _header_line(line.text) and line.where != subject_at
    ]
    draft.preamble = join_wrapped([line.text for line in preamble]) or None
    closing_at = _sections(draft, lines[first_section:copy_at], names, first_section)
    draft.closing = join_wrapped([line.text for line in lines[closing_at:copy_at]]) or None
    numbered = sum(len(section.tasks) for section in draft.sections)
    addressed = any(_TO.match(line.text) for line in lines[:first_section])
    found = read_tasks(lines[addressed_end if addressed else 0 : copy_at])
    if numbered <= _SECTIONED or numbered < len(found) / 2:  # the numbered sections do not hold the work: prose
        draft.sections = prose_sections(found, names, provinces_of(registry))
        draft.preamble = draft.closing = None
        if not addressed:  # without "Kính gửi", the bullets the text opens with are its items, not recipients
            draft.recipients = []
    _copy_and_signer(draft, lines[copy_at:])
    draft.references = _references(lines, source.footnotes)
    if _is_report(draft, lines):
        draft.verdict = "report"
    elif not any(section.tasks for section in draft.sections):
        draft.verdict = "no-task"
    _number_in_prose(draft, lines)
    unknown = sorted({a.text for a in unknown_bodies(draft)})
    if unknown:
        draft.todo.append(f"cơ quan chưa có trong agencies.yaml: {'; '.join(unknown)} (xem --registry-out)")
    signed = draft.date[0] if draft.date else None
    for section in draft.sections:
        for task in section.tasks:
            task.dues = find_deadlines(f"{task.text} {task.when}".strip(), signed)
    return draft


def _province_in(lines: list[Line], registry: Registry) -> str | None:
    """The province the text names ("tỉnh Kon Tum"), among those of the registry's agencies."""
    text = fold(" ".join(line.text for line in lines))
    named = [p for p in provinces_of(registry) if f"tinh {fold(p)}" in text]
    return named[0] if len(named) == 1 else None


def draft_id(draft: Draft, fallback: str) -> str:
    if draft.number:
        return slugify(draft.number[0])
    return slugify(fallback) or "van-ban-moi"
