"""Restated instructions: a portal post (or a letter) that gives the same instruction twice is given one task.

A post opens with a lead paragraph that sums up the instruction the body then gives in full ("Sở Công thương kính
gửi các sở, ngành, xem xét dự thảo … trước ngày 03/05/2019." … "Sở Công thương đề nghị quý cơ quan sớm có ý kiến
… trước ngày 03/5/2019 …"), or repeats it word for word. Two tasks are one when they say nearly the same words to
the same bodies, or much the same words with the same day. The later statement is kept (it is the fuller, the
body's own words), with the earlier one's bodies where the later only says "quý cơ quan" (the letter's addressee).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol, TypeVar

from generator.core.names import fold

_SAME_WORDS = 0.7  # word-bag similarity of a restatement to the same bodies
_SAME_DAY = 0.4  # … of a restatement that sets the same day
# Words of a name that tell no body from another ("Sở Y tế" and "Sở Tài chính" share only "sở").
_GENERIC = {"cac", "ubnd", "uy", "ban", "nhan", "dan", "so", "va", "co", "quan", "don", "vi", "lien", "thuoc", "tinh"}
_ADDRESSEE = re.compile(r"^(?:quý|các quý)\s", re.IGNORECASE)


class _Named(Protocol):
    name: str
    role: str


class _Task(Protocol):
    text: str
    people: list[Any]  # of `_Named` (prose's Person): a list is invariant, so Any


T = TypeVar("T", bound=_Task)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' folded words, counted with their repeats."""
    left, right = fold(a).split(), fold(b).split()
    if not left or not right:
        return 0.0
    common = sum(min(left.count(w), right.count(w)) for w in set(left))
    return 2 * common / (len(left) + len(right))


def _same_bodies(a: list[Any], b: list[Any]) -> bool:
    words = [{w for p in people for w in fold(p.name).split()} - _GENERIC for people in (a, b)]
    return bool(words[0] & words[1]) or not (words[0] or words[1])


def merge_restated(tasks: list[T], days: Callable[[str], set[date]]) -> list[T]:
    """The tasks with each restated one merged into its later statement; `days` gives the dates a text sets."""
    kept: list[T] = []
    for task in tasks:
        for n, earlier in enumerate(kept):
            alike = similarity(earlier.text, task.text)
            same_day = bool(days(earlier.text) & days(task.text))
            if (alike >= _SAME_WORDS and _same_bodies(earlier.people, task.people)) or (
                same_day and alike >= _SAME_DAY
            ):
                if task.people and all(_ADDRESSEE.match(p.name) for p in task.people if p.role != "cooperating"):
                    task.people = [p for p in earlier.people if p.role != "cooperating"] + [
                        p for p in task.people if p.role == "cooperating"
                    ]
                del kept[n]
                break
        kept.append(task)
    return kept
