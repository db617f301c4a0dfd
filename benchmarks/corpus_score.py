"""Scoring one draft against one hand-made gold file of the import corpus (tests/fixtures/import/corpus/README.md).

Tasks are matched by the meaning of their text, not by their bytes: both texts are folded (no diacritics, lower
case, punctuation gone) and compared as bags of words; a pair whose Dice coefficient is at least `TASK_MATCH` (0.6)
is the same task, the best pairs first. 0.6 accepts a task cut a clause shorter or longer than the gold one (a
deadline sentence joined or not) and refuses two tasks of one paragraph that share only its subject.

Assignees are compared on matched tasks, with their role. A name is split into its pieces (at ",", ";" and " và "
before a new body's head word) and each piece folded, with "Ủy ban nhân dân" as "UBND" and a leading title ("Thủ
trưởng", "Chủ tịch", "Giám đốc") dropped: a drafted assignee is right when each of its pieces is a piece of a gold
assignee of the same role, and a gold assignee is found when each of its pieces is a piece of a drafted one ("các
ngành chức năng, các địa phương" as one name or two). Pieces match at a `NAME_MATCH` (0.85) similarity ratio, for
glued words and typos.

Dated deadlines are the dates of matched tasks (a task's absolute, month, quarter or year deadline, or a dated
condition). A relative, recurring or conditional deadline of the gold is flagged when the matched drafted task
carries an undated deadline whose words overlap it and the draft marks that deadline `# CẦN BỔ SUNG`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date

from generator.core.names import fold

TASK_MATCH = 0.6
NAME_MATCH = 0.85
TODO = "CẦN BỔ SUNG"
UNDATED = ("relative", "recurring", "condition")
_NEW_BODY = "so|ban|bo|ubnd|uy ban|cong an|cac|van phong|cuc|chi cuc|tong cuc|hoi|doan|thanh tra|tinh doan"
_TITLES = re.compile(r"^(?:thu truong|chu tich|giam doc|lanh dao|pho chu tich)\s+")


@dataclass
class Score:
    found: int = 0  # what the draft has
    expected: int = 0  # what the gold has
    right: int = 0  # of the draft's, how many are right (precision)
    hit: int = 0  # of the gold's, how many the draft has (recall)

    def add(self, other: Score) -> None:
        self.found += other.found
        self.expected += other.expected
        self.right += other.right
        self.hit += other.hit

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hit / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"{self.precision:5.2f} {self.recall:5.2f}"


@dataclass(frozen=True)
class Due:
    text: str
    date: date | None


@dataclass(frozen=True)
class Item:
    """A task as either side gives it: its text, (name, role) pairs and deadlines."""

    text: str
    assignees: tuple[tuple[str, str], ...]
    dues: tuple[Due, ...] = ()


@dataclass
class DocScore:
    name: str
    kind: str
    layouts: tuple[str, ...]
    scores: dict[str, Score] = field(default_factory=dict)
    error: str | None = None

    @property
    def rank(self) -> float:
        """Worst first: the mean F1 of tasks, assignees and dated deadlines."""
        keys = ("tasks", "assignees", "deadlines")
        return sum(self.scores[k].f1 for k in keys) / len(keys)


def words(text: str) -> list[str]:
    return fold(text).split()


def dice(a: str, b: str) -> float:
    left, right = words(a), words(b)
    if not left or not right:
        return 0.0
    common = sum(min(left.count(w), right.count(w)) for w in set(left))
    return 2 * common / (len(left) + len(right))


def match_tasks(drafted: list[Item], gold: list[Item]) -> list[tuple[int, int]]:
    """Pairs (drafted index, gold index), best similarity first, each task used once."""
    scored = sorted(
        ((dice(d.text, g.text), i, j) for i, d in enumerate(drafted) for j, g in enumerate(gold)), reverse=True
    )
    pairs, used_d, used_g = [], set(), set()
    for similarity, i, j in scored:
        if similarity < TASK_MATCH:
            break
        if i not in used_d and j not in used_g:
            pairs.append((i, j))
            used_d.add(i)
            used_g.add(j)
    return pairs


def pieces(name: str) -> list[str]:
    """The folded pieces of a name: split at "," and ";" (before folding, which drops punctuation) and at " và "
    where a new body begins ("Sở Y tế và UBND các huyện"), not inside a name ("Sở Tài nguyên và Môi trường")."""
    parts = []
    for raw in re.split(r"[,;]", name):
        folded = re.sub(r"\buy ?ban nhan dan\b", "ubnd", fold(raw))
        parts += re.split(rf"\s+va\s+(?=(?:{_NEW_BODY})\b)", folded)
    return [_TITLES.sub("", p).strip() for p in parts if p.strip()]


def _covered(name: str, role: str, others: tuple[tuple[str, str], ...]) -> bool:
    theirs = [p for other, r in others if r == role for p in pieces(other)]
    return all(
        any(difflib.SequenceMatcher(None, mine, p).ratio() >= NAME_MATCH for p in theirs) for mine in pieces(name)
    )


def score_assignees(drafted: Item, gold: Item) -> Score:
    return Score(
        found=len(drafted.assignees),
        expected=len(gold.assignees),
        right=sum(_covered(n, r, gold.assignees) for n, r in drafted.assignees),
        hit=sum(_covered(n, r, drafted.assignees) for n, r in gold.assignees),
    )


def score_dates(drafted: Item, gold: Item) -> Score:
    mine = {d.date for d in drafted.dues if d.date}
    theirs = {d.date for d in gold.dues if d.date}
    return Score(len(mine), len(theirs), len(mine & theirs), len(mine & theirs))


def score_flags(drafted: Item, gold: list[Due], marked: str) -> Score:
    """Of the gold's undated deadlines, those the draft keeps as text and marks for a person."""
    flagged = 0
    for due in gold:
        for mine in drafted.dues:
            if mine.date is None and _overlap(mine.text, due.text) and _marked(mine.text, marked):
                flagged += 1
                break
    return Score(found=len(gold), expected=len(gold), right=flagged, hit=flagged)


