"""Geometry for the inline SVG charts: Python measures, templates draw."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from generator.core.progress import Row
from generator.core.status import ORDER, Category

MONTHS_AHEAD = 12


@dataclass(frozen=True)
class Segment:
    category: Category
    count: int
    x: float  # percent of the bar's width
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    height: float  # percent of the tallest bar


def stacked(by_category: dict[Category, int]) -> list[Segment]:
    """A 100% bar split by status, in the order pages list statuses; empty categories left out."""
    total = sum(by_category.values())
    segments, x = [], 0.0
    for category in ORDER:
        n = by_category.get(category, 0)
        if n and total:
            width = 100 * n / total
            segments.append(Segment(category, n, round(x, 3), round(width, 3)))
            x += width
    return segments


def describe(segments: list[Segment]) -> str:
    """The chart in words, for readers who cannot see it."""
    return "; ".join(f"{s.category.label}: {s.count}" for s in segments) or "không có nhiệm vụ"


def deadlines_by_month(rows: list[Row], today: date, months: int = MONTHS_AHEAD) -> list[Bar]:
    """How many unfinished assignments fall due in each month, from this month on."""
    counter = Counter(
        (r.item.deadline.year, r.item.deadline.month)
        for r in rows
        if r.item.deadline and r.item.deadline >= today.replace(day=1) and not r.status.category.is_done
    )
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    top = max((counter[k] for k in keys), default=0) or 1
    return [Bar(f"{m:02d}/{y}", counter[(y, m)], round(100 * counter[(y, m)] / top, 3)) for y, m in keys]
