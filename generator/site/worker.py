"""Rendering beside MkDocs: a forked process renders the pages and makes the data files while MkDocs converts the
pages it has already received.

MkDocs builds on one core. The generator's own work after the check (rendering every page, the workbook, the
calendars) does not depend on MkDocs, so on a machine with a second core it runs there, and the build costs little
more than MkDocs alone. Where `fork` does not exist the same work runs in this process, on demand.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import threading
import traceback
from collections.abc import Callable, Mapping
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any, cast

PagePlan = Mapping[str, Callable[[], str]]
DataPlan = Mapping[str, Callable[[], bytes]]
Then = Mapping[str, Callable[[str], Any]]
# ("page", path, (markdown, what `then` made of it or None)), ("done", None, None) or ("error", None, traceback)
Message = tuple[str, Any, Any]


class RenderFailed(Exception):
    """The rendering process stopped; the message holds its traceback."""


class Renderer:
    """Pages on request, in the order of `pages`; data files written into `folder`, ready once `finish()` returns.

    `then` names pages whose Markdown the forked process carries on with (the MkDocs adapter converts them there, see
    mkdocs_plugin/pages.py): what it makes of each is `ahead(path)`. Without a fork nothing is done ahead."""

    def __init__(
        self, pages: PagePlan, data: DataPlan, folder: Path, fork: bool = True, then: Then | None = None
    ) -> None:
        self.pages, self.data, self.folder = pages, data, folder
        self.received: dict[str, tuple[str, Any]] = {}
        self.made: dict[str, Any] = {}
        self.finished = False
        self.process: BaseProcess | None = None
        self.queue: Queue[Message]
        self._lifeline: int | None = None
        if fork and "fork" in multiprocessing.get_all_start_methods():
            # Frozen objects are never visited by the collector: the child does not copy the parent's memory by
            # merely collecting, and neither process walks the loaded data again.
            gc.freeze()
            context = multiprocessing.get_context("fork")
            # A Queue, not a Pipe: its feeder thread lets the child render ahead without waiting for MkDocs.
            self.queue = context.Queue()
            # The child holds the read end of this pipe and the parent its only write end: when the parent dies,
            # however it dies (SIGKILL included), the child reads the end of the pipe and exits, instead of
            # waiting for ever to hand its pages to no one.
            lifeline, self._lifeline = os.pipe()
            self.process = context.Process(
                target=_work, args=(pages, then or {}, data, folder, self.queue, lifeline, self._lifeline), daemon=True
            )
            self.process.start()
            os.close(lifeline)
            # The child has its own copy of the plans and of the data behind them: this process lets them go, so
            # MkDocs builds in a heap the size of its own.
            self.pages, self.data = {}, {}

    def page(self, path: str) -> str:
        if self.process is None:
            return self.pages[path]()
        while path not in self.received:
            self._receive()
        markdown, made = self.received.pop(path)
        if made is not None:
            self.made[path] = made
        return markdown

    def ahead(self, path: str) -> Any:
        """What the forked process made of the page's Markdown (`then`), once `page(path)` has returned; None if
        nothing."""
        return self.made.pop(path, None)

    def finish(self) -> None:
        """Wait until every data file is written."""
        if self.process is None:
            if not self.finished:
                _write_data(self.data, self.folder)
        else:
            while not self.finished:
                self._receive()
            self.process.join()
            self._cut_lifeline()
        self.finished = True

    def close(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self._cut_lifeline()

    def _cut_lifeline(self) -> None:
        if self.process is not None and self._lifeline is not None:
            os.close(self._lifeline)
            self._lifeline = None

    def _receive(self) -> None:
        process = cast(BaseProcess, self.process)  # called only while the child runs
        while True:
            try:
                kind, path, payload = self.queue.get(timeout=1)
                break
            except queue.Empty:
                if not process.is_alive():
                    raise RenderFailed(f"tiến trình dựng trang dừng bất thường (mã {process.exitcode})") from None
        if kind == "page":
            self.received[path] = payload
        elif kind == "done":
            self.finished = True
        else:
            raise RenderFailed(payload)


def _write_data(data: DataPlan, folder: Path) -> None:
    for path, make in data.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make())


def _exit_with(lifeline: int) -> None:
    """Wait until the parent's end of the lifeline closes, then end this process at once."""
    try:
        while os.read(lifeline, 1):
            pass
    finally:
        os._exit(1)


def _work(
    pages: PagePlan, then: Then, data: DataPlan, folder: Path, out: Queue[Message], lifeline: int, parents_end: int
) -> None:
    # The parent's handlers (SIGTERM turned into an exception, see cli) are not this process's: terminate() ends it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.close(parents_end)
    threading.Thread(target=_exit_with, args=(lifeline,), daemon=True).start()
    try:
        for path, render in pages.items():
            markdown = render()
            carry_on = then.get(path)
            out.put(("page", path, (markdown, carry_on(markdown) if carry_on else None)))
        _write_data(data, folder)
        out.put(("done", None, None))
    except BaseException:
        out.put(("error", None, traceback.format_exc()))
