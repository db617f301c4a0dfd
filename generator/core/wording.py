"""The Vietnamese words every wing shows people: dates, titles, role and status labels.

One place, so that the site, the pull-request summary, the reminders and the importer say the same thing the same
way. Pure functions of the model; no markup (escaping is `markup`'s job, where the words end up in a page).
"""

from __future__ import annotations

from datetime import date

from generator.core.assignments import Item
from generator.core.model import Directive, Reported, Role

TITLE_CHARS = 90

ROLE_LABELS = {Role.LEAD: "Chủ trì", Role.COOPERATING: "Phối hợp", Role.REQUESTED: "Đề nghị"}

# How a report's own status is said in a sentence ("… → hoàn thành, 18/05/2025").
REPORTED = {Reported.IN_PROGRESS: "đang thực hiện", Reported.DONE: "hoàn thành"}


def vn_date(day: date | None, unknown: str = "chưa rõ") -> str:
    """dd/mm/yyyy, as Vietnamese offices write dates; `unknown` where there is none."""
    return day.strftime("%d/%m/%Y") if day else unknown


def short_text(text: str, limit: int = TITLE_CHARS) -> str:
    """The text cut at a word before `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-– ")
    return cut + "…"


def item_title(item: Item) -> str:
    """`2.5. Tổ chức thanh tra…`, or for a deliverable `2.6. Báo cáo … 6 tháng`."""
    return f"{item.task.id}. {item.part_title or item.task.title or short_text(item.task.text)}"


def directive_title(directive: Directive) -> str:
    """`Kế hoạch số 12/KH-UBND: …`, or `Văn bản (chưa rõ số): …` where the number is unknown."""
    kind = directive.type or "Văn bản"
    number = f"số {directive.number}" if directive.number else "(chưa rõ số)"
    return f"{kind} {number}: {directive.summary}"


def role_label(role: Role) -> str:
    return ROLE_LABELS[role]
