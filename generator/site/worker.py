"""Rendering beside MkDocs: a forked process renders the pages and makes the data files while MkDocs converts the
pages it has already received.

MkDocs builds on one core. The generator's own work after the check (rendering every page, the workbook, the
calendars) does not depend on MkDocs, so on a machine with a second core it runs there; the process then shares the
conversion of the pages MkDocs has not reached yet (`then`), so a build takes less than MkDocs alone. Where `fork`
does not exist the same work runs in this process, on demand.
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
# ("page", path, markdown), ("made", path, what `then` made of it), ("data", None, None) once the data files are
# written, ("done", None, None) at the end, or ("error", None, traceback)
Message = tuple[str, Any, Any]
FREE, HERE, THERE = 0, 1, 2  # who carries on with a page of `then`: no one yet, this process, the forked one


class RenderFailed(Exception):
    """The rendering process stopped; the message holds its traceback."""


class Renderer:
    """Pages on request, in the order of `pages`; data files written into `folder`, ready once `finish()` returns.

    `then` names pages whose Markdown may be carried on with (the MkDocs adapter converts them, see
    mkdocs_plugin/pages.py) by either process: once the forked one has rendered every page and written the data, it
    takes them in `then`'s order, while this one, asked for them from the other end (`ahead`), takes each the other
    has not begun, until the two meet. So neither waits for the other, whichever is the faster (at 20,000 tasks the
    forked process alone took 66 s more than MkDocs). Without a fork, this process does them all."""

    takes_over = True  # whether this process takes the pages of `then` the forked one has not begun (tests: False)

    def __init__(
        self, pages: PagePlan, data: DataPlan, folder: Path, fork: bool = True, then: Then | None = None
    ) -> None:
        self.pages, self.data, self.folder = pages, data, folder
        self.received: dict[str, str] = {}
        self.made: dict[str, Any] = {}
        self.index = {path: i for i, path in enumerate(then or {})}
        self.data_ready = self.finished = False
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
            self.claims = context.Array("b", len(self.index))  # FREE, HERE or THERE for each page of `then`
            # The child holds the read end of this pipe and the parent its only write end: when the parent dies,
            # however it dies (SIGKILL included), the child reads the end of the pipe and exits, instead of
            # waiting for ever to hand its pages to no one.
            lifeline, self._lifeline = os.pipe()
            self.process = context.Process(
                target=_work,
                args=(pages, then or {}, self.claims, data, folder, self.queue, lifeline, self._lifeline),
                daemon=True,
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
        return self.received.pop(path)

    def ahead(self, path: str) -> Any:
        """What the forked process made of a page of `then`, waiting for it if it has begun; None when this process
        is to carry on with the page (the other has not begun it, and now will not)."""
        i = self.index.get(path)
        if self.process is None or i is None:
            return None
        with self.claims.get_lock():
            if self.claims[i] == FREE and self.takes_over:
                self.claims[i] = HERE
                return None
        while path not in self.made:
            self._receive()
        return self.made.pop(path)

    def finish(self) -> None:
        """Wait until every data file is written, and the forked process has ended."""
        if self.process is None:
            if not self.finished:
                _write_data(self.data, self.folder)
        else:
            while not (self.data_ready and self.finished):
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
        elif kind == "made":
            self.made[path] = payload
        elif kind == "data":
            self.data_ready = True
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
    pages: PagePlan,
    then: Then,
    claims: Any,
    data: DataPlan,
    folder: Path,
    out: Queue[Message],
    lifeline: int,
    parents_end: int,
) -> None:
    # The parent's handlers (SIGTERM turned into an exception, see cli) are not this process's: terminate() ends it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.close(parents_end)
    threading.Thread(target=_exit_with, args=(lifeline,), daemon=True).start()
    try:
        kept = {}  # the Markdown of the pages of `then`
        for path, render in pages.items():
            markdown = render()
            out.put(("page", path, markdown))
            if path in then:
                kept[path] = markdown
        _write_data(data, folder)
        out.put(("data", None, None))
        for i, (path, carry_on) in enumerate(then.items()):
            with claims.get_lock():
                mine = claims[i] == FREE
                if mine:
                    claims[i] = THERE
            markdown = kept.pop(path)
            if mine:
                out.put(("made", path, carry_on(markdown)))
        out.put(("done", None, None))
    except BaseException:
        out.put(("error", None, traceback.format_exc()))
