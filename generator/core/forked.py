"""Per-file work shared with one forked child, for a machine with two cores.

Loading a national repository is 90,000 small files, each read and parsed on its own: two processes halve it. The
items of work are numbered; each process takes the next number from a pipe that holds them all (a read of four bytes
from a pipe is atomic), so whichever is free takes the next one, and the results are put back in the order of the
numbers: the outcome is the same as doing them all here, in order, whoever did which. The child's results come back
pickled through another pipe: pickles of our own classes from our own child, the only thing ever unpickled here.

If the child fails in any way (an exception, a signal, a result cut short) the parent does again what the child did.
It forks only where that is safe: a process with one thread (forking a threaded process copies its locks in whatever
state they are, as under `tracker serve`) and at least two cores to use.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
F = TypeVar("F")
_SIZE = 4  # bytes of an item's number in the pipe
_END = 8  # bytes of a result's end offset in the other
_MISSING = object()
MAX_ITEMS = 4096  # their numbers fit the pipe's buffer (64 KiB), so writing them all never waits


def can_fork() -> bool:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return hasattr(os, "fork") and cores >= 2 and threading.active_count() == 1


def _same(_i: int, result: Any) -> Any:
    return result


def shared(
    count: int,
    work: Callable[[int], T],
    first: Callable[[], F],
    after: Callable[[], Any] = lambda: None,
    pack: Callable[[int, T], Any] = _same,
    unpack: Callable[[int, Any], T] = _same,
) -> tuple[F, list[T], Any]:
    """`first()`, then `work(i)` for every `i` below `count`, with `first` and some of the items done by a forked
    child; what `after()` returns in the child (None if nothing came back from it). The child sends `pack(i, result)`
    back, which the parent turns into the result with `unpack(i, …)`: a result already pickled for another use (the
    cache) is sent as those bytes, not pickled again.

    The child pickles each result as soon as it is done, into a file the two share, and says where it ends through a
    pipe; the parent reads what is ready after each of its own items. Pickling and reading are then part of each
    side's share of the work, which the other balances by taking more items, rather than done in turn at the end
    (0.6 s, then 0.25 s, of a fresh check's 3 s at 20,000 tasks)."""
    if count > MAX_ITEMS:
        raise ValueError(f"at most {MAX_ITEMS} items")
    if not can_fork():
        return first(), [work(i) for i in range(count)], None
    numbers, writer = os.pipe()
    os.write(writer, b"".join(i.to_bytes(_SIZE, "little") for i in range(count)))
    os.close(writer)
    ends, notes = os.pipe()  # at most MAX_ITEMS + 1 notes of 8 bytes: they fit its buffer, never waiting on a read
    with tempfile.TemporaryFile() as spool:
        pid = os.fork()
        if pid == 0:  # the child: never returns, never runs the parent's exit handlers or flushes its buffers
            status = 1
            try:
                os.close(ends)
                value = first()
                for i in _taken(numbers):
                    _send(spool.fileno(), notes, (i, pack(i, work(i))))
                _send(spool.fileno(), notes, (None, (value, after())))
                status = 0
            finally:
                os._exit(status)
        os.close(notes)
        theirs = _Results(ends, spool.fileno(), unpack)
        try:
            mine = {}
            for i in _taken(numbers):
                mine[i] = work(i)
                theirs.take_ready()  # read as they come: then reading them is shared out too, not left to the end
        finally:
            os.close(numbers)
            back = theirs.take_rest(pid)
    if back is None:
        return first(), [mine[i] if i in mine else work(i) for i in range(count)], None
    done, (value, extra) = back
    return value, [mine[i] if i in mine else done[i] for i in range(count)], extra


def _taken(numbers: int) -> Iterator[int]:
    while chunk := os.read(numbers, _SIZE):
        yield int.from_bytes(chunk, "little")


def _send(spool: int, notes: int, result: object) -> None:
    """One result appended to the shared file, then its end offset on the pipe: the parent reads only what is whole."""
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    while data:
        data = data[os.write(spool, data) :]
    os.write(notes, os.lseek(spool, 0, os.SEEK_CUR).to_bytes(_END, "little"))


class _Results:
    """The child's results, read as it says they are written."""

    def __init__(self, ends: int, spool: int, unpack: Callable[[int, Any], Any]) -> None:
        self.ends, self.spool, self.unpack = ends, spool, unpack
        self.done: dict[int, Any] = {}
        self.last: Any = _MISSING
        self.start = 0
        self.pending = b""  # a note read in part
        self.broken = False
        os.set_blocking(ends, False)

    def take_ready(self) -> None:
        """Those already written, without waiting for more."""
        with contextlib.suppress(BlockingIOError):
            self._take(os.read(self.ends, 1 << 16))

    def take_rest(self, pid: int) -> tuple[dict[int, Any], Any] | None:
        """All the others, then the child's end; None if it failed in any way or its last result (the value of
        `first` and `after`) never came."""
        os.set_blocking(self.ends, True)
        try:
            while chunk := os.read(self.ends, 1 << 16):
                self._take(chunk)
        finally:
            os.close(self.ends)
        _, status = os.waitpid(pid, 0)
        if status != 0 or self.broken or self.last is _MISSING or self.pending:
            return None
        return self.done, self.last

    def _take(self, chunk: bytes) -> None:
        if self.broken:
            return
        data = self.pending + chunk
        whole = len(data) - len(data) % _END
        self.pending = data[whole:]
        try:
            for at in range(0, whole, _END):
                end = int.from_bytes(data[at : at + _END], "little")
                i, result = pickle.loads(os.pread(self.spool, end - self.start, self.start))
                self.start = end
                if i is None:
                    self.last = result
                else:
                    self.done[i] = self.unpack(i, result)
        except Exception:  # cut short or garbled: the parent does the child's share
            self.broken = True
