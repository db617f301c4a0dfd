"""Every province read in turn: fetched, checked, reduced to its summary, remembered; a failure stays local."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from generator.core import contract
from generator.federate.cache import Store
from generator.federate.config import Federation, Province
from generator.federate.fetch import FetchFailed, fetch
from generator.federate.read import Counts, Summary, Unreadable, check_document, parse_document, summarize


@dataclass(frozen=True)
class Outcome:
    province: Province
    summary: Summary | None  # None: nothing to show (it failed and there is no good copy)
    problem: str | None  # why today's file could not be used; None when it was
    cached_at: datetime | None  # when the copy shown was fetched, if it is the cached one
    stale: bool  # the figures shown are older than the configured number of days

    @property
    def fresh(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Rollup:
    today: date
    outcomes: tuple[Outcome, ...]
    stale_after_days: int

    @property
    def shown(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.summary is not None]

    def total(self) -> Counts:
        total = Counts()
        for outcome in self.shown:
            total.add(outcome.summary.counts)
        return total

    def by_kind(self) -> dict[str, Counts]:
        kinds: dict[str, Counts] = {}
        for outcome in self.shown:
            for kind, counts in outcome.summary.by_kind.items():
                kinds.setdefault(kind, Counts()).add(counts)
        return {kind: kinds[kind] for kind in contract.KINDS if kind in kinds}


Fetcher = Callable[[str, float, int], bytes]


def read_province(data: bytes, province: Province, today: date, limit: int) -> Summary:
    document = parse_document(data)
    as_of = check_document(document, today)
    return summarize(document, as_of, province.url, limit)


def roll_up(federation: Federation, today: date, store: Store, get: Fetcher = fetch, now=None) -> Rollup:
    """One province at a time, so that memory holds one file, whatever the number of provinces."""
    outcomes = []
    for province in federation.provinces:
        outcomes.append(_one(federation, province, today, store, get, now or (lambda: datetime.now(UTC))))
        gc.collect()  # the file's rows are garbage now; return their memory before the next province
    return Rollup(today, tuple(outcomes), federation.stale_after_days)


def _one(federation: Federation, province: Province, today: date, store: Store, get: Fetcher, now) -> Outcome:
    limit = federation.overdue_per_province
    try:
        fetched_at = now()
        data = get(province.data_url, federation.timeout_seconds, federation.max_bytes)
        summary = read_province(data, province, today, limit)
    except (FetchFailed, Unreadable) as exc:
        problem = str(exc)
    except Exception as exc:  # a fault of ours on one file must not cost the other provinces their place
        problem = f"lỗi khi đọc tệp ({type(exc).__name__}: {str(exc)[:200]})"
    else:
        try:
            store.save(province.id, data, fetched_at, province.data_url)
        except OSError as exc:
            print(f"{province.name}: không lưu được bản sao vào {store.folder} ({exc.strerror}).", file=sys.stderr)
        return Outcome(province, summary, None, None, _stale(summary, today, federation))
    cached = store.load(province.id)
    summary = None
    if cached is not None:
        try:
            summary = read_province(cached.data, province, today, limit)
        except Unreadable:
            summary = None
    return Outcome(
        province, summary, problem, cached.fetched_at if summary else None, _stale(summary, today, federation)
    )


def _stale(summary: Summary | None, today: date, federation: Federation) -> bool:
    return summary is not None and (today - summary.as_of).days > federation.stale_after_days
