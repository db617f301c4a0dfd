"""`tracker changes`: what a change does, in plain Vietnamese Markdown, for the pull request's job summary.

Every removed, renamed or rewritten item is listed, so that a reviewer sees a deadline move even where the rules
let it through (they do not) and a disappearance that no rule names."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.markup import environment
from generator.core.model import EnteredBy
from generator.core.wording import directive_title, short_text
from generator.review.deadlines import Schedule, schedules
from generator.review.git import Change
from generator.review.rules import split_reports

_SAID = {"in_progress": "đang thực hiện", "done": "hoàn thành"}


@dataclass(frozen=True)
class Moved:
    key: str
    before: str
    after: str = ""


def summarize(change: Change) -> str:
    """The job summary's Markdown: every value from the data is escaped by the template."""
    lost, _new = split_reports(change.base.reports, change.head.reports)
    context = {
        "reports": _reports(change),
        "directives": _new_directives(change),
        "lost": len(lost),
        **_schedule_changes(schedules(change.base), schedules(change.head)),
    }
    context["nothing"] = not any(context[k] for k in ("reports", "directives", "lost", *_SCHEDULE_KINDS))
    return environment("generator.review").get_template("changes.md.j2").render(context)


def _reports(change: Change) -> list[dict]:
    _lost, new = split_reports(change.base.reports, change.head.reports)
    latest = {(r.task, r.agency): r.status.value for r in change.base.reports}
    names = change.head.registry
    rows = []
    for r in new:
        known = r.agency in names.agencies or r.agency in names.groups
        rows.append(
            {
                "name": names.display_name(r.agency) if known else r.agency,
                "task": r.task,
                "before": _SAID.get(latest.get((r.task, r.agency), ""), "chưa có báo cáo"),
                "after": _SAID[r.status.value],
                "date": r.date,
                "office": r.entered_by is EnteredBy.OFFICE,
                "blocked": r.blocked,
            }
        )
        latest[r.task, r.agency] = r.status.value
    return rows


def _new_directives(change: Change) -> list[dict]:
    before = {d.id for d in change.base.directives}
    return [
        {"title": short_text(directive_title(d)), "tasks": len(d.tasks)}
        for d in change.head.directives
        if d.id not in before
    ]


_SCHEDULE_KINDS = ("extensions", "rewritten", "renamed", "removed")


def _schedule_changes(old: dict[str, Schedule], new: dict[str, Schedule]) -> dict[str, list]:
    extensions, rewritten = [], []
    for key, now in new.items():
        before = old.get(key)
        if before is None:
            continue
        grown = len(now.extensions) > len(before.extensions)
        if (now.deadline, now.recurrence) != (before.deadline, before.recurrence):
            rewritten.append(Moved(key, before.said(), now.said()))
        elif grown and now.extensions[: len(before.extensions)] == before.extensions:
            previous = before.extensions[-1][0] if before.extensions else before.deadline
            extensions.append({"key": key, "before": previous, "after": now.extensions[-1][0]})
        elif now.extensions[: len(before.extensions)] != before.extensions:
            rewritten.append(Moved(key, before.said(), "gia hạn cũ bị sửa"))
    gone = [key for key in old if key not in new]
    added = [key for key in new if key not in old]
    renamed, removed = [], []
    for key in gone:
        twin = _renamed_to(key, old[key], added, new)
        if twin:
            renamed.append({"old": key, "new": twin, "before": old[key].said()})
            added.remove(twin)
        else:
            removed.append(Moved(key, old[key].said()))
    return {"extensions": extensions, "rewritten": rewritten, "renamed": renamed, "removed": removed}


def _renamed_to(key: str, before: Schedule, added: list[str], new: dict[str, Schedule]) -> str | None:
    """A new item of the same directive in the same place of its file: most likely the old one renamed."""
    directive = key.split("/")[0]
    for candidate in added:
        now = new[candidate]
        if candidate.split("/")[0] == directive and (now.loc.file, now.loc.line) == (before.loc.file, before.loc.line):
            return candidate
    return None
