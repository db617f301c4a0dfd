"""What waits for the Office: requests for more time not yet answered, and work reported blocked."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.progress import Progress, Row, attention_order


@dataclass(frozen=True)
class Waiting:
    """What waits for the Office: requests for more time not yet answered, and work reported blocked."""

    requests: list[Row]  # the latest report of each asks for more time, and no extension has answered it
    blocked: list[Row]


def waiting(progress: Progress) -> Waiting:
    """A request counts as answered once the directive records an extension approved on or after the day it was
    made, or once the agency has reported again without asking (the Office refuses in writing, and the agency's
    next report says so)."""
    requests, blocked = [], []
    for row in progress.rows:
        latest = row.status.latest
        if latest is None:
            continue
        request = latest.extension_request
        answered = any(e.approved_on is not None and e.approved_on >= latest.date for e in row.item.extensions)
        if request is not None and not answered and not row.status.category.is_done:
            requests.append(row)
        if row.status.blocked and not row.status.category.is_done:
            blocked.append(row)
    return Waiting(attention_order(requests), attention_order(blocked))
