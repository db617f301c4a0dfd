"""The data folders watched under `tracker serve` by the system's own file notifications, not by MkDocs' polling.

MkDocs' server watches with a polling observer: every half second it lists and stats every file under each watched
folder. Under `reports/` at 20,000 tasks (85,626 files in 37,578 folders) one pass takes seconds, so a saved report
was seen 5 s after it was saved, and the poll took the interpreter from the build in between, idle or not. The data
folders are watched by watchdog's native observer instead (inotify, FSEvents or ReadDirectoryChangesW), which is told
of a change as it happens; the plugin then asks MkDocs for a build through a small folder that MkDocs polls. Where
the native observer cannot start (inotify's limit on watches reached, say), MkDocs' polling watches them as before.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

log = logging.getLogger("tracker")

# What a write, a removal or a rename makes. Not a file opened, or closed without a write: every build reads the
# files it watches, and a full reload's 90,000 reads would overflow the system's queue of notifications (16,384 on
# Linux), after which watchdog tells of every file again.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


def watch_natively(paths: Sequence[Path], saw: Callable[[FileSystemEvent], None]) -> BaseObserver | None:
    """An observer started on `paths` (files and folders), calling `saw` for each change under them; None where the
    system's cannot watch them. A folder is watched from when it is made, again if it is removed and made again: a
    repository's first report file makes `reports/`."""
    watched = {str(path) for path in paths}
    observer = Observer()
    folders: dict[str, ObservedWatch] = {}  # the watched folders there are, each with its own recursive watch

    def watch(folder: str) -> None:
        folders[folder] = observer.schedule(handler, folder, recursive=True, event_filter=CHANGES)

    def changed(event: FileSystemEvent) -> None:
        gone, came = os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")
        if not any(t == w or t.startswith(w + os.sep) for t in (gone, came) if t for w in watched):
            return  # another file beside them (mkdocs.yml, README.md, …)
        if event.is_directory:
            if event.event_type in ("deleted", "moved") and gone in folders:
                observer.unschedule(folders.pop(gone))  # its watch ends with it: one made there later needs a new one
            made = {"created": gone, "moved": came}.get(event.event_type)
            if made in watched and made not in folders:
                watch(made)  # what it holds already, told as if it had just been made
                for place, _folders, files in os.walk(made):
                    for name in files:
                        saw(FileCreatedEvent(os.path.join(place, name)))
        saw(event)

    handler = FileSystemEventHandler()
    handler.on_any_event = changed  # type: ignore[method-assign]
    try:
        for parent in dict.fromkeys(str(path.parent) for path in paths):
            observer.schedule(handler, parent, recursive=False, event_filter=CHANGES)  # files; folders made
        for path in paths:
            if path.is_dir():
                watch(str(path))
        observer.start()
    except OSError as exc:
        observer.unschedule_all()  # stops the watchers that did start
        log.warning(
            "Không theo dõi được thư mục dữ liệu bằng thông báo của hệ điều hành (%s): MkDocs sẽ dò lại toàn bộ "
            "tệp mỗi nửa giây, chậm khi có nhiều báo cáo.",
            exc,
        )
        return None
    return observer


class Saved:
    """The data files saved since they were last taken, as the watchers tell of them (from their own threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: set[str] | None = set()

    def saw(self, event: FileSystemEvent) -> None:
        with self._lock:
            # A folder made, emptied or removed: watchdog (natively or polling) tells of each file in it as well, so
            # a task's first report, which makes the task's folder, is still applied alone. A folder moved or
            # renamed: which files, it may not say.
            if event.is_directory and event.event_type != "moved":
                return
            if event.is_directory or self._files is None:
                self._files = None
                return
            self._files |= {os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p}

    def take(self) -> set[str] | None:
        """The files saved since the last call (paths as the watchers give them); None when which is not known."""
        with self._lock:
            files, self._files = self._files, set()
        return files
