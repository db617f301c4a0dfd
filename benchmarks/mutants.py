"""Mutation testing: plant the usual one-line bugs, one at a time, and see whether the tests catch each.

    python -m benchmarks.mutants [--module generator/core/status.py ...] [--tests tests/core/test_status.py ...]
                                 [--jobs 2] [--list] [--fresh] [--no-fork]

The repository is copied once per job into a scratch folder; each mutant is written into that copy's source file,
so the tests' own `python -m generator` subprocesses run it too (an in-memory mutation tool does not reach
them), and only the tests that run its line, stopping at the first failure. They run in the job's fork server
(`benchmarks/mutant_server.py`: the tests collected once, a forked child per mutant with the mutated function's
code put in place), or, for a line run at import or while pytest collects, in a fresh pytest
(`benchmarks/mutant_worker.py`). What each mutant did is kept in `.mutants-cache/results/`, keyed by the mutant,
its module and the inputs of its tests: a rerun runs only the mutants whose code or tests changed (`--fresh` runs
them all). Prints every survivor as `file:line` with the line before and after, and the score per module.
Survivors listed in `benchmarks/mutants-equivalent.txt` (mutants no test can tell from the original) are shown
apart and left out of the score.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import importlib.util
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
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import mutant_coverage
from benchmarks.mutations import Mutant, mutants_of

REPO = Path(__file__).resolve().parents[1]
EQUIVALENTS = REPO / "benchmarks" / "mutants-equivalent.txt"

# Module -> the tests that may kill its mutants (files or folders). Of these, each mutant runs only the tests
# that execute its line (measured once with coverage.py, `benchmarks/mutant_coverage.py`), fastest first. They are
# the in-process tests where the module can be reached that way: test_check.py and test_exports.py start a
# `tracker` subprocess for each case and would add minutes for what test_rules.py and test_export_rows.py check.
_RULES = ("tests/core/test_rules.py",)
_INPUTS = ("tests/core/test_inputs.py",)  # the hostile inputs (Y000, Y007, Y008, years, R011): `tracker check` each
# The reminders' in-process tests: test_notify.py runs `tracker remind` in this process against the GitHub fake and
# a real SMTP server. test_github.py and test_scale.py run the same path in subprocesses (90 s more for every
# survivor); test_mail.py's hung, dropped and STARTTLS servers wait out their timeouts (40 s a survivor, three
# mutants a minute): `--module generator/remind/mail.py --tests tests/remind` runs them. test_mail_session.py runs
# the same faults against the SMTP session in this process.
_REMIND = tuple(f"tests/remind/test_{name}.py" for name in ("notify", "digest", "state", "fakes", "channels"))
# The SMTP session's own faults (drops, hangs, STARTTLS, refusals) in this process, each in well under a second.
_MAIL = (*_REMIND, "tests/remind/test_mail_session.py")
# Tests left out of every set: the same code as a smaller case of the same test, at a size that takes minutes.
SLOW = ("tests/remind/test_scale.py::test_a_province_sized_run_fits_github_and_runs_once_a_day[20000]",)
TARGETS: dict[str, tuple[str, ...]] = {
    "generator/core/status.py": ("tests/core/test_status.py", "tests/core/test_progress.py"),
    "generator/core/progress.py": ("tests/core/test_progress.py", "tests/core/test_real_data.py"),
    "generator/core/assignments.py": ("tests/core/test_progress.py", *_RULES, "tests/core/test_real_data.py"),
    "generator/core/checks.py": (*_RULES, *_INPUTS),
    "generator/core/fields.py": ("tests/core/test_fields.py", *_RULES, *_INPUTS),
    "generator/core/ledger.py": ("tests/core/test_ledger.py",),
    "generator/core/ledger_load.py": (
        "tests/core/test_ledger_load.py",
        "tests/core/test_ledger_appended.py",
        "tests/core/test_forked.py",  # the parts two processes read, and what the child sends back
    ),
    "generator/core/markup.py": ("tests/core/test_markup.py",),
    "generator/core/flat.py": ("tests/core/test_flat.py", "tests/core/test_yamlio.py"),
    "generator/core/report_text.py": ("tests/core/test_report_text.py",),
    "generator/core/yamlio.py": (
        "tests/core/test_yamlio.py",
        "tests/core/test_limits.py",
        "tests/core/test_flat.py",
        *_RULES,
        *_INPUTS,
    ),
    "generator/review/rules.py": (
        "tests/review/test_change_rules.py",
        "tests/review/test_report_files_rules.py",
        "tests/review/test_review.py",  # real git repositories: the report-file rules (P0xx) end to end
    ),
    "generator/review/scoped.py": ("tests/review/test_scoped.py",),  # against the full check, on real git repositories
    "generator/site/export.py": ("tests/site/test_export_rows.py",),
    "generator/site/open_tables.py": ("tests/site/test_export_rows.py",),  # the CSV and XLSX writers, the formula guard
    "generator/remind/digest.py": _REMIND,
    "generator/remind/notify.py": _REMIND,
    "generator/remind/channels.py": _REMIND,
    "generator/remind/mail.py": _MAIL,
    "generator/remind/github.py": _REMIND,
    "generator/remind/state.py": _REMIND,
    "generator/remind/run.py": _REMIND,
}
# A mutant may take three times its tests' time under coverage (itself slower than a plain run) and half a
# minute more (pytest's start, the test modules' collection) before it is a hang; a hang is run once more with
# three times as long before it counts as caught, so that a load peak on the shared machine kills nothing.
_TIMEOUT_FACTOR, _TIMEOUT_FLOOR, _TIMEOUT_CONFIRM = 3.0, 30.0, 3.0
# And each test its own time (its time under coverage, four times over, and three seconds): a hang is caught there.
# With the confirmation, a hang costs about four times the floor: 10 s made the eleven hangs of the default set
# a quarter of a first run's time.
_BUDGET_FACTOR, _BUDGET_FLOOR = 4.0, 3.0
CACHE = REPO / ".mutants-cache"


@dataclass
class Result:
    mutant: Mutant
    outcome: str
    killer: str | None
    seconds: float
    tests: int = 0  # how many tests it was given: those that run its line
    # "fork" (the fork server), "process" (a fresh pytest), "cache" (a result of an earlier run), "listed" (not run:
    # listed as equivalent)
    how: str = ""


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
    """One scratch copy, and the processes that run tests in it: the fork server (`benchmarks/mutant_server.py`),
    once `serve` has named the tests it collects, and the fresh-process worker (`benchmarks/mutant_worker.py`)
    for what the server cannot plant, started when first needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.server: subprocess.Popen[str] | None = None
        self.worker: subprocess.Popen[str] | None = None
        self.fallbacks: Counter = Counter()  # why mutants went to the fresh-process worker

    def _start(self, *command: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", *command],
            cwd=self.root,
            env=environment(self.root),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def serve(self, files: list[str]) -> None:
        """Start the fork server, collecting `files` once for the whole run."""
        self.server = self._start("benchmarks.mutant_server", str(self.root), *files)

    def run(self, request: dict) -> dict:
        """The outcome of one request: in the fork server if the request can be planted there (`line` given, a
        server started), else in a fresh pytest."""
        if self.server is not None and request.get("line"):
            answer = self._ask(self.server, request)
            if answer["outcome"] != "unpatched":
                return {**answer, "how": "fork"}
            self.fallbacks[answer["why"]] += 1
        if self.worker is None:
            self.worker = self._start("benchmarks.mutant_worker", str(self.root))
        return {**self._ask(self.worker, request), "how": "process"}

    @staticmethod
    def _ask(process: subprocess.Popen[str], request: dict) -> dict:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.flush()
        answer = process.stdout.readline()
        if not answer:  # the process was stopped (Ctrl-C, SIGTERM): this job's thread ends without a traceback
            raise SystemExit(1)
        return json.loads(answer)

    def close(self, stop: bool = False) -> None:
        """Let the processes finish (each ends at the end of its input), or stop them and the tests they run."""
        for process in (self.server, self.worker):
            if process is None:
                continue
            if stop:
                process.terminate()
            if process.stdin:
                process.stdin.close()
            process.wait(timeout=60)


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


# -- which tests run which lines ------------------------------------------------------------------------


def test_files(paths: tuple[str, ...]) -> list[str]:
    """The test files named, a folder standing for its `test_*.py` files."""
    found: list[str] = []
    for name in paths:
        path = REPO / name
        if path.is_dir():
            found += sorted(p.relative_to(REPO).as_posix() for p in path.rglob("test_*.py"))
        elif path.exists():
            found.append(name)
    return list(dict.fromkeys(found))


@dataclass
class Coverage:
    """Per test file: each test's time, the failures, and for each module's line the tests that ran it; lines run
    outside every test (imports, collection) apart."""

    seconds: dict[str, float] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    lines: dict[str, dict[int, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    outside: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, other: Coverage) -> None:
        self.seconds.update(other.seconds)
        self.failed += other.failed
        for module, by_line in other.lines.items():
            for line, nodeids in by_line.items():
                self.lines[module][line] |= nodeids
        for module, lines in other.outside.items():
            self.outside[module] |= lines

    def dump(self, key: str) -> str:
        nodeids = sorted(self.seconds)
        index = {nodeid: i for i, nodeid in enumerate(nodeids)}
        lines = {
            m: {str(n): sorted(index[t] for t in ts if t in index) for n, ts in by_line.items()}
            for m, by_line in self.lines.items()
        }
        outside = {m: sorted(ns) for m, ns in self.outside.items()}
        body = {"key": key, "nodeids": nodeids, "seconds": self.seconds, "failed": self.failed}
        return json.dumps({**body, "lines": lines, "outside": outside})

    @classmethod
    def load(cls, text: str, key: str) -> Coverage | None:
        data = json.loads(text)
        if data.get("key") != key:
            return None
        found, nodeids = cls(seconds=data["seconds"], failed=data["failed"]), data["nodeids"]
        for module, by_line in data["lines"].items():
            for line, indices in by_line.items():
                found.lines[module][int(line)] = {nodeids[i] for i in indices}
        for module, lines in data["outside"].items():
            found.outside[module] = set(lines)
        return found


def _digest(names: list[str]) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode("utf-8") + b"\0" + (REPO / name).read_bytes() + b"\0")
    return digest.hexdigest()


def coverage_keys(files: list[str]) -> dict[str, str]:
    """A key per test file: what its coverage depends on (the package, the tests' helpers and data, the
    measuring code, the file itself), so that a change of one test file measures that file again, not all."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    names = sorted(n for n in filter(None, listed.split("\0")) if (REPO / n).is_file())
    shared = [
        n
        for n in names
        if n.startswith("generator/")
        or (n.startswith("tests/") and not Path(n).name.startswith("test_"))
        or n in ("pyproject.toml", "benchmarks/mutant_coverage.py")
    ]
    common = _digest(shared)
    return {f: hashlib.sha256((common + _digest([f])).encode()).hexdigest() for f in files}


def _weight(test_file: str) -> float:
    """About how long a test file takes to measure: its tests' time when last measured, else its size."""
    try:
        return sum(json.loads(_cache_path(test_file).read_text("utf-8"))["seconds"].values())
    except (OSError, ValueError, KeyError):
        return (REPO / test_file).stat().st_size / 1000


def _cache_path(test_file: str) -> Path:
    return CACHE / (test_file.replace("/", "__") + ".json")


def measure(root: Path, files: list[str]) -> dict[str, Coverage]:
    """One pytest run of `files` under coverage in the scratch copy `root`, split per test file."""
    folder = root / ".mutants-coverage"
    shutil.rmtree(folder, ignore_errors=True)
    env = {**environment(root), **mutant_coverage.prepare(root, folder)}
    env["PYTHONPATH"] = os.pathsep.join([str(folder), env["PYTHONPATH"]])  # its sitecustomize.py, in every process
    command = [sys.executable, "-m", "pytest", *files, "-q", "--tb=short", "-p", "no:cacheprovider"]
    command += ["-p", "benchmarks.mutant_coverage", "--basetemp", str(root / ".mutants-tmp")]
    command += [f"--deselect={nodeid}" for nodeid in SLOW]
    if importlib.util.find_spec("hypothesis") is not None:
        command += ["--hypothesis-seed=0"]  # the examples every mutant's run will see
    with open(root / ".mutants-coverage.log", "w") as log:
        subprocess.run(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    if not (folder / "durations.json").exists():
        raise SystemExit(f"the coverage run did not finish: see {root / '.mutants-coverage.log'}")
    times = json.loads((folder / "durations.json").read_text("utf-8"))
    measured = mutant_coverage.read(root, folder)
    per_file = {f: Coverage() for f in files}
    users: dict[str, set[str]] = defaultdict(set)  # shared fixture -> the tests that use it
    for nodeid, fixtures in times["fixtures"].items():
        for fixture in fixtures:
            users[fixture].add(nodeid)
    for nodeid, seconds in times["seconds"].items():
        owner = per_file.get(nodeid.split("::")[0])
        if owner is not None:
            # As if run alone: with the shared fixtures it needs made for it.
            owner.seconds[nodeid] = seconds + sum(times["setup"].get(f, 0.0) for f in times["fixtures"].get(nodeid, ()))
            owner.failed += [nodeid] if nodeid in times["failed"] else []
    for module, by_line in measured.items():
        if not module.endswith(".py"):
            continue  # templates are measured too, but mutated only in Python modules
        for line, contexts in by_line.items():
            for context in contexts:
                tests = users.get(context, set()) if context.startswith(mutant_coverage.FIXTURE) else {context}
                for nodeid in tests:
                    owner = per_file.get(nodeid.split("::")[0]) if nodeid else None
                    if owner is not None:
                        owner.lines[module][line].add(nodeid)
                if not context:
                    for each in per_file.values():  # which file's collection imported it is not recorded
                        each.outside[module].add(line)
    return per_file


def coverage_map(roots: list[Path], files: list[str], keys: dict[str, str]) -> Coverage:
    """Every test file's coverage, from the cache where its key (`coverage_keys`) still matches, measured otherwise
    (the files shared out between the scratch copies, the slowest measured last time first)."""
    total, stale = Coverage(), []
    for name in files:
        path = _cache_path(name)
        cached = Coverage.load(path.read_text("utf-8"), keys[name]) if path.exists() else None
        if cached is None:
            stale.append(name)
        else:
            total.add(cached)
    if stale:
        print(f"measuring which tests run which lines: {len(stale)} test files", flush=True)
        shares: list[list[str]] = [[] for _ in roots]
        weights = [0.0] * len(roots)
        for name in sorted(stale, key=lambda n: -_weight(n)):
            i = weights.index(min(weights))
            shares[i].append(name)
            weights[i] += _weight(name)
        found: dict[str, Coverage] = {}
        threads = [
            threading.Thread(target=lambda r, s: found.update(measure(r, s)), args=(root, share))
            for root, share in zip(roots, shares, strict=True)
            if share
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        CACHE.mkdir(exist_ok=True)
        for name in stale:
            if name not in found:
                raise SystemExit(f"the coverage run of {name} did not finish")
            if not found[name].failed:
                _cache_path(name).write_text(found[name].dump(keys[name]), "utf-8")
            total.add(found[name])
    if total.failed:
        raise SystemExit("the tests do not pass without a mutant:\n" + "\n".join(total.failed))
    return total


def statement_lines(tree: ast.Module, line: int) -> range:
    """The lines of the innermost statement at `line` (of a compound statement, its header), any of which
    coverage may record for it: a statement over several lines is not always recorded on the one mutated."""
    around = [n for n in ast.walk(tree) if isinstance(n, ast.stmt) and n.lineno <= line <= (n.end_lineno or 0)]
    # Statements around a line nest: the innermost starts last (and, of two on one line, ends first).
    best = max(around, key=lambda n: (n.lineno, -(n.end_lineno or 0)), default=None)
    if best is None:
        return range(line, line + 1)
    body = getattr(best, "body", None)
    last = best.end_lineno or best.lineno
    if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
        last = max(best.lineno, body[0].lineno - 1)
    return range(best.lineno, last + 1)


def at_import(tree: ast.Module, line: int) -> bool:
    """Whether the line runs when its module is imported (outside every function's body: a constant, a class
    attribute, a default): then what it makes is read by any test that uses the module, whichever test first
    imported it and so was recorded as running it."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            if node.body[0].lineno <= line <= (node.end_lineno or 0):
                return False
        elif isinstance(node, ast.Lambda) and node.lineno <= line <= (node.end_lineno or 0):
            return False
    return True


def chosen_tests(
    mutant: Mutant, lines: range, covered: Coverage, candidates: set[str], every: bool = False
) -> list[str]:
    """The tests of the module's set that run the mutant's statement, fastest first; every test of the set for a
    line run outside the tests (a module constant read later by whatever uses it), or when asked (`--every`)."""
    if every or any(n in covered.outside.get(mutant.file, ()) for n in lines):
        chosen = set(candidates)
    else:
        by_line = covered.lines.get(mutant.file, {})
        chosen = {t for n in lines for t in by_line.get(n, ()) if t in candidates}
    return sorted(chosen, key=lambda t: (covered.seconds.get(t, 0.0), t))


# -- the run ----------------------------------------------------------------------------------------------


def _in_threads(jobs: list[Job], work) -> None:
    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class Results:
    """What each mutant did, kept from run to run (`.mutants-cache/results/`, a file per module): a mutant whose
    module, tests and test inputs are as they were is not run again. The key is the mutant's edit, the module's
    source, the tests chosen and the coverage key of each of their files (the package, the tests' helpers and
    data, the file itself: the key the coverage map uses); any change of these runs it again. `--fresh` runs
    every mutant (and keeps what it finds)."""

    def __init__(self, folder: Path, fresh: bool = False) -> None:
        self.folder, self.fresh = folder, fresh
        self.known: dict[str, dict[str, dict]] = {}  # module -> key -> answer
        self.new: dict[str, dict[str, dict]] = defaultdict(dict)
        self.lock = threading.Lock()

    def _path(self, module: str) -> Path:
        return self.folder / (module.replace("/", "__") + ".json")

    def _read(self, module: str) -> dict[str, dict]:
        with contextlib.suppress(OSError, ValueError):
            return json.loads(self._path(module).read_text("utf-8"))
        return {}

    @staticmethod
    def key(mutant: Mutant, source: bytes, tests: list[str], keys: dict[str, str]) -> str:
        files = sorted({t.split("::")[0] for t in tests})
        parts = [mutant.file, mutant.start, mutant.end, mutant.replacement.decode("utf-8"), tests]
        parts += [hashlib.sha256(source).hexdigest(), [keys.get(f, "") for f in files]]
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()

    def get(self, module: str, key: str) -> dict | None:
        if self.fresh:
            return None
        if module not in self.known:
            self.known[module] = self._read(module)
        return self.known[module].get(key)

    def put(self, module: str, key: str, answer: dict) -> None:
        if answer["outcome"] in ("killed", "timeout", "survived"):  # not a broken run
            with self.lock:
                self.new[module][key] = {k: answer.get(k) for k in ("outcome", "killer", "seconds")}

    def save(self) -> None:
        """Add what this run found to each module's file (read again: another run may have added to it)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for module, found in self.new.items():
            path = self._path(module)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps({**self._read(module), **found}, sort_keys=True), "utf-8")
            partial.replace(path)


def run_mutants(
    jobs: list[Job],
    mutants: list[Mutant],
    tests: dict[str, tuple[str, ...]],
    sources: dict[str, bytes],
    every: bool = False,
    fresh: bool = False,
    fork: bool = True,
    skip: Container[tuple[str, str, str]] = (),
) -> list[Result]:
    """Run each mutant (or take its result from the cache), but those in `skip`: the listed equivalents, which the
    score leaves out whatever they do."""
    files = {m: test_files(t) for m, t in tests.items()}
    every_file = sorted({f for fs in files.values() for f in fs})
    keys = coverage_keys(every_file)
    covered = coverage_map([job.root for job in jobs], every_file, keys)
    trees = {m: ast.parse(source) for m, source in sources.items()}
    known = [t for t in covered.seconds if t not in SLOW]
    candidates = {m: {t for t in known if t.split("::")[0] in fs} for m, fs in files.items()}
    killers, pending, results = Killers(), queue.Queue(), []
    cache = Results(CACHE / "results", fresh)
    plans = []
    for mutant in mutants:
        lines = statement_lines(trees[mutant.file], mutant.line)
        # A line run at import or while pytest collects (a constant, what fills a parametrize list) was run by
        # the fork server's session with the original code: such a mutant gets every test, in a fresh pytest.
        outside = at_import(trees[mutant.file], mutant.line) or any(
            n in covered.outside.get(mutant.file, ()) for n in lines
        )
        selected = chosen_tests(mutant, lines, covered, candidates[mutant.file], every or outside)
        plans.append((mutant, selected, outside, Results.key(mutant, sources[mutant.file], selected, keys)))
    todo = []
    for plan in plans:
        mutant, selected, _outside, key = plan
        if mutant.key in skip:
            results.append(Result(mutant, "equivalent", None, 0.0, len(selected), "listed"))
        elif not selected:
            results.append(Result(mutant, "not covered", None, 0.0))
        elif (hit := cache.get(mutant.file, key)) is not None:
            results.append(Result(mutant, hit["outcome"], hit["killer"], hit["seconds"] or 0.0, len(selected), "cache"))
        else:
            todo.append(plan)
    from_cache = sum(1 for r in results if r.how == "cache")
    listed = sum(1 for r in results if r.how == "listed")
    print(
        f"{len(mutants)} mutants: {from_cache} results from the cache, {listed} listed as equivalent (not run), "
        f"{len(todo)} to run",
        flush=True,
    )
    for plan in todo:
        pending.put(plan)
    if todo and fork:
        for job in jobs:
            job.serve(every_file)
    total, lock = len(mutants), threading.Lock()

    def record(result: Result) -> None:
        with lock:
            results.append(result)
            done = len(results)
        if result.outcome in ("survived", "not covered"):
            print(
                f"[{done}/{total}] {result.outcome} {result.mutant.file}:{result.mutant.line}: "
                f"{result.mutant.mutated_line.strip()}",
                flush=True,
            )
        elif len(todo) <= 50:  # a few mutants, to look at again: which test caught each
            print(f"[{done}/{total}] {result.outcome} {result.mutant.file}:{result.mutant.line} by {result.killer}")
        elif done % 25 == 0:
            print(f"[{done}/{total}] …", flush=True)

    def work(job: Job) -> None:
        while True:
            try:
                mutant, selected, outside, key = pending.get_nowait()
            except queue.Empty:
                return
            first = [t for t in killers.first(mutant) if t in selected]
            timeout = _TIMEOUT_FLOOR + _TIMEOUT_FACTOR * sum(covered.seconds.get(t, 0.0) for t in selected)
            request = {
                "file": mutant.file,
                "line": None if outside else mutant.line,  # a line: the fork server may plant it
                "source": mutant.apply(sources[mutant.file]).decode("utf-8"),
                "tests": sorted({t.split("::")[0] for t in selected}),
                "select": list(dict.fromkeys([*first, *selected])),
                "first": first,
                "timeout": timeout,
                "budgets": {t: _BUDGET_FLOOR + _BUDGET_FACTOR * covered.seconds.get(t, 0.0) for t in selected},
            }
            answer = job.run(request)
            if answer["missing"]:  # a test id that is not the same from run to run: said, as it weakens the run
                print(f"{mutant.file}:{mutant.line}: {len(answer['missing'])} tests not found: {answer['missing'][0]}")
            if answer["outcome"] == "timeout":  # a hang, or a load peak on the shared machine: once more, longer
                budgets = {t: b * _TIMEOUT_CONFIRM for t, b in request["budgets"].items()}
                answer = job.run({**request, "timeout": timeout * _TIMEOUT_CONFIRM, "budgets": budgets})
            killers.add(mutant, answer["killer"])
            cache.put(mutant.file, key, answer)
            record(Result(mutant, answer["outcome"], answer["killer"], answer["seconds"], len(selected), answer["how"]))

    try:
        _in_threads(jobs, work)
    finally:
        cache.save()  # what was run before a stop is not run again
    for job in jobs:
        for why, count in job.fallbacks.items():
            print(f"{count} mutants run in a fresh pytest: {why}")
    return sorted(results, key=lambda r: (r.mutant.file, r.mutant.start, r.mutant.end))


# -- the report -------------------------------------------------------------------------------------------


_SURVIVED = ("survived", "not covered", "no tests", "equivalent")


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
        if result.outcome in _SURVIVED and result.mutant.key not in equivalents:
            how = {"not covered": " (no test runs this line)", "no tests": " (its tests were not found)"}
            print(show(result.mutant, how.get(result.outcome, "")) + "\n")
    print("## Equivalent (left out of the score; run only with --equivalents)")
    for result in results:
        if result.outcome in _SURVIVED and result.mutant.key in equivalents:
            print(f"{result.mutant.file}:{result.mutant.line}: {equivalents[result.mutant.key]}")
    caught = [r for r in results if r.outcome in ("killed", "timeout") and r.mutant.key in equivalents]
    if caught:
        print(f"\n## Listed as equivalent, but caught: take them off {EQUIVALENTS.relative_to(REPO)}")
        for result in caught:
            print(show(result.mutant, f" (by {result.killer or 'a hang'})") + "\n")
    print(f"\n{'module':<36} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} {'equiv':>5} {'score':>6}")
    for module, module_results in sorted(by_module.items()):
        outcomes = Counter(r.outcome for r in module_results)
        equivalent = sum(1 for r in module_results if r.outcome in _SURVIVED and r.mutant.key in equivalents)
        caught = outcomes["killed"] + outcomes["timeout"]
        scored = len(module_results) - equivalent
        score = caught / scored if scored else 1.0
        survived = len(module_results) - caught - equivalent
        print(
            f"{module:<36} {len(module_results):>7} {outcomes['killed']:>6} {outcomes['timeout']:>7} "
            f"{survived:>8} {equivalent:>5} {score:>6.1%}"
        )
    how = Counter(r.how for r in results if r.outcome != "not covered")
    print(
        f"\n{len(results)} mutants in {seconds:.0f} s: {how['fork']} run in the fork server, {how['process']} in a "
        f"fresh pytest, {how['cache']} results from the cache (`--fresh` runs them again), {how['listed']} listed "
        f"as equivalent and not run (`--equivalents` runs them), {len(results) - sum(how.values())} not covered"
    )


# -- the command ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutants", description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", help="a module to mutate (default: every target)")
    parser.add_argument("--tests", action="append", help="the tests to run (default: the module's, from TARGETS)")
    parser.add_argument("--jobs", type=int, default=1, help="scratch copies run side by side (default 1)")
    parser.add_argument("--list", action="store_true", help="list the mutants without running anything")
    parser.add_argument("--line", type=int, action="append", help="only the mutants of these lines")
    parser.add_argument("--at", action="append", help="only the mutants of FILE:LINE (e.g. to check survivors again)")
    parser.add_argument(
        "--every", action="store_true", help="run every test of the module's set, not only those that run the line"
    )
    parser.add_argument("--fresh", action="store_true", help="run every mutant, not taking results from the cache")
    parser.add_argument(
        "--no-fork", action="store_true", help="run every mutant in a fresh pytest, not in the fork server"
    )
    parser.add_argument(
        "--equivalents",
        action="store_true",
        help="run the mutants listed as equivalent too, to find any a test now catches (the score is the same)",
    )
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
    started, equivalents = time.monotonic(), load_equivalents()
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(1))  # stopped: end the workers as on Ctrl-C
    with tempfile.TemporaryDirectory(prefix="mutants-") as scratch:
        roots = [scratch_copy(Path(scratch) / f"job{i}") for i in range(max(1, args.jobs))]
        check_scratch(roots[0])
        jobs = [Job(root) for root in roots]
        try:
            skip = () if args.equivalents else equivalents
            results = run_mutants(jobs, mutants, tests, sources, args.every, args.fresh, not args.no_fork, skip)
        except BaseException:  # stopped (Ctrl-C, a failed baseline): no worker left running tests
            for job in jobs:
                job.close(stop=True)
            raise
        for job in jobs:
            job.close()
    report(results, equivalents, time.monotonic() - started)
    survivors = [r for r in results if r.outcome != "killed" and r.outcome != "timeout"]
    return 1 if any(r.mutant.key not in equivalents for r in survivors) else 0


if __name__ == "__main__":
    sys.exit(main())
