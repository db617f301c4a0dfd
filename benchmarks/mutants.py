"""Mutation testing: plant the usual one-line bugs, one at a time, and see whether the tests catch each.

    python -m benchmarks.mutants [--module generator/core/status.py ...] [--tests tests/core/test_status.py ...]
                                 [--jobs 2] [--list]

The repository is copied once per job into a scratch folder; each mutant is written into that copy's source file,
so the tests' own `python -m generator` subprocesses run it too (an in-memory mutation tool does not reach
them), and only the tests that cover the module run, stopping at the first failure. Prints every survivor as
`file:line` with the line before and after, and the score per module. Survivors listed in
`benchmarks/mutants-equivalent.txt` (mutants no test can tell from the original) are shown apart and left out
of the score.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.mutations import Mutant, mutants_of

REPO = Path(__file__).resolve().parents[1]
EQUIVALENTS = REPO / "benchmarks" / "mutants-equivalent.txt"

# Module -> the tests that cover it, fastest and most direct first (the run stops at the first failure). They are
# in-process tests where the module can be reached that way: a survivor runs every test of its set, so a set that
# starts `tracker` subprocesses for each case (test_check.py, test_exports.py) would make the run ten times longer
# for what test_rules.py and test_export_rows.py check in-process.
_RULES = ("tests/core/test_rules.py",)
TARGETS: dict[str, tuple[str, ...]] = {
    "generator/core/status.py": ("tests/core/test_status.py", "tests/core/test_progress.py"),
    "generator/core/progress.py": ("tests/core/test_progress.py", "tests/core/test_real_data.py"),
    "generator/core/assignments.py": ("tests/core/test_progress.py", *_RULES, "tests/core/test_real_data.py"),
    "generator/core/checks.py": _RULES,
    "generator/core/fields.py": ("tests/core/test_fields.py", *_RULES),
    "generator/core/ledger.py": ("tests/core/test_ledger.py",),
    "generator/core/ledger_load.py": ("tests/core/test_ledger_load.py",),
    "generator/core/markup.py": ("tests/core/test_markup.py",),
    "generator/core/yamlio.py": ("tests/core/test_yamlio.py", "tests/core/test_limits.py", *_RULES),
    "generator/review/rules.py": ("tests/review/test_change_rules.py",),
    "generator/site/export.py": ("tests/site/test_export_rows.py",),
    "generator/remind/digest.py": ("tests/remind/test_remind.py",),
    "generator/remind/notify.py": ("tests/remind/test_remind.py",),
    "generator/remind/channels.py": ("tests/remind/test_remind.py",),
}
_TIMEOUT_FACTOR, _TIMEOUT_FLOOR = 3.0, 20.0  # a mutant may take three times the unmutated run before it is a hang


@dataclass
class Result:
    mutant: Mutant
    outcome: str
    killer: str | None
    seconds: float


@dataclass
class Killers:
    """Which tests killed which lines' mutants, so the next mutant of the module tries those tests first."""

    by_line: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    by_module: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def first(self, mutant: Mutant) -> list[str]:
        with self.lock:
            near = [*self.by_line[mutant.file, mutant.line], *self.by_line[mutant.file, mutant.line - 1]]
            common = [nodeid for nodeid, _count in self.by_module[mutant.file].most_common(20)]
        return list(dict.fromkeys([*reversed(near), *common]))

    def add(self, mutant: Mutant, killer: str | None) -> None:
        if killer is not None:
            with self.lock:
                self.by_line[mutant.file, mutant.line].append(killer)
                self.by_module[mutant.file][killer] += 1


# -- the scratch copies -----------------------------------------------------------------------------------


