"""Which tests run which lines: one pytest run under coverage.py, each line recorded with the tests that ran it.

The mutation run (`benchmarks/mutants.py`) then runs for each mutant only the tests that execute its line. A line
can be run by a test in three kinds of process, and each is measured:

- the pytest process itself: this plugin switches coverage's context to the test's node id around each test;
- the `python -m generator` subprocesses the tests start: `sitecustomize.py` (written by `prepare`, on the
  subprocess's PYTHONPATH) starts coverage in every Python process, with the test's node id, read from the
  environment the test's process passes down, as the static context;
- the renderer the site build forks (`generator/site/worker.py`, multiprocessing's "fork"): coverage's
  `concurrency = multiprocessing` starts a new measurement in the child, whose context is the same variable.

What a fixture shared by many tests (module or session scope) runs when it is made is recorded under the
fixture's own context, and counts for every test that uses it. Lines run outside every test (at import, while
pytest collects the test modules: module constants, defaults, decorators) are recorded with the empty context;
the runner gives their mutants every test of the module's set.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

CONTEXT = "MUTANTS_CONTEXT"  # the environment variable that carries the running test's node id down
DURATIONS = "MUTANTS_DURATIONS"  # where the plugin writes each test's time and outcome

# `${MUTANTS_CONTEXT}` is expanded by coverage.py when each process reads the file: the test that started it.
_RCFILE = """\
[run]
source = {source}
data_file = {data}
parallel = true
concurrency = thread, multiprocessing
context = ${{{context}}}
"""
# Every Python process on this PYTHONPATH measures itself (coverage's documented way for subprocesses).
_SITECUSTOMIZE = """\
import os

if os.environ.get("COVERAGE_PROCESS_START"):
    import coverage

    coverage.process_startup()
"""


def prepare(root: Path, folder: Path) -> dict[str, str]:
    """Write the coverage configuration and `sitecustomize.py` into `folder`; the environment that turns them on
    (to be added to the scratch copy's own, with `folder` first on PYTHONPATH)."""
    folder.mkdir(parents=True, exist_ok=True)
    rcfile = folder / "coveragerc"
    rcfile.write_text(_RCFILE.format(source=root / "generator", data=folder / ".coverage", context=CONTEXT), "utf-8")
    (folder / "sitecustomize.py").write_text(_SITECUSTOMIZE, "utf-8")
    return {"COVERAGE_PROCESS_START": str(rcfile), DURATIONS: str(folder / "durations.json")}


def read(root: Path, folder: Path) -> dict[str, dict[int, set[str]]]:
    """The measured lines of every module: file (relative to the repository) -> line -> the contexts that ran it."""
    import coverage

    measured = coverage.Coverage(data_file=str(folder / ".coverage"), config_file=str(folder / "coveragerc"))
    measured.combine(keep=False)
    data = measured.get_data()
    lines: dict[str, dict[int, set[str]]] = {}
    for name in data.measured_files():
        path = Path(name)
        if not path.is_relative_to(root):
            continue
        by_line = data.contexts_by_lineno(name)
        lines[path.relative_to(root).as_posix()] = {n: set(contexts) for n, contexts in by_line.items()}
    return lines


def fixture_context(fixturedef: pytest.FixtureDef[Any]) -> str:
    """The context of a fixture made once for many tests (module, class, session scope): what its setup runs is
    run for every test that uses it, not only for the first, during whose setup it happens to be made."""
    return f"{FIXTURE}{fixturedef.scope}:{fixturedef.baseid}::{fixturedef.argname}"


FIXTURE = "fixture:"


class Contexts:
    """The pytest plugin: the running test's node id (or the shared fixture being made) as coverage's context,
    here and in the environment; each test's time and the shared fixtures it uses."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.failed: list[str] = []
        self.fixtures: dict[str, list[str]] = {}  # test -> the contexts of the shared fixtures it uses
        self.setup: dict[str, float] = {}  # shared fixture -> the time its setup took
        self.current = ""

    def _switch(self, context: str) -> None:
        import coverage

        os.environ[CONTEXT] = context
        current = coverage.Coverage.current()
        if current is not None:
            current.switch_context(context)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, Any, None]:
        info = getattr(item, "_fixtureinfo", None)
        shared = [defs[-1] for defs in (info.name2fixturedefs.values() if info else ()) if defs]
        self.fixtures[item.nodeid] = [fixture_context(d) for d in shared if d.scope != "function"]
        self.current = item.nodeid
        self._switch(item.nodeid)
        yield
        self.current = ""
        self._switch("")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef: pytest.FixtureDef[Any]) -> Generator[None, Any, None]:
        if fixturedef.scope == "function":
            yield
            return
        context, started = fixture_context(fixturedef), time.monotonic()
        self._switch(context)
        try:
            yield
        finally:
            self.setup[context] = max(self.setup.get(context, 0.0), time.monotonic() - started)
            self._switch(self.current)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] = self.seconds.get(report.nodeid, 0.0) + report.duration
        if report.failed:
            self.failed.append(report.nodeid)

    def pytest_sessionfinish(self) -> None:
        target = os.environ.get(DURATIONS)
        if target:
            record = {"seconds": self.seconds, "failed": self.failed, "fixtures": self.fixtures, "setup": self.setup}
            Path(target).write_text(json.dumps(record), "utf-8")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Contexts(), "mutant-contexts")
