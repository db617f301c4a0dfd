"""The last good copy of each province's file, with when it was fetched: what the national page shows, marked as
such, when a province cannot be read today."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Cached:
    data: bytes
    fetched_at: datetime  # aware, UTC
    url: str


class Store:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, province_id: str) -> tuple[Path, Path]:
        return self.folder / f"{province_id}.json.gz", self.folder / f"{province_id}.meta.json"

    def save(self, province_id: str, data: bytes, fetched_at: datetime, url: str) -> None:
        """Keep `data` as the province's last good copy (only files that passed every check come here)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        body, meta = self._paths(province_id)
        _write(body, gzip.compress(data, compresslevel=1, mtime=0))
        _write(meta, json.dumps({"fetched_at": fetched_at.isoformat(), "url": url}).encode("utf-8"))

    def load(self, province_id: str) -> Cached | None:
        """The last good copy, or None when there is none or it cannot be read back."""
        body, meta = self._paths(province_id)
        try:
            info = json.loads(meta.read_text("utf-8"))
            return Cached(gzip.decompress(body.read_bytes()), datetime.fromisoformat(info["fetched_at"]), info["url"])
        except (OSError, ValueError, KeyError, TypeError, EOFError, gzip.BadGzipFile):
            return None


def _write(path: Path, data: bytes) -> None:
    """Written beside and renamed over: a run stopped halfway leaves the previous copy whole."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(handle, "wb") as f:
        f.write(data)
    os.replace(temporary, path)
