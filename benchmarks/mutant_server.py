"""One job's fork server: a pytest session that collects the tests once, then forks a child per mutant.

    python -m benchmarks.mutant_server ROOT TEST_FILE ...   (started by `benchmarks/mutants.py`)

A fresh pytest process per mutant spends most of its time starting, importing the package and collecting the test
modules (measured: README, "Mutation testing"). Here that is done once per job: the session collects every test file
of the run, and for each mutant the server writes the mutated module into the scratch copy (so that the tests'
`python -m generator` subprocesses run it), forks, and the child puts the mutated function's code in place of the
one the session imported (`function.__code__ = …`: every reference to the function, a bound method, a table that
holds it, a module that imported it by name, now runs the mutant) before it runs the mutant's tests. The forked
renderer of the site build is forked from the child and runs the mutant too.

What cannot be planted so answers `"outcome": "unpatched"`, and the runner sends it to the fresh-process worker
(`benchmarks/mutant_worker.py`): a line outside every function (a constant, a default, a class attribute, run once
at import), a function the module does not hold by its name (made by a factory, two of the same name), one whose
code in memory is not the file's. The runner also sends there every line that runs while pytest collects (a
function that fills a `parametrize` list): the session collected with the original code.

A child says which modules its tests imported (a test that loads mkdocs.yml imports MkDocs' plugins, the theme and
the Markdown extensions: 0.4 s, 620 modules); the server imports them before the next fork, so each is imported
once per job rather than once per mutant.

Requests and answers are JSON lines on the file descriptors the server had as stdin and stdout before pytest took
them over for its capture.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import importlib
import json
import os
import signal
import sys
import time
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import pytest

from benchmarks.mutant_worker import PLUGINS, Order, forget_bytecode, wait_for


def outermost_function(tree: ast.Module, line: int) -> str | None:
    """The qualified name of the function a line is in, of the outermost function that the module holds by name
    (a module function, a method of a module class, nested classes allowed): the one whose code is replaced. None
    for a line outside every function's body (it runs at import)."""

    def search(body: list[ast.stmt], prefix: str) -> str | None:
        for node in body:
            if not node.lineno <= line <= (node.end_lineno or node.lineno):
                continue
            if isinstance(node, ast.ClassDef):
                return search(node.body, f"{prefix}{node.name}.")
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                inside = node.body[0].lineno <= line  # a default or the signature runs at import
                return f"{prefix}{node.name}" if inside else None
            return None
        return None

    return search(tree.body, "")


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def code_named(module_code: types.CodeType, qualname: str) -> types.CodeType | None:
    found = [c for c in _codes(module_code) if c.co_qualname == qualname]
    return found[0] if len(found) == 1 else None


def _functions(value: Any) -> Iterator[tuple[types.FunctionType, Any]]:
    """The plain functions behind a module's or a class's attribute, each with the wrapper around it (a cache to
    empty), through the usual decorators."""
    wrapper = None
    for _ in range(8):
        if isinstance(value, property):
            for part in (value.fget, value.fset, value.fdel):
                if part is not None:
                    yield from _functions(part)
            return
        if isinstance(value, classmethod | staticmethod):
            value = value.__func__
        elif isinstance(value, functools.cached_property):
            value = value.func
        elif isinstance(value, types.FunctionType) and not hasattr(value, "__wrapped__"):
            yield value, wrapper
            return
        elif hasattr(value, "__wrapped__"):
            if isinstance(value, types.FunctionType):
                yield value, wrapper
            wrapper, value = value, value.__wrapped__
        else:
            return


def live_functions(module: types.ModuleType, qualname: str) -> list[tuple[types.FunctionType, Any]]:
    """Every function object of the module with that qualified name (the same function under two names is one)."""
    found: dict[int, tuple[types.FunctionType, Any]] = {}
    seen: set[int] = set()

    def visit(namespace: dict[str, Any]) -> None:
        for value in list(namespace.values()):
            if isinstance(value, type):
                if id(value) not in seen and value.__module__ == module.__name__:
                    seen.add(id(value))
                    visit(dict(vars(value)))
                continue
            for function, wrapper in _functions(value):
                if function.__module__ == module.__name__ and function.__code__.co_qualname == qualname:
                    found[id(function)] = (function, wrapper)

    visit(vars(module))
    return list(found.values())


def plant(root: Path, file: str, original: str, mutated: str, line: int) -> str | None:
    """Put the mutant in the imported module, in this process; why it cannot be, if it cannot (None if done)."""
    name = file.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
    module = sys.modules.get(name)
    if module is None:
        return None  # not imported: the child imports the mutated file from disk
    if Path(getattr(module, "__file__", "") or "").resolve() != (root / file).resolve():
        return f"{name} is imported from {module.__file__}"
    qualname = outermost_function(ast.parse(original), line)
    if qualname is None:
        return "outside every function"
    path = str(root / file)
    before = code_named(compile(original, path, "exec", dont_inherit=True), qualname)
    after = code_named(compile(mutated, path, "exec", dont_inherit=True), qualname)
    if before is None or after is None:
        return f"no single function {qualname}"
    live = live_functions(module, qualname)
    if not live:
        return f"{qualname} is not held by the module"
    for function, _wrapper in live:
        if function.__code__.co_code != before.co_code or function.__code__.co_freevars != after.co_freevars:
            return f"{qualname} in memory is not the file's"
    for function, wrapper in live:
        function.__code__ = after
        if wrapper is not None and hasattr(wrapper, "cache_clear"):
            wrapper.cache_clear()  # what the original computed and cached is computed again by the mutant
    return None


