"""Tasks from a table (an appendix of a plan: "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn").

Text from a web page or a Word file gives each row on a line, its cells joined by "|" (or a tab). The header row names
the columns; each later row with a task is one task, its lead and cooperating bodies read from their columns and its
deadline from the deadline column ("Quý III/2025", "Tháng 12/2025", "30/6/2025", "Thường xuyên"), read as the
prose would read "trong quý III/2025" or "trước ngày 30/6/2025".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.core.names import fold
from generator.importer.bodies import split_names

_SEPARATOR = re.compile(r"\s*(?:\||\t)\s*")
_COLUMNS = {  # folded header words -> the column's meaning
    "task": ("nhiem vu", "noi dung", "ten nhiem vu", "cong viec"),
    "lead": ("chu tri", "don vi thuc hien", "co quan thuc hien", "thuc hien"),
    "cooperating": ("phoi hop",),
    "when": ("thoi han", "thoi gian", "tien do", "han hoan thanh"),
}


@dataclass
class Row:
    task: str
    where: str
    lead: list[str]
    cooperating: list[str]
    when: str  # the deadline as the prose would write it, for find_deadlines


def cells(text: str) -> list[str]:
    return [c.strip() for c in _SEPARATOR.split(text.strip().strip("|"))]


def header(text: str) -> dict[str, int] | None:
    """The columns of a header row, or None when the line is not one (it needs a task and a lead column)."""
    if "|" not in text and "\t" not in text:
        return None
    found: dict[str, int] = {}
    for index, cell in enumerate(cells(text)):
        folded = fold(cell)
        # "Thời gian thực hiện" is the deadline column, though it has the words of "Đơn vị thực hiện".
        order = ("when", "task", "lead", "cooperating") if folded.startswith(("thoi gian", "thoi han")) else _COLUMNS
        for meaning in order:
            words = _COLUMNS[meaning]
            if meaning not in found and any(w in folded for w in words):
                found[meaning] = index
                break
    return found if "task" in found and "lead" in found else None


def row(text: str, where: str, columns: dict[str, int]) -> Row | None:
    values = cells(text)
    if len(values) <= max(columns.values()):
        return None
    task = values[columns["task"]]
    if len(task.split()) < 3:  # a group's title row, a number
        return None
    lead = split_names(values[columns["lead"]]) if values[columns["lead"]] else []
    coop = values[columns["cooperating"]] if "cooperating" in columns else ""
    return Row(task, where, lead, split_names(coop) if coop else [], _as_prose(values, columns))


def _as_prose(values: list[str], columns: dict[str, int]) -> str:
    if "when" not in columns:
        return ""
    when = values[columns["when"]]
    if re.match(r"^(?:quý|tháng|năm)\b", when, re.IGNORECASE):
        return f"trong {when}"
    if re.match(r"^\d{1,2}/\d{1,2}/\d{4}", when):
        return f"trước ngày {when}"
    if re.match(r"^\d{4}$", when):  # "2025": within the year
        return f"trong năm {when}"
    return when
