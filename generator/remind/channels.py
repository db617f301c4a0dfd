"""What both ways out (e-mail, GitHub issues) share: the error a reminder run reports, a time budget and a breaker.

A channel that keeps failing, or a run that has used its time, stops trying: the reminders not sent stay
"not sent" in the state, so the next run sends them, and the other channel goes on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


class ChannelError(Exception):
    """A reminder could not be delivered; the message says why, in Vietnamese, for the run's summary.
    `transient` when the service may be down (a timeout, a dropped connection), not refusing this one call."""

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class Refused(ChannelError):
    """The server refused every recipient: sending again will not help until the addresses are corrected."""


@dataclass
class Budget:
    """Seconds a channel may spend in one run, counted on the monotonic clock from its creation."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def timeout(self, per_operation: float) -> float:
        """The timeout for the next operation: its own limit, never past the end of the budget."""
        left = self.left()
        if left <= 0:
            raise ChannelError(f"hết thời gian dành cho kênh này ({self.seconds:g} giây)", transient=True)
        return min(per_operation, left)


@dataclass
class Breaker:
    """Stops a channel after `limit` failures in a row (a server that hangs or is down), reset by a success."""

    limit: int = 3
    failures: int = 0

    @property
    def open(self) -> bool:
        return self.failures >= self.limit

    def failed(self) -> None:
        self.failures += 1

    def succeeded(self) -> None:
        self.failures = 0

    def check(self, what: str) -> None:
        if self.open:
            raise ChannelError(f"đã dừng {what} sau {self.limit} lần lỗi liên tiếp")