def scratch_copy(target: Path) -> Path:
    """The repository's files (tracked and new, not ignored) copied into `target`, with bytecode compiled once."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "generator")], check=True)
    return target


def environment(root: Path) -> dict[str, str]:
    """The scratch copy first on the path (before the editable install), and the test folders too: some tests
    import helpers from other test modules, as they do when the whole suite runs."""
    tests = sorted(str(p) for p in (root / "tests").iterdir() if p.is_dir())
    keep = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return {**keep, "PYTHONPATH": os.pathsep.join([str(root), *tests]), "PYTHONDONTWRITEBYTECODE": "1"}


class Job:
    """One scratch copy and the worker process that runs tests in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.mutant_worker", str(root)],
            cwd=root,
            env=environment(root),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, request: dict) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self, stop: bool = False) -> None:
        """Let the worker finish (it ends at the end of its input), or stop it and the tests it runs."""
        if stop:
            self.process.terminate()
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def check_scratch(root: Path) -> None:
    """The tests' subprocesses must import the scratch copy, not the installed package."""
    probe = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=root,
        env=environment(root),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(probe).is_relative_to(root):
        raise SystemExit(f"the scratch copy is not what `python -m generator` imports ({probe})")


# -- the run ----------------------------------------------------------------------------------------------


def baselines(jobs: list[Job], test_sets: set[tuple[str, ...]]) -> dict[tuple[str, ...], float]:
    """Each test set run once unmutated: it must pass, and its time sets the timeout of its mutants."""
    times: dict[tuple[str, ...], float] = {}
    failed: list[str] = []
    pending: queue.Queue = queue.Queue()
    for tests in sorted(test_sets):
        pending.put(tests)

    def work(job: Job) -> None:
        while True:
            try:
                tests = pending.get_nowait()
            except queue.Empty:
                return
            answer = job.run({"file": None, "tests": list(tests), "first": [], "timeout": 900})
            if answer["outcome"] != "survived":
                failed.append(f"{' '.join(tests)}: {answer['outcome']} ({answer['killer']})")
            times[tests] = answer["seconds"]

    _in_threads(jobs, work)
    if failed:
        raise SystemExit("the tests do not pass without a mutant:\n" + "\n".join(failed))
    return times


def _in_threads(jobs: list[Job], work) -> None:
    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_mutants(
    jobs: list[Job], mutants: list[Mutant], tests: dict[str, tuple[str, ...]], sources: dict[str, bytes]
) -> list[Result]:
    times = baselines(jobs, set(tests.values()))
    killers, pending, results = Killers(), queue.Queue(), []
    for mutant in mutants:
        pending.put(mutant)
    total, lock = len(mutants), threading.Lock()

    def work(job: Job) -> None:
        while True:
            try:
                mutant = pending.get_nowait()
            except queue.Empty:
                return
            test_set = tests[mutant.file]
            request = {
                "file": mutant.file,
                "source": mutant.apply(sources[mutant.file]).decode("utf-8"),
                "tests": list(test_set),
                "first": killers.first(mutant),
                "timeout": max(_TIMEOUT_FLOOR, _TIMEOUT_FACTOR * times[test_set]),
            }
            answer = job.run(request)
            killers.add(mutant, answer["killer"])
            with lock:
                results.append(Result(mutant, answer["outcome"], answer["killer"], answer["seconds"]))
                done = len(results)
            if answer["outcome"] == "survived":
                print(f"[{done}/{total}] survived {mutant.file}:{mutant.line}: {mutant.mutated_line.strip()}")
            elif done % 25 == 0:
                print(f"[{done}/{total}] …", flush=True)

    _in_threads(jobs, work)
    return sorted(results, key=lambda r: (r.mutant.file, r.mutant.start, r.mutant.end))


# -- the report -------------------------------------------------------------------------------------------


def load_equivalents(path: Path = EQUIVALENTS) -> dict[tuple[str, str, str], str]:
    """Mutants known to be equivalent, each a block: the file, `- ` the line, `+ ` the mutated line, `why: …`."""
    if not path.exists():
        return {}
    found, block = {}, {}
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if block:
                found[block["file"], block["-"], block["+"]] = block.get("why", "")
            block = {}
        elif line.startswith(("- ", "+ ")):
            block[line[0]] = line[2:].strip()
        elif line.startswith("why:"):
            block["why"] = line[4:].strip()
        else:
            block["file"] = line.strip()
    return found


