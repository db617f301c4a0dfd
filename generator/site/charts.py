"""Geometry for the inline SVG charts: Python measures, templates draw."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date

from generator.core.progress import Row
from generator.core.status import ORDER, Category, compute_status

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


def total(bars: list[Bar]) -> int:
    """What a chart of `bars` counts in all: 0 means it has nothing to show, and a page says so instead."""
    return sum(b.count for b in bars)


@dataclass(frozen=True)
class RankBar:
    label: str
    page: str  # the agency's page, relative to the site root
    count: int
    width: float  # percent of the longest bar


TOP_AGENCIES = 10


def ranking(entries: list[tuple[str, str, int]], limit: int = TOP_AGENCIES) -> list[RankBar]:
    """The `limit` largest non-zero counts of (label, page, count), in the order given (already ranked)."""
    shown = [e for e in entries if e[2] > 0][:limit]
    top = max((e[2] for e in shown), default=0) or 1
    return [RankBar(label, page, n, round(100 * n / top, 3)) for label, page, n in shown]


@dataclass(frozen=True)
class MonthPoint:
    label: str  # mm/yyyy
    reports: int  # reports dated within the month
    overdue: int  # assignments overdue at the month's end (today, for the month that runs)
    reports_height: float  # percent of the chart's tallest value
    overdue_height: float


TREND_MONTHS = 12


def _months_back(today: date, months: int) -> list[tuple[int, int]]:
    keys, year, month = [], today.year, today.month
    for _ in range(months):
        keys.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(keys))


def trend(rows: list[Row], today: date, months: int = TREND_MONTHS) -> list[MonthPoint]:
    """An agency's last `months` months: reports made in each, and how much was overdue at each month's end."""
    keys = _months_back(today, months)
    reports = Counter((r.date.year, r.date.month) for row in rows for r in row.status.history)
    overdue = {}
    for year, month in keys:
        end = min(date(year, month, calendar.monthrange(year, month)[1]), today)
        overdue[year, month] = sum(
            compute_status(row.item.deadline, row.status.history, end).category is Category.OVERDUE
            for row in rows
            if row.item.deadline and row.item.deadline < end
        )
    top = max([reports[k] for k in keys] + [overdue[k] for k in keys]) or 1
    return [
        MonthPoint(
            f"{m:02d}/{y}",
            reports[y, m],
            overdue[y, m],
            round(100 * reports[y, m] / top, 3),
            round(100 * overdue[y, m] / top, 3),
        )
        for y, m in keys
    ]


def trend_total(points: list[MonthPoint]) -> int:
    return sum(p.reports + p.overdue for p in points)
