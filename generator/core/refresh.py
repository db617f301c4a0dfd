"""What a few saved report files change, recomputed for those files alone: `tracker serve` after a report is saved.

A full reload lists, reads and checks 90,000 files and works out every status again to show one report. A report
file changes only itself: its own problems (how it reads, its task and agency, its name), its place among the reports
(the ledger's, then the files' in the order of their paths) and the status of the one task and agency it reports
on. So the model keeps every other report, every other problem and every other row, and only those are done again.
Anything else saved (a directive, the registry, the ledger) takes the full reload. `tests/core/test_refresh.py`
compares the result with a full reload of the same files.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import replace

from generator.core.checks import check_reports
from generator.core.diagnostics import Diagnostic, has_errors
from generator.core.load import LEDGER, Layout, load_report_file
from generator.core.model import Dataset, Report
from generator.core.pipeline import Checked, published
from generator.core.progress import Progress, Row
from generator.core.report_files import is_report_file
from generator.core.status import compute_status


def refreshed(before: Checked, layout: Layout, names: set[str]) -> Checked | None:
    """`before` with the report files `names` (repository names, each saved, added or deleted) read again; None
    when a name is not a report file, or `before` has no progress to start from (the full reload then)."""
    if before.progress is None or not names or not all(is_report_file(name) for name in names):
        return None
    kept = [r for r in before.dataset.reports if r.loc.file not in names]
    found: list[Diagnostic] = []
    new = [r for r in (load_report_file(layout, name, found) for name in sorted(names)) if r is not None]
    dataset = replace(before.dataset, reports=tuple(_merged(kept, new)))
    found += check_reports(dataset, new)
    diagnostics = list(dict.fromkeys([d for d in before.diagnostics if d.file not in names] + found))
    if has_errors(diagnostics):
        return Checked(dataset, diagnostics, None)
    changed = {(r.task, r.agency) for r in before.dataset.reports if r.loc.file in names} | {
        (r.task, r.agency) for r in new
    }
    return Checked(dataset, diagnostics, _progress(before.progress, published(dataset), changed))


def _merged(kept: list[Report], new: list[Report]) -> list[Report]:
    """The ledger's reports, then the files' in the order of their paths: `new` put in their places."""
    reports = list(kept)
    start = next((i for i, r in enumerate(reports) if r.loc.file != LEDGER), len(reports))
    for report in new:
        files = [r.loc.file for r in reports[start:]]
        reports.insert(start + bisect_left(files, report.loc.file), report)
    return reports


def _progress(before: Progress, dataset: Dataset, changed: set[tuple[str, str]]) -> Progress:
    """`before` with the rows of the changed (item, agency) pairs given their status again."""
    reports: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in dataset.reports:
        if (report.task, report.agency) in changed:
            reports[report.task, report.agency].append(report)
    again: dict[int, Row] = {}
    for i, row in enumerate(before.rows):
        if (row.item.key, row.agency_id) in changed:
            status = compute_status(
                row.item.deadline, reports.get((row.item.key, row.agency_id), ()), before.today, before.due_soon_days
            )
            again[i] = replace(row, status=status)
    if not again:
        return replace(before, dataset=dataset)
    rows = tuple(again.get(i, row) for i, row in enumerate(before.rows))
    keys = {row.item.key for row in again.values()}
    agencies = {row.agency_id for row in again.values()}
    by_item, by_agency = dict(before.rows_by_item), dict(before.rows_by_agency)
    for key in keys:
        by_item[key] = tuple(row for row in rows if row.item.key == key)
    for agency in agencies:
        by_agency[agency] = tuple(row for row in rows if row.agency_id == agency)
    return replace(before, dataset=dataset, rows=rows, rows_by_item=by_item, rows_by_agency=by_agency)