def show(mutant: Mutant, extra: str = "") -> str:
    head = f"{mutant.file}:{mutant.line}: {mutant.operator} {mutant.description}{extra}"
    return f"{head}\n- {mutant.original_line.strip()}\n+ {mutant.mutated_line.strip()}"


def report(results: list[Result], equivalents: dict, seconds: float) -> None:
    by_module: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_module[result.mutant.file].append(result)
    print("\n## Survivors")
    for result in results:
        if result.outcome in ("survived", "no tests") and result.mutant.key not in equivalents:
            print(show(result.mutant) + "\n")
    print("## Equivalent (left out of the score)")
    for result in results:
        if result.outcome == "survived" and result.mutant.key in equivalents:
            print(f"{result.mutant.file}:{result.mutant.line}: {equivalents[result.mutant.key]}")
    print(f"\n{'module':<36} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} {'equiv':>5} {'score':>6}")
    for module, module_results in sorted(by_module.items()):
        outcomes = Counter(r.outcome for r in module_results)
        equivalent = sum(1 for r in module_results if r.outcome == "survived" and r.mutant.key in equivalents)
        caught = outcomes["killed"] + outcomes["timeout"]
        scored = len(module_results) - equivalent
        score = caught / scored if scored else 1.0
        survived = len(module_results) - caught - equivalent
        print(
            f"{module:<36} {len(module_results):>7} {outcomes['killed']:>6} {outcomes['timeout']:>7} "
            f"{survived:>8} {equivalent:>5} {score:>6.1%}"
        )
    print(f"\n{len(results)} mutants in {seconds:.0f} s")


# -- the command ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutants", description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", help="a module to mutate (default: every target)")
    parser.add_argument("--tests", action="append", help="the tests to run (default: the module's, from TARGETS)")
    parser.add_argument("--jobs", type=int, default=1, help="scratch copies run side by side (default 1)")
    parser.add_argument("--list", action="store_true", help="list the mutants without running anything")
    parser.add_argument("--line", type=int, action="append", help="only the mutants of these lines")
    parser.add_argument("--at", action="append", help="only the mutants of FILE:LINE (e.g. to check survivors again)")
    args = parser.parse_args(argv)
    at = {(f, int(n)) for f, n in (a.rsplit(":", 1) for a in args.at or ())}
    modules = args.module or sorted({f for f, _n in at}) or list(TARGETS)
    unknown = [m for m in modules if m not in TARGETS and not args.tests]
    if unknown:
        parser.error(f"no tests known for {', '.join(unknown)}: pass --tests")
    chosen = {m: tuple(args.tests) if args.tests else TARGETS[m] for m in modules}
    tests = {m: tuple(t for t in chosen[m] if (REPO / t).exists()) for m in modules}
    sources = {m: (REPO / m).read_bytes() for m in modules}
    mutants = [mutant for m in modules for mutant in mutants_of(m, sources[m])]
    if args.line:
        mutants = [m for m in mutants if m.line in args.line]
    if at:
        mutants = [m for m in mutants if (m.file, m.line) in at]
    if args.list:
        for mutant in mutants:
            print(show(mutant))
        print(f"\n{len(mutants)} mutants")
        return 0
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(1))  # stopped: end the workers as on Ctrl-C
    with tempfile.TemporaryDirectory(prefix="mutants-") as scratch:
        roots = [scratch_copy(Path(scratch) / f"job{i}") for i in range(max(1, args.jobs))]
        check_scratch(roots[0])
        jobs = [Job(root) for root in roots]
        try:
            results = run_mutants(jobs, mutants, tests, sources)
        except BaseException:  # stopped (Ctrl-C, a failed baseline): no worker left running tests
            for job in jobs:
                job.close(stop=True)
            raise
        for job in jobs:
            job.close()
    report(results, load_equivalents(), time.monotonic() - started)
    survivors = [r for r in results if r.outcome != "killed" and r.outcome != "timeout"]
    return 1 if any(r.mutant.key not in load_equivalents() for r in survivors) else 0


if __name__ == "__main__":
    sys.exit(main())
