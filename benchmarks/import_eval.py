"""How well `tracker import` reads directives: its drafts against the files people made by hand.

    python -m benchmarks.import_eval [--root .] [--split all|dev|held-out|blind] [--seeds-only]

Two measurements. The corpus (tests/fixtures/import/corpus/: real documents, each with a hand-made gold file): every
document is imported and scored as `benchmarks.corpus_score` says (tasks matched by meaning, assignees with role,
dated deadlines, the share of relative/recurring/conditional deadlines marked for a person), per document (worst
first), per shape (kind, layout) and in total. Every 4th document (numbers 2, 6, 10, …) is held out: rules are
written looking at the others (`--split dev`), and the held-out figures say how far they carry to unseen text.
Documents from number 114 on (`--split blind`) were added after the rules, gathered and read without the importer.

The seeds: for every directive in `directives/` whose `source:` names a text, PDF or Word file, the source is
imported and its draft compared with the hand-made file: tasks found (matched by their text), assignees right
(agency or words, and role, on the matched tasks), deadlines right (each date of a task or of its deliverables). It
prints precision and recall of each, per directive and in all. The hand-made files are the truth; a new directive
transcribed by hand is a new measurement.
"""

from __future__ import annotations

import argparse
import difflib
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus_run import SPLITS, print_corpus, score_corpus
from generator.core.load import load_dataset
from generator.core.model import Directive, Task
from generator.core.names import fold, provinces_of
from generator.core.parse import parse_directive, parse_document
from generator.importer.draft_file import import_directive


@dataclass
class Score:
    found: int = 0  # what the draft has
    expected: int = 0  # what the hand-made file has
    right: int = 0  # what both have

    def add(self, drafted: set, truth: set) -> None:
        self.found, self.expected, self.right = (
            self.found + len(drafted),
            self.expected + len(truth),
            self.right + len(drafted & truth),
        )

    def __str__(self) -> str:
        precision = self.right / self.found if self.found else 1.0
        recall = self.right / self.expected if self.expected else 1.0
        return f"{precision:6.2f} {recall:6.2f}"


def _matched(drafted: tuple[Task, ...], truth: tuple[Task, ...]) -> list[tuple[Task, Task]]:
    """Pairs of tasks with the same text (or nearly: extraction may differ in spacing and punctuation)."""
    pairs, free = [], list(truth)
    for task in drafted:
        scores = [(difflib.SequenceMatcher(None, fold(task.text), fold(t.text)).ratio(), i) for i, t in enumerate(free)]
        best = max(scores, default=(0.0, -1))
        if best[0] >= 0.9:
            pairs.append((task, free.pop(best[1])))
    return pairs


def _who(task: Task) -> set:
    return {(a.agency or fold(a.text or ""), a.role.value) for a in task.assignees}


def _when(task: Task) -> set:
    return {d.deadline for d in task.deliverables} | ({task.deadline} if task.deadline else set())


def evaluate(draft: Directive, truth: Directive, scores: dict[str, Score]) -> None:
    pairs = _matched(draft.tasks, truth.tasks)
    scores["tasks"].found += len(draft.tasks)
    scores["tasks"].expected += len(truth.tasks)
    scores["tasks"].right += len(pairs)
    for mine, theirs in pairs:
        scores["assignees"].add(_who(mine), _who(theirs))
        scores["deadlines"].add(_when(mine), _when(theirs))
    for task in draft.tasks:  # what the draft gives a task it should not have found counts against precision
        if task not in {m for m, _ in pairs}:
            scores["assignees"].found += len(_who(task))
            scores["deadlines"].found += len(_when(task))
    for task in truth.tasks:
        if task not in {t for _, t in pairs}:
            scores["assignees"].expected += len(_who(task))
            scores["deadlines"].expected += len(_when(task))


def seeds(root: Path) -> None:
    dataset, *_ = load_dataset(root)
    provinces = provinces_of(dataset.registry)
    total = {k: Score() for k in ("tasks", "assignees", "deadlines")}
    print(f"{'seed directive':<45}{'tasks P/R':>14}{'assignees P/R':>16}{'deadlines P/R':>16}")
    for truth in dataset.directives:
        source = (root / "directives" / truth.source) if truth.source else None
        if source is None or not source.exists():
            continue
        # The province is what a person passes with --province: the one the hand-made issuer names.
        province = next((p for p in provinces if truth.issuer.endswith(p)), None)
        imported = import_directive(source, root / "directives", dataset.registry, province, truth.id)
        draft, _problems = parse_document(imported.text, f"directives/{truth.id}.yaml", parse_directive)
        if draft is None:
            print(f"{truth.id:<45} the draft does not load")
            continue
        scores = {k: Score() for k in total}
        evaluate(draft, truth, scores)
        for key, score in scores.items():
            total[key].found += score.found
            total[key].expected += score.expected
            total[key].right += score.right
        print(f"{truth.id:<45}{scores['tasks']!s:>14}{scores['assignees']!s:>16}{scores['deadlines']!s:>16}")
    print(f"{'all':<45}{total['tasks']!s:>14}{total['assignees']!s:>16}{total['deadlines']!s:>16}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--split", choices=("all", *SPLITS), default="all")
    parser.add_argument("--seeds-only", action="store_true", help="only the directives with a source")
    parser.add_argument("--quiet", action="store_true", help="totals only, no line per document")
    args = parser.parse_args()
    seeds(args.root)
    if args.seeds_only:
        return
    print()
    results = score_corpus(args.root, args.split)
    print_corpus(results, quiet=args.quiet)


if __name__ == "__main__":
    main()