def warm_up(names: Iterable[str]) -> None:
    """Import what a child imported, in this process (with the original code: the mutated file is back by now)."""
    for name in names:
        if name not in sys.modules:
            with contextlib.suppress(Exception):
                importlib.import_module(name)


class Server:
    """The pytest plugin that takes over the test loop: requests in, a forked child per request, answers out."""

    def __init__(self, root: Path, requests: TextIO, answers: TextIO) -> None:
        self.root, self.requests, self.answers = root, requests, answers
        self.running: list[int] = []

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        items = {item.nodeid: item for item in session.items}
        gc.freeze()  # the session's objects are kept for good: each child's collections no longer walk them
        signal.signal(signal.SIGTERM, self._stop)
        for line in self.requests:
            answer = self.run_one(session, items, json.loads(line))
            self.answers.write(json.dumps(answer) + "\n")
            self.answers.flush()
        return True

    def _stop(self, _signal: int, _frame: object) -> None:
        for pid in self.running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        os._exit(1)

    def run_one(self, session: pytest.Session, items: dict[str, pytest.Item], request: dict) -> dict:
        path = self.root / request["file"]
        original = path.read_bytes()
        result = self.root / ".mutants-result.json"
        result.unlink(missing_ok=True)
        started = time.monotonic()
        try:
            path.write_bytes(request["source"].encode("utf-8"))
            forget_bytecode(path)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                code = 3
                try:
                    code = self._child(session, items, request, original.decode("utf-8"), result)
                except BaseException:
                    import traceback

                    traceback.print_exc()
                finally:
                    os._exit(code)
            self.running[:] = [pid]
            code = wait_for(pid, request["timeout"])
            self.running.clear()
        finally:
            path.write_bytes(original)
            forget_bytecode(path)
        seconds = time.monotonic() - started
        ran = json.loads(result.read_text("utf-8")) if result.exists() else {}
        warm_up(ran.get("imported", ()))
        killer, missing = ran.get("killer"), ran.get("missing", [])
        if ran.get("unpatched"):
            return {"outcome": "unpatched", "why": ran["unpatched"], "killer": None, "seconds": seconds, "missing": []}
        if code is None or (ran.get("hung") and ran.get("hung") == killer):
            return {"outcome": "timeout", "killer": None, "seconds": seconds, "missing": missing}
        outcome = {0: "survived", 5: "no tests"}.get(code, "killed") if ran else "killed"
        return {"outcome": outcome, "killer": killer, "seconds": seconds, "missing": missing}

    def _child(
        self, session: pytest.Session, items: dict[str, pytest.Item], request: dict, original: str, result: Path
    ) -> int:
        os.setpgid(0, 0)  # the child and everything it starts form one group, ended as one on a timeout
        before = set(sys.modules)
        log = os.open(self.root / ".mutants-log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(log, 1)
        os.dup2(log, 2)
        why = plant(self.root, request["file"], original, request["source"], request["line"])
        if why is not None:
            result.write_text(json.dumps({"unpatched": why}), "utf-8")
            return 0
        order = Order(request["first"], request["select"], request.get("budgets"))
        chosen = order.arrange(list(items.values()))
        session.config.pluginmanager.register(order, "mutant-order")
        for i, item in enumerate(chosen):
            nextitem = chosen[i + 1] if i + 1 < len(chosen) else None
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
            if order.killer is not None or session.shouldfail or session.shouldstop:
                break
        imported = sorted(set(sys.modules) - before)
        ran = {"killer": order.killer, "missing": order.missing, "hung": order.hung, "imported": imported}
        result.write_text(json.dumps(ran), "utf-8")
        if not chosen:
            return 5
        return 1 if order.killer is not None else 0


def main(argv: list[str]) -> int:
    root, files = Path(argv[0]), argv[1:]
    # The protocol's own descriptors, before pytest's capture takes 0, 1 and 2 over; the tests read no stdin.
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.chdir(root)
    sys.dont_write_bytecode = True
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    args = [*files, "-x", "-q", "--tb=no", "-p", "no:cacheprovider", "--basetemp", str(root / ".mutants-tmp")]
    for plugin in PLUGINS:
        with contextlib.suppress(ImportError):
            __import__(plugin)
            args += ["-p", plugin]
    args += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
    if "_hypothesis_pytestplugin" in sys.modules:
        args += ["--hypothesis-seed=0"]
    with open(root / ".mutants-server.log", "w") as log:  # what the session says, never into the answers
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    return int(pytest.main(args, plugins=[Server(root, requests, answers)]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
