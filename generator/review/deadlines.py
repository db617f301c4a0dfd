"""Deadlines are extended, never rewritten: every dated item of the base keeps its id, its shape, its deadline or
recurrence, and its earlier extensions (P004). The same view of each item feeds the summary."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from generator.core.assignments import task_key
from generator.core.diagnostics import Diagnostic
from generator.core.model import Dataset, Loc
from generator.core.wording import vn_date


@dataclass(frozen=True)
class Schedule:
    """When one tracked item falls due, as the rules compare it: a deadline with its extensions, or a
    recurrence. `None` fields are absent."""

    deadline: date | None
    extensions: tuple[tuple, ...]
    recurrence: tuple | None
    loc: Loc

    @property
    def dated(self) -> bool:
        return self.deadline is not None or self.recurrence is not None

    def said(self) -> str:
        if self.recurrence is not None:
            every, day, start, end = self.recurrence
            return f"định kỳ {every}, ngày {day}, từ {vn_date(start)} đến {vn_date(end, 'không hạn cuối')}"
        if self.deadline is not None:
            return f"hạn {vn_date(self.deadline)}"
        return "không có hạn"


def schedules(dataset: Dataset) -> dict[str, Schedule]:
    """Every task and deliverable, by key: the task itself (its deadline, recurrence, or none when it has
    deliverables or is ongoing), and each deliverable."""
    found = {}
    for directive in dataset.directives:
        for task in directive.tasks:
            rec = task.recurrence
            shape = (rec.every.value, rec.day, rec.start, rec.end) if rec else None
            found[task_key(directive.id, task.id)] = Schedule(task.deadline, _kept(task.extensions), shape, task.loc)
            for part in task.deliverables:
                found[task_key(directive.id, task.id, part.id)] = Schedule(
                    part.deadline, _kept(part.extensions), None, part.loc
                )
    return found


def _kept(extensions: tuple) -> tuple[tuple, ...]:
    return tuple((e.deadline, e.approved_on, e.document, e.note) for e in extensions)


def deadlines_rewritten(base: Dataset, head: Dataset) -> Iterator[Diagnostic]:
    after = schedules(head)
    for key, before in schedules(base).items():
        if not before.dated:
            continue  # an ongoing task may get a deadline, or be split into deliverables
        now = after.get(key)
        if now is None:
            yield Diagnostic(
                before.loc.file,
                before.loc.line,
                before.loc.col,
                "P004",
                f"`{key}` ({before.said()}) đã bị xóa hoặc đổi mã (dòng {before.loc.line} ở nhánh gốc). Nhiệm vụ "
                "có hạn không được xóa hay đổi mã; giữ nguyên mục cũ, hạn mới ghi thành một mục trong `extensions:`.",
            )
        elif (now.deadline, now.recurrence) != (before.deadline, before.recurrence) or (
            now.extensions[: len(before.extensions)] != before.extensions
        ):
            yield Diagnostic(
                now.loc.file,
                now.loc.line,
                now.loc.col,
                "P004",
                f"Hạn của `{key}` đã bị sửa trực tiếp (trước: {before.said()}; nay: {now.said()}). Giữ nguyên "
                "`deadline`, `recurrence` và các lần gia hạn cũ; hạn mới ghi thành một mục mới trong `extensions:`.",
            )
