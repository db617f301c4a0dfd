"""The periodic reports: 6-month and full-year periods, each with its figures as of its last day."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from generator.core.collation import vi_key
from generator.core.model import Dataset, Registry, Report
from generator.core.progress import Progress, Row, attention_order
from generator.core.status import Category
from generator.site.views import League


@dataclass(frozen=True)
class Period:
    slug: str
    title: str
    start: date
    end: date
    as_of: date
    lines: list[tuple[str, League]]
    total: League
    overdue: list[Row]  # due within the period and overdue at its end: listed on the period's page
    # Overdue at its end, due before it began: counted per agency on the page, not listed again. Listing them made
    # each report repeat the overdue page (up to six copies of it, 17 MiB at 5,000 tasks).
    carried: list[Row]
    corrections: list[Report] = field(default_factory=list)  # dated within it, entered after it closed

    def carried_by_agency(self, registry: Registry) -> list[tuple[str, int]]:
        """(agency id, number of assignments carried over), in Vietnamese order of the agencies' names."""
        counts = Counter(row.agency_id for row in self.carried)
        return sorted(counts.items(), key=lambda pair: vi_key(registry.display_name(pair[0])))


@dataclass(frozen=True)
class PeriodLink:
    """A period as the index of periodic reports lists it, without its figures."""

    slug: str
    title: str
    start: date
    end: date
    as_of: date


PERIOD_YEARS = 2  # this year and the last: the periods offices report on; older figures stay in the open data


def period_bounds(progress: Progress) -> list[tuple[str, str, date, date]]:
    """The 6-month and full-year periods of the last PERIOD_YEARS years that have begun, newest first."""
    found = []
    for year in range(progress.today.year - PERIOD_YEARS + 1, progress.today.year + 1):
        found.append((f"{year}-6-thang", f"6 tháng đầu năm {year}", date(year, 1, 1), date(year, 6, 30)))
        found.append((f"{year}-ca-nam", f"năm {year}", date(year, 1, 1), date(year, 12, 31)))
    return list(reversed(found))


def period_report(
    progress: Progress,
    slug: str,
    title: str,
    start: date,
    end: date,
    compute: Callable[[Dataset, date, int], Progress],
) -> Period:
    """The figures of one period, as of its last day (or today, while it runs); `compute` recomputes progress.

    Every overdue assignment the table counts is accounted for: the work due within the period listed one by one,
    the work carried over from earlier periods counted per agency (each is on its agency's page and, while still
    overdue, on the overdue page)."""
    as_of = min(end, progress.today)
    corrections = _corrections(progress, end)
    if corrections:  # the figures stay as they stood when the period closed
        kept = tuple(r for r in progress.dataset.reports if r.recorded_on <= end)
        state = compute(replace(progress.dataset, reports=kept), as_of, progress.due_soon_days)
    else:
        state = progress if as_of == progress.today else compute(progress.dataset, as_of, progress.due_soon_days)
    rows = [r for r in state.rows if r.item.deadline is None or r.item.deadline <= end]
    by_agency: dict[str, list[Row]] = {}
    for row in rows:
        by_agency.setdefault(row.agency_id, []).append(row)
    registry = progress.dataset.registry
    named = ((registry.display_name(a), League.of(rs, as_of)) for a, rs in by_agency.items())
    lines = sorted(named, key=lambda line: vi_key(line[0]))
    late = [r for r in rows if r.status.category is Category.OVERDUE]
    # Overdue work has a deadline: the None of `deadline` never reaches these comparisons.
    overdue = attention_order(r for r in late if r.item.deadline is not None and r.item.deadline >= start)
    carried = attention_order(r for r in late if r.item.deadline is not None and r.item.deadline < start)
    return Period(slug, title, start, end, as_of, lines, League.of(rows, as_of), overdue, carried, corrections)


def _corrections(progress: Progress, end: date) -> list[Report]:
    """Reports dated up to a closed period's end but entered into the ledger after it (a late paper report the
    Office entered, `recorded:`): shown as corrections to the period, not merged into figures already published."""
    if end >= progress.today:
        return []
    late = [r for r in progress.dataset.reports if r.date <= end < r.recorded_on]
    return sorted(late, key=lambda r: (r.recorded_on, r.date, r.agency, r.task))
