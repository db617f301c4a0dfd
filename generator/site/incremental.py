"""What a change of the data changes on the site: the pages `tracker serve` renders again after a file is saved.

A saved directive changes its own page and the pages of the agencies it gives work to; a report changes its
directive's page and its own agency's. Summary pages (dashboard, overdue list, indexes,
league, periodic reports) are rendered again, except the report of a period that ended before every changed report
was dated: its figures are as of its last day, when those reports did not count yet; and the pages of the overdue
list's months whose rows are the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.core.addresses import agency_page, directive_page, is_detail, period_page
from generator.core.model import Report
from generator.core.progress import Progress
from generator.site.overdue import months as overdue_months
from generator.site.periods import period_bounds
from generator.site.views import overdue_rows


def changed_pages(before: Progress, after: Progress, paths: Iterable[str]) -> set[str]:
    """The paths among `paths` (every generated page) whose content may differ between the two states."""
    paths = set(paths)
    if before.today != after.today or before.dataset.registry != after.dataset.registry:
        return paths
    old = {d.id: d for d in before.dataset.directives}
    new = {d.id: d for d in after.dataset.directives}
    edited = {i for i in old.keys() | new.keys() if old.get(i) is not new.get(i) and old.get(i) != new.get(i)}
    reports = _changed_reports(before.dataset.reports, after.dataset.reports)
    directives = edited | {r.task.split("/", 1)[0] for r in reports}
    # An agency's page shows its own assignments only: a report changes its own agency's page, an edited directive
    # the pages of every agency it gives work to.
    agencies = {r.agency for r in reports}
    for state in (before, after):
        agencies |= {row.agency_id for row in state.rows if row.item.directive.id in edited}
    detail = {directive_page(d) for d in directives} | {agency_page(a) for a in agencies}
    summaries = {p for p in paths if not is_detail(p)}
    if not edited:  # only the ledger changed
        first = min((r.date for r in reports), default=None)
        summaries -= {period_page(slug) for slug, _title, _start, end in period_bounds(after) if first and end < first}
        summaries -= _months_kept(before, after)
    return paths & (detail | summaries)


def first_pages(before: Progress, after: Progress) -> set[str]:
    """The pages of the directives whose reports changed: where a report's task is, and its report form. `tracker
    serve` builds these first after a report file is saved (a directive's page is small, an agency's may list
    hundreds of assignments), and the rest of `changed_pages` in the rebuild right after."""
    return {
        directive_page(r.task.split("/", 1)[0]) for r in _changed_reports(before.dataset.reports, after.dataset.reports)
    }


def _changed_reports(before: tuple[Report, ...], after: tuple[Report, ...]) -> list[Report]:
    """The reports in one state and not the other. Told apart by identity: what a rebuild did not read again (the
    parse cache's, or kept by `core.refresh`) is the very same object, and hashing 90,000 reports twice costs
    seconds; an equal report read again counts as changed, which renders a page more, never one less."""
    was, now = {id(r) for r in before}, {id(r) for r in after}
    return [r for r in before if id(r) not in now] + [r for r in after if id(r) not in was]


def _months_kept(before: Progress, after: Progress) -> set[str]:
    """The pages of the overdue list's months that list the same rows, with the same months beside them: a month's
    page shows nothing else (its rows, its neighbours, the day), and a report changes one month at most."""
    old, new = overdue_months(overdue_rows(before)), overdue_months(overdue_rows(after))
    if [m.slug for m in old] != [m.slug for m in new]:
        return set()
    return {m.page for m, n in zip(old, new, strict=True) if m.rows == n.rows}
