"""files → validated model → computed status: the one assembly every command, the plugin and the benchmark use."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.core.cache import ParseCache
from generator.core.checks import check_repository
from generator.core.diagnostics import Diagnostic, has_errors
from generator.core.load import collector_paused
from generator.core.model import Dataset
from generator.core.progress import Progress, compute_progress
from generator.core.settings import Settings


@dataclass(frozen=True)
class Checked:
    dataset: Dataset
    diagnostics: list[Diagnostic]
    progress: Progress | None  # None when the data has errors: nothing is computed from wrong data


def checked_progress(settings: Settings, cache: ParseCache | None = None) -> Checked:
    """Load and check the data; compute every assignment's status as of `settings.today` if it is valid.

    The checks and the statuses make as many objects as the load, and as few reference cycles: with the cycle
    collector paused over all three, 20,000 tasks are checked and computed in 1.8 s instead of 3.9 s in MkDocs'
    process (whose heap the collector also walks each time)."""
    with collector_paused():
        dataset, diagnostics = check_repository(settings.root, cache)
        if has_errors(diagnostics):
            return Checked(dataset, diagnostics, None)
        progress = compute_progress(published(dataset), settings.today, settings.due_soon_days)
    return Checked(dataset, diagnostics, progress)


def published(dataset: Dataset) -> Dataset:
    """What the site, the exports and the reminders show: every directive but the drafts (`draft: true`)."""
    if not any(d.draft for d in dataset.directives):
        return dataset
    return replace(dataset, directives=tuple(d for d in dataset.directives if not d.draft))
