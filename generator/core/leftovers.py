"""Working folders that name the process that made them, so a build killed before it could clean up (SIGKILL, a
power cut) leaves nothing for long: the next build removes the folders of processes that no longer run."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def fresh_folder(parent: Path, prefix: str) -> Path:
    """A new empty folder `<prefix><pid>-<random>` in `parent`, once the stale ones of `prefix` are gone."""
    remove_stale(parent, prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def remove_stale(parent: Path, prefix: str) -> list[Path]:
    """Remove this user's folders `<prefix><pid>-…` in `parent` whose process has ended; return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        pid = _owner(entry.name, prefix)
        if pid is None or not entry.is_dir(follow_symlinks=False):
            continue
        if entry.stat(follow_symlinks=False).st_uid != os.getuid():  # a shared temp folder: only our own
            continue
        if pid == os.getpid() or not _running(pid):  # our own pid on a folder we have not made yet: a reused pid
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _owner(name: str, prefix: str) -> int | None:
    pid, dash, _random = name.removeprefix(prefix).partition("-")
    return int(pid) if name.startswith(prefix) and dash and pid.isdigit() else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: running
    try:  # a process that has ended but whose parent has not collected it yet is still listed: a zombie
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True
