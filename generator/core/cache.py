"""What earlier runs parsed, so a check parses again only the files that changed.

Entries are keyed by a hash of the bytes a file was parsed from, so an unchanged file is parsed once whichever
branch or folder it is read from: a pull request's check loads its base and its head. The ledger only grows, so
what was parsed of its beginning is kept too (see `load`).

The store is one SQLite file, `.tracker-cache/parsed.sqlite` beside the data: only new entries are written, and
entries a run did not use are dropped when it saves. Entries written by another version of the code are all
dropped. Values are pickles, so the file must come only from this project's own runs (a developer's checkout, or
CI's cache of the main branch), never from a pull request. Losing it costs time, never correctness: any problem
reading it is treated as an empty cache, and an entry that is damaged (its checksum does not match, it does not
unpickle, or it is not of the kind its reader expects) as one that is not there.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import sys
from pathlib import Path
from typing import Any, TypeVar

import yaml

FOLDER = ".tracker-cache"
_CHECK = 16  # bytes of checksum before each pickle: a damaged page of the file is a miss, not a crash
T = TypeVar("T")


PACKAGE = Path(__file__).resolve().parents[1]  # generator/


def _code_version(package: Path = PACKAGE) -> str:
    """Changes whenever the code that produced the entries may have changed: any module of any of the package's
    wings (each source's path and bytes; the model's classes are pickled, and any module may come to shape what
    is parsed), the Python and the PyYAML that ran it."""
    digest = hashlib.sha256(f"{sys.version} {yaml.__version__}".encode())
    for source in sorted(package.rglob("*.py"), key=lambda path: path.relative_to(package).as_posix()):
        digest.update(f"\0{source.relative_to(package).as_posix()}\0".encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def content_hash(data: bytes | memoryview) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class ParseCache:
    """A dict of parsed values that lives for one process, optionally backed by a file kept between runs."""

    FOLDER = FOLDER

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._memory: dict[str, Any] = {}
        self._used: set[str] = set()
        # New entries, in their stored form: pickled when put, so that a forked child's share of the pickling is
        # done with its share of the files, not after them while its parent waits (and not again in the parent).
        self._new: dict[str, bytes] = {}
        self._stored: dict[str, bytes] = {}
        self._on_file: set[str] = set()  # the keys the file held when it was opened
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = self._open(path)

    @classmethod
    def beside(cls, root: Path) -> ParseCache:
        return cls(root / FOLDER / "parsed.sqlite")

    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
            db = sqlite3.connect(path, timeout=5)
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, value BLOB)")
            version = _code_version()
            row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
            if row is None or row[0] != version:
                db.execute("DELETE FROM entry")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
                db.commit()
            # One query for everything is much faster than one per file; it is all needed anyway.
            self._stored = dict(db.execute("SELECT key, value FROM entry"))
            self._on_file = set(self._stored)
            return db
        except (OSError, sqlite3.Error):
            return None

    def get(self, key: str, kind: type | tuple[type, ...] = object) -> Any:
        """The value stored under `key`, if there is one, undamaged and an instance of `kind` (else None)."""
        self._used.add(key)
        if key in self._memory:
            return self._memory[key]
        value = loaded(self._stored.pop(key, None))
        if not isinstance(value, kind):
            return None
        if value is not None:
            self._memory[key] = value
        return value

    def put(self, key: str, value: Any, keep: bool = True) -> None:
        """`value` under `key` for this process; with `keep`, in the file too when it saves."""
        self._used.add(key)
        self._memory[key] = value
        if keep:  # in a cache with no file too: a forked child hands its entries over in this form (`changes`)
            self._new[key] = _pickled(value)

    def stored(self, key: str) -> bytes | None:
        """The stored form of what this process put under `key` to keep (see `loaded`), if it did."""
        return self._new.get(key)

    def changes(self) -> tuple[dict[str, bytes], set[str]]:
        """What this copy added to the file, as stored, and used of it: a forked child's, for its parent to `absorb`.
        Only the keys the file holds count as used: 85,000 report files' keys made a large pickle for nothing."""
        used = self._used & self._on_file  # what it added is in the first part
        return self._new, used

    def absorb(self, stored: dict[str, bytes], used: set[str]) -> None:
        self._stored.update(stored)  # read from there if asked for again, as if from the file
        self._new.update(stored)
        self._used |= used | stored.keys()

    def forget_unused(self) -> None:
        """Drop from memory what the loads since the last call did not use (`tracker serve`, between rebuilds)."""
        self._memory = {k: v for k, v in self._memory.items() if k in self._used}
        self._new = {k: v for k, v in self._new.items() if k in self._used}  # else every edit's parse stays
        self._used = set()

    def save(self) -> None:
        """Write the new entries and drop the ones this run did not use."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?)", self._new.items())
                unused = [(k,) for (k,) in self._db.execute("SELECT key FROM entry") if k not in self._used]
                self._db.executemany("DELETE FROM entry WHERE key = ?", unused)
            self._new = {}
        except sqlite3.Error:
            pass  # a cache that cannot be written costs the next run time, nothing else


def _pickled(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(data, digest_size=_CHECK).digest() + data


def loaded(stored: object) -> Any | None:
    """The value of a stored entry; None if it is missing or damaged in any way."""
    if not isinstance(stored, bytes) or len(stored) <= _CHECK:
        return None
    check, data = stored[:_CHECK], stored[_CHECK:]
    if hashlib.blake2b(data, digest_size=_CHECK).digest() != check:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # the checksum matched, so this is a bug of ours or a file written by hand: still only a miss
        return None
