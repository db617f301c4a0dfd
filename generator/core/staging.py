"""A folder made beside its target and swapped in whole: what is published is never half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.core.leftovers import fresh_folder


def staging_folder(target: Path) -> Path:
    """A new empty folder beside `target` (same file system, so the swap is a rename), named by this process; the
    folders of earlier builds that were killed before they could remove theirs are removed first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return fresh_folder(target.parent, f".{target.name}-")


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` with `new`; the old content is removed once the new one is in place."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
