"""files → validated model → computed status: the one assembly every command, the plugin and the benchmark use."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.core.cache import ParseCache
from generator.core.checks import check_repository
from generator.core.diagnostics import Diagnostic, has_errors
from generator.core.model import Dataset
from generator.core.progress import Progress, compute_progress
from generator.core.settings import Settings


@dataclass(frozen=True)
class Checked:
    dataset: Dataset
    diagnostics: list[Diagnostic]
    progress: Progress | None  # None when the data has errors: nothing is computed from wrong data


def checked_progress(settings: Settings, cache: ParseCache | None = None) -> Checked:
    """Load and check the data; compute every assignment's status as of `settings.today` if it is valid."""
    dataset, diagnostics = check_repository(settings.root, cache)
    if has_errors(diagnostics):
        return Checked(dataset, diagnostics, None)
    return Checked(dataset, diagnostics, compute_progress(published(dataset), settings.today, settings.due_soon_days))


def published(dataset: Dataset) -> Dataset:
    """What the site, the exports and the reminders show: every directive but the drafts (`draft: true`)."""
    if not any(d.draft for d in dataset.directives):
        return dataset
    return replace(dataset, directives=tuple(d for d in dataset.directives if not d.draft))
