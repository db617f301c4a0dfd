"""A fresh pytest per mutant, in a scratch copy of the repository: what the fork server (`mutant_server.py`) cannot
plant (a line run at import or while pytest collects), and the planted bugs of `benchmarks/planted.py`.

It imports pytest and the project's heavy dependencies once, never the project itself; for each mutant it writes
the mutated module into the scratch copy, forks, and the child runs pytest, so that the child, and every
`python -m generator` the tests start, imports the mutated module from the file on disk. Requests and answers are
JSON lines on stdin and stdout.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.util
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

# Imported once here rather than once per mutant; never `generator`, which must be read again each time.
_PRELOAD = ("pytest", "yaml", "jinja2", "markupsafe", "pandas", "mkdocs.config", "slugify", "aiosmtpd", "hypothesis")
# pytest's plugins from other packages, loaded by name: finding them by their entry points costs each mutant a scan
# of every installed package.
PLUGINS = ("_hypothesis_pytestplugin", "pytest_benchmark.plugin", "platformdirs.pytest_plugin")


class _Hang(BaseException):
    """A test past its time (SIGALRM): a BaseException, so that no `except Exception` of the code under test takes
    it for an error it handles; pytest reports the test as failed."""


class Order:
    """Keeps only the tests asked for (those that run the mutated line), if a list is given, and runs them in its
    order (the tests that killed this line's neighbours first, then the fastest: a test's measured time counts the
    shared fixtures it needs, so a file's tests need not run together); records the first test that fails, and the
    tests asked for that were not found."""

    def __init__(
        self, first: list[str], select: list[str] | None = None, budgets: dict[str, float] | None = None
    ) -> None:
        order = list(dict.fromkeys([*first, *(select or ())]))
        self.budgets = budgets or {}
        self.hung: str | None = None  # the test that ran out of its time, if one did
        self.rank = {nodeid: i for i, nodeid in enumerate(order)}
        self.select = None if select is None else set(select)
        self.killer: str | None = None
        self.missing: list[str] = []

    def arrange(self, items: list) -> list:
        """The tests asked for, in the order they are to run (the fork server's child calls it on the session's
        items; a fresh pytest, through the hook below)."""
        if self.select is not None:
            kept = [item for item in items if item.nodeid in self.select]
            self.missing = sorted(self.select - {item.nodeid for item in kept})
            items = kept
        none = len(self.rank)
        return sorted(items, key=lambda item: self.rank.get(item.nodeid, none))

    def pytest_collection_modifyitems(self, config, items) -> None:
        kept = self.arrange(items)
        if self.select is not None:
            config.hook.pytest_deselected(items=[item for item in items if item.nodeid not in self.select])
        items[:] = kept

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item):
        """Each test within its own time: a mutant that makes one test hang is caught after that test's budget,
        not after the whole run's (the tests that run a hung SMTP server would otherwise wait minutes)."""
        budget = self.budgets.get(item.nodeid)
        if budget:

            def alarm(_signal: int, _frame: object) -> None:
                self.hung = item.nodeid
                raise _Hang(f"{item.nodeid}: more than {budget:.0f} s")

            signal.signal(signal.SIGALRM, alarm)
            signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed and self.killer is None:
            self.killer = report.nodeid


def _run_tests(root: Path, request: dict, result: Path) -> int:
    """In the forked child: pytest on the request's tests, stopping at the first failure."""
    import pytest

    # pytest may keep its rewritten test modules between runs; the mutated module's bytecode is removed after each.
    sys.dont_write_bytecode = False
    os.setpgid(0, 0)  # the child and everything it starts form one group, ended as one on a timeout
    log = os.open(root / ".mutants-log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)  # the last run's output
    os.dup2(log, 1)
    os.dup2(log, 2)
    order = Order(request["first"], request.get("select"), request.get("budgets"))
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # the plugins are named below instead
    args = [*request["tests"], "-x", "-q", "--tb=no", "-p", "no:cacheprovider"]
    for plugin in PLUGINS:
        if plugin in sys.modules:
            args += ["-p", plugin]
    args += ["--basetemp", str(root / ".mutants-tmp")]
    args += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]  # hypothesis, a plugin, was imported before pytest
    if importlib.util.find_spec("hypothesis") is not None:
        args += ["--hypothesis-seed=0"]  # the same examples for every mutant: a kill is never luck
    code = pytest.main(args, plugins=[order])
    result.write_text(json.dumps({"killer": order.killer, "missing": order.missing, "hung": order.hung}), "utf-8")
    return int(code)


_running: list[int] = []  # the child now running tests, ended with the worker if the run is stopped


def _stop(_signal: int, _frame: object) -> None:
    for pid in _running:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    sys.exit(1)


def wait_for(pid: int, timeout: float) -> int | None:
    """The child's exit code, or None if it ran out of time (then it and its group are ended)."""
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)  # what a test left running (a subprocess of a test that hung)
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.02)


def forget_bytecode(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        Path(importlib.util.cache_from_source(str(path))).unlink()


def run_one(root: Path, request: dict) -> dict:
    """Plant one mutant (or none, for the baseline), run its tests, put the module back."""
    path = root / request["file"] if request.get("file") else None
    original = path.read_bytes() if path else None
    result = root / ".mutants-result.json"
    result.unlink(missing_ok=True)
    started = time.monotonic()
    try:
        if path is not None:
            path.write_bytes(request["source"].encode("utf-8"))
            forget_bytecode(path)  # a same-size edit within the same second would otherwise run the old bytecode
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 3
            try:
                code = _run_tests(root, request, result)
            except BaseException:
                import traceback

                traceback.print_exc()  # into the log: a broken run must say why
            finally:
                os._exit(code)
        _running[:] = [pid]
        code = wait_for(pid, request["timeout"])
        _running.clear()
    finally:
        if path is not None and original is not None:
            path.write_bytes(original)
            forget_bytecode(path)
    seconds = time.monotonic() - started
    ran = json.loads(result.read_text("utf-8")) if result.exists() else {}
    killer, missing = ran.get("killer"), ran.get("missing", [])
    if code is None or (ran.get("hung") and ran.get("hung") == killer):
        return {"outcome": "timeout", "killer": None, "seconds": seconds, "missing": missing}
    # 0: every test passed; 4 and 5: a wrong test list (not a kill); anything else is a failure.
    outcome = {0: "survived", 4: "no tests", 5: "no tests"}.get(code, "killed")
    return {"outcome": outcome, "killer": killer, "seconds": seconds, "missing": missing}


def serve(root: Path) -> None:
    signal.signal(signal.SIGTERM, _stop)
    for name in _PRELOAD + PLUGINS:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    # What is loaded now is kept for good: the children's collections at exit (pytest forces several) no longer walk
    # pandas' and pytest's objects, a second per mutant, and the pages stay shared with the forked children.
    gc.freeze()
    os.chdir(root)
    for line in sys.stdin:
        answer = run_one(root, json.loads(line))
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
