"""The bugs of issue 20 that once passed the whole suite, planted again one at a time: each must be caught.

    python -m benchmarks.planted [--jobs 2] [--only NAME]

Each bug is one edit of the source (the text before and after), run against the tests that should catch it in a
scratch copy of the repository, exactly as `python -m benchmarks.mutants` runs a mutant. Exits 1 if any bug passes
its tests.
"""

from __future__ import annotations

import argparse
import queue
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from benchmarks.mutants import REPO, Job, check_scratch, scratch_copy


@dataclass(frozen=True)
class Bug:
    name: str
    file: str
    before: str
    after: str
    tests: tuple[str, ...]


_REVIEW = ("tests/review/test_change_rules.py", "tests/review/test_review.py")
_GITHUB = ("tests/remind/test_github.py",)
BUGS = (
    Bug(
        "maintainer teams ignored",
        "generator/review/rules.py",
        "return login.lower() in folded or any(team.lower() in folded for team in teams)",
        "return login.lower() in folded",
        _REVIEW,
    ),
    Bug(
        "report order ignored (the search never moves past a matched report)",
        "generator/review/rules.py",
        "        cursor = candidates[k] + 1\n",
        "",
        _REVIEW,
    ),
    Bug(
        "report order ignored (each report searched from the start)",
        "generator/review/rules.py",
        "k = bisect_left(candidates, cursor)",
        "k = bisect_left(candidates, 0)",
        _REVIEW,
    ),
    Bug(
        "an extension equal to the old deadline accepted",
        "generator/core/checks.py",
        "if previous is not None and ext.deadline <= previous:",
        "if previous is not None and ext.deadline < previous:",
        ("tests/core/test_rules.py",),
    ),
    Bug(
        "'chậm nhất' dropped from the deadline reader",
        "generator/importer/deadlines.py",
        r"(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|",
        r"(?:trước|",
        ("tests/importer/test_deadlines.py",),
    ),
    Bug(
        "`|` no longer escaped in rendered text",
        "generator/core/markup.py",
        '*_{}[]|"',
        '*_{}[]"',
        ("tests/core/test_markup.py",),
    ),
    Bug(
        "the CSV formula guard reduced to `=` and `+`",
        "generator/site/open_tables.py",
        '_FORMULA_START = ("=", "+", "-", "@", "\\t", "\\r")',
        '_FORMULA_START = ("=", "+")',
        ("tests/site/test_export_rows.py",),
    ),
    Bug(
        "escalation at more than 14 days instead of at least",
        "generator/remind/digest.py",
        "r.status.days_overdue >= cadence.escalate_after",
        "r.status.days_overdue > cadence.escalate_after",
        ("tests/remind/test_digest.py",),
    ),
    Bug(
        "the 7-day window one day short (the constant)",
        "generator/core/status.py",
        "DUE_SOON_DAYS = 7",
        "DUE_SOON_DAYS = 6",
        ("tests/core/test_status.py",),
    ),
    Bug(
        "the 7-day window one day short (the comparison)",
        "generator/core/status.py",
        "days_left <= due_soon_days",
        "days_left < due_soon_days",
        ("tests/core/test_status.py",),
    ),
    Bug(
        "the completion rate skipping items due today",
        "generator/site/views.py",
        "r.item.deadline and r.item.deadline <= today]",
        "r.item.deadline and r.item.deadline < today]",
        ("tests/site/test_export_rows.py",),
    ),
    Bug(
        "period pages left stale on their last day",
        "generator/site/incremental.py",
        "if first and end < first}",
        "if first and end <= first}",
        ("tests/site/test_incremental.py",),
    ),
    Bug(
        "no SMTP retry",
        "generator/remind/mail.py",
        "attempts: int = 2",
        "attempts: int = 1",
        ("tests/remind/test_mail.py",),
    ),
    Bug(
        "a closed reminder issue not reopened",
        "generator/remind/notify.py",
        '            changes["state"] = "open"',
        "            pass",
        _GITHUB,
    ),
    Bug(
        "the reminder state saved in the issue body ignored",
        "generator/remind/notify.py",
        "                store.read_markers(",
        "                0 and store.read_markers(",
        _GITHUB,
    ),
    Bug(
        "`state=all` dropped from the issue listing",
        "generator/remind/github.py",
        "&state=all&per_page=100",
        "&per_page=100",
        _GITHUB,
    ),
    Bug(
        "a file read before its size is checked",
        "generator/core/yamlio.py",
        "        too_large = size_problems(status.st_size, file, limit)\n"
        "        return (None, too_large) if too_large else (path.read_bytes(), [])\n",
        "        data = path.read_bytes()\n"
        "        too_large = size_problems(len(data), file, limit)\n"
        "        return (None, too_large) if too_large else (data, [])\n",
        ("tests/core/test_limits.py",),
    ),
    Bug(
        "the old site not moved aside",
        "generator/core/staging.py",
        "    if target.exists():\n        target.rename(old)\n",
        "",
        ("tests/site/test_build.py",),
    ),
)


def plant(bug: Bug) -> str:
    source = (REPO / bug.file).read_text("utf-8")
    if source.count(bug.before) != 1:
        raise SystemExit(f"{bug.name}: the text to change is not once in {bug.file}; update benchmarks/planted.py")
    return source.replace(bug.before, bug.after)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.planted", description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", action="append", help="a bug whose name holds this text")
    args = parser.parse_args(argv)
    bugs = [b for b in BUGS if not args.only or any(o in b.name for o in args.only)]
    sources = {bug.name: plant(bug) for bug in bugs}
    pending: queue.Queue = queue.Queue()
    for bug in bugs:
        pending.put(bug)
    missed: list[str] = []
    lock = threading.Lock()

    def work(job: Job) -> None:
        while True:
            try:
                bug = pending.get_nowait()
            except queue.Empty:
                return
            request = {"file": bug.file, "source": sources[bug.name], "tests": list(bug.tests), "first": []}
            answer = job.run({**request, "timeout": 600})
            caught = answer["outcome"] in ("killed", "timeout")
            with lock:
                print(f"{'caught' if caught else 'MISSED'}: {bug.name} ({answer['killer'] or answer['outcome']})")
                if not caught:
                    missed.append(bug.name)

    with tempfile.TemporaryDirectory(prefix="planted-") as scratch:
        roots = [scratch_copy(Path(scratch) / f"job{i}") for i in range(max(1, args.jobs))]
        check_scratch(roots[0])
        jobs = [Job(root) for root in roots]
        threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for job in jobs:
            job.close()
    print(f"{len(bugs) - len(missed)} of {len(bugs)} planted bugs caught")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