def _overlap(a: str, b: str) -> bool:
    left, right = set(words(a)), set(words(b))
    return bool(left and right) and len(left & right) >= 0.5 * min(len(left), len(right))


def _marked(text: str, draft_text: str) -> bool:
    folded = " ".join(words(text))
    return any(TODO in line and folded in " ".join(words(line)) for line in draft_text.splitlines())


def score_document(drafted: list[Item], gold: list[Item], gold_undated: list[list[Due]], draft_text: str) -> dict:
    scores = {k: Score() for k in ("tasks", "assignees", "deadlines", "flagged")}
    pairs = match_tasks(drafted, gold)
    scores["tasks"] = Score(len(drafted), len(gold), len(pairs), len(pairs))
    paired_d, paired_g = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, j in pairs:
        scores["assignees"].add(score_assignees(drafted[i], gold[j]))
        scores["deadlines"].add(score_dates(drafted[i], gold[j]))
        scores["flagged"].add(score_flags(drafted[i], gold_undated[j], draft_text))
    empty = Item("", ())
    for i in set(range(len(drafted))) - paired_d:  # what a task the gold does not have carries counts against
        scores["assignees"].add(score_assignees(drafted[i], empty))
        scores["deadlines"].add(score_dates(drafted[i], empty))
    for j in set(range(len(gold))) - paired_g:
        scores["assignees"].add(score_assignees(empty, gold[j]))
        scores["deadlines"].add(score_dates(empty, gold[j]))
        scores["flagged"].add(score_flags(empty, gold_undated[j], draft_text))
    return scores


def gold_items(gold: dict) -> tuple[list[Item], list[list[Due]]]:
    items, undated = [], []
    for task in gold.get("tasks") or []:
        dues = [Due(d["text"], d.get("date")) for d in task.get("deadlines") or []]
        people = tuple((a["name"], a["role"]) for a in task.get("assignees") or [])
        items.append(Item(task["text"], people, tuple(dues)))
        deadlines = task.get("deadlines") or []
        undated.append([Due(d["text"], None) for d in deadlines if d["kind"] in UNDATED and not d.get("date")])
    return items, undated
