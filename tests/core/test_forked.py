"""Loading and checking in two processes (`core.forked`) give what one process gives: the same model, the same
problems in the same order, whichever process read which file, and the same when the child fails."""

from __future__ import annotations

import os
import pickle
import sqlite3
import time
from pathlib import Path

import pytest

from generator.core import checks, forked, ledger_load, load
from generator.core.cache import ParseCache
from generator.core.checks import check_all, check_directives, check_registry, check_reports
from generator.core.load import Layout, load_dataset
from generator.core.parse import parse_document, parse_ledger

from conftest import DEMO, make_repo

REPORT = (
    "task: demo-ke-hoach/{task}\nagency: demo-so-{who}\ndate: 2025-05-{day:02d}\nstatus: in_progress\nnote: Đang làm.\n"
)


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """The demo data with report files in 40 directives' folders (unknown directives too), some of them wrong."""
    repo = make_repo(tmp_path / "repo", DEMO)
    directive = (repo / "directives" / "demo-ke-hoach.yaml").read_text("utf-8")
    for n in range(40):
        (repo / "directives" / f"demo-{n:02d}.yaml").write_text(directive.replace("demo-ke-hoach", f"demo-{n:02d}"))
        folder = repo / "reports" / f"demo-{n:02d}" / "1.1"
        folder.mkdir(parents=True)
        for day in range(1, 6):
            text = REPORT.format(task="1.1", who="ab"[day % 2], day=day).replace("demo-ke-hoach", f"demo-{n:02d}")
            (folder / f"2025-05-{day:02d}-demo-so-{'ab'[day % 2]}-090000-aaaa.yaml").write_text(text, "utf-8")
    (repo / "reports" / "demo-07" / "1.1" / "hong.yaml").write_text("task: [x\n", "utf-8")  # Y001
    (repo / "reports" / "demo-21" / "1.1" / "ghi-chu.txt").write_text("x", "utf-8")  # R021
    wrong = REPORT.format(task="1.1", who="a", day=9).replace("demo-ke-hoach", "demo-29")
    (repo / "reports" / "demo-29" / "1.1" / "2025-05-08-demo-so-a-090000-aaaa.yaml").write_text(wrong, "utf-8")  # R020
    (repo / "reports" / "demo-33" / "lien-ket.yaml").symlink_to(repo / "agencies.yaml")  # Y000
    (repo / "directives" / "demo-12.yaml").write_text(directive.replace("demo-ke-hoach", "demo-12") + "x: [\n")
    return repo


def loaded(repo: Path, monkeypatch, fork_from: int, cache: ParseCache | None = None):
    monkeypatch.setattr(load, "FORK_FROM", fork_from)
    return load_dataset(repo, cache)


def forks(monkeypatch) -> list[int]:
    started: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return started


def test_two_processes_load_what_one_loads(many, monkeypatch, tmp_path):
    alone = loaded(many, monkeypatch, 10**9)
    started = forks(monkeypatch)
    readers = tmp_path / "readers"
    real = load._reports_in

    def reports_in(*args):
        with readers.open("a") as out:  # which process read each group, told apart by its id
            out.write(f"{os.getpid()}\n")
        time.sleep(0.002)  # so that the child, started a little later, gets its share
        return real(*args)

    monkeypatch.setattr(load, "_reports_in", reports_in)
    shared = loaded(many, monkeypatch, 1)
    assert started, "the load did not fork"
    assert len(set(readers.read_text().split())) == 2
    # Each group read once: what the child sent was taken, not done again by the parent (as it is if the child's
    # results do not read back).
    assert len(readers.read_text().split()) == len(Layout(many).report_groups())
    assert shared == alone
    codes = [d.code for d in alone[1]]
    assert {"Y000", "Y001", "R020", "R021"} <= set(codes) and len(alone[0].reports) > 200


def test_a_child_that_fails_leaves_its_share_to_the_parent(many, monkeypatch):
    alone = loaded(many, monkeypatch, 10**9)
    real = pickle.dumps
    parent = os.getpid()

    def dumps(value, *args, **kwargs):
        if os.getpid() != parent:
            raise MemoryError("the child runs out of memory")
        return real(value, *args, **kwargs)

    monkeypatch.setattr(forked.pickle, "dumps", dumps)
    started = forks(monkeypatch)
    assert loaded(many, monkeypatch, 1) == alone and started


def test_a_child_that_stops_part_way_leaves_its_share_to_the_parent(many, monkeypatch):
    """It sent some results and then ended, without error but without its last word: nothing it sent is trusted."""
    alone = loaded(many, monkeypatch, 10**9)
    real = load._reports_in
    parent, calls = os.getpid(), []

    def reports_in(*args):
        if os.getpid() != parent:
            calls.append(1)
            if len(calls) == 3:
                os._exit(0)
        time.sleep(0.002)
        return real(*args)

    monkeypatch.setattr(load, "_reports_in", reports_in)
    started = forks(monkeypatch)
    assert loaded(many, monkeypatch, 1) == alone and started


def test_a_child_whose_results_are_garbled_leaves_its_share_to_the_parent(many, monkeypatch):
    """A result that does not read back (here its end said to be further than it is) is not trusted, nor any other."""
    alone = loaded(many, monkeypatch, 10**9)
    real = forked._send
    parent = os.getpid()

    def send(spool: int, notes: int, result: object) -> None:
        real(spool, notes, result)
        if os.getpid() != parent:
            os.write(notes, (os.lseek(spool, 0, os.SEEK_CUR) + 10).to_bytes(8, "little"))  # a note of nothing

    monkeypatch.setattr(forked, "_send", send)
    started = forks(monkeypatch)
    assert loaded(many, monkeypatch, 1) == alone and started


def test_what_the_child_parsed_is_kept_in_the_cache_and_no_report_file(many, monkeypatch, tmp_path):
    """Each directive either process parsed goes into the file; a report file does not (it reads as fast as its
    pickle would), and a second load finds every directive there."""
    readers = tmp_path / "readers"
    real = load._directives_in

    def directives_in(*args):
        with readers.open("a") as out:  # which process parsed each group of directives
            out.write(f"{os.getpid()}\n")
        time.sleep(0.01)  # so that the child, started a little later, gets its share
        return real(*args)

    monkeypatch.setattr(load, "_directives_in", directives_in)
    cache = ParseCache(tmp_path / "parsed.sqlite")
    loaded(many, monkeypatch, 1, cache)
    assert len(set(readers.read_text().split())) == 2
    cache.save()
    with sqlite3.connect(tmp_path / "parsed.sqlite") as db:
        new = {key for (key,) in db.execute("SELECT key FROM entry")}
    assert len([key for key in new if key.startswith("parse_directive:")]) == len(Layout(many).directive_names())
    assert not [key for key in new if key.startswith("parse_report_file:")]
    again = ParseCache(tmp_path / "parsed.sqlite")
    assert loaded(many, monkeypatch, 1, again) == loaded(many, monkeypatch, 10**9)
    added, used = again.changes()
    assert not added and used == set(new)  # every entry of the first load, from the file


def test_the_report_files_are_listed_in_the_order_of_their_paths(tmp_path):
    """Listed folder by folder, the files must come out as one sort of all their paths: `a.b/…` before `a/…`."""
    root = tmp_path / "repo"
    names = ["a/x.yaml", "a.b/x.yaml", "a-b/x.yaml", "a.yaml", "a/b/c.yaml", "ab.yaml", "a/.gitkeep", "b/.gitkeep/x"]
    for name in names:
        (root / "reports" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "reports" / name).write_text("x", "utf-8")
    (root / "reports" / "l").symlink_to(root / "reports" / "a")
    (root / "reports" / ".gitkeep").write_text("", "utf-8")
    listed = [name.removeprefix("reports/") for name in Layout(root).report_names()]
    walked = []
    for folder, subfolders, files in os.walk(root / "reports"):
        walked += [os.path.join(folder, n) for n in files if n != ".gitkeep"]
        walked += [os.path.join(folder, n) for n in subfolders if os.path.islink(os.path.join(folder, n))]
    assert listed == [Path(p).relative_to(root / "reports").as_posix() for p in sorted(walked)]
    assert listed[:3] == ["a-b/x.yaml", "a.b/x.yaml", "a.yaml"] and "l" in listed and "b/.gitkeep/x" in listed


def test_a_cache_in_memory_keeps_what_the_child_parsed(many, monkeypatch):
    """A pull request's check with `--no-cache` loads the head, then the base, through one cache in memory: each
    directive the child parsed for the head must be there for the base, not parsed again."""
    readers: list[int] = []
    real = load._directives_in

    def directives_in(*args):
        if os.getpid() == parent:
            readers.append(1)  # counted in this process only: a second load must parse nothing here
        time.sleep(0.01)  # so that the child, started a little later, gets its share
        return real(*args)

    parent = os.getpid()
    monkeypatch.setattr(load, "_directives_in", directives_in)
    cache = ParseCache()
    loaded(many, monkeypatch, 1, cache)
    assert len(readers) < len(Layout(many).directive_names())  # the child took a share
    parsed = []
    monkeypatch.setattr(load, "_parse_bytes", lambda data, name, parse: parsed.append(name) or (None, []))
    loaded(many, monkeypatch, 10**9, cache)  # one process: every directive from the cache, none parsed again
    assert not [name for name in parsed if name.startswith("directives/")]


def test_two_processes_check_what_one_checks(many, monkeypatch, tmp_path):
    """The rules across files, checked by two processes (the directives by one, chunks of the reports by either),
    give the same problems in the same order as one process."""
    for task, who in (("1.1", "x"), ("9.9", "a")):  # an unknown agency (R001), an unknown task (R003)
        folder = many / "reports" / "demo-05" / task
        folder.mkdir(parents=True, exist_ok=True)
        text = REPORT.format(task=task, who=who, day=20).replace("demo-ke-hoach", "demo-05")
        (folder / f"2025-05-20-demo-so-{who}-090000-aaaa.yaml").write_text(text, "utf-8")
    directive = (many / "directives" / "demo-03.yaml").read_text("utf-8")
    (many / "directives" / "demo-40.yaml").write_text(directive, "utf-8")  # a second demo-03 (R002), misnamed (R005)
    dataset, _, agencies, groups = load_dataset(many)
    monkeypatch.setattr(checks, "CHUNK", 7)
    monkeypatch.setattr(checks, "FORK_FROM", 10**9)
    alone = check_all(dataset, agencies, groups)
    whole = [*check_registry(agencies, groups), *check_directives(dataset.directives, dataset.registry)]
    assert alone == whole + list(check_reports(dataset))  # not in chunks
    assert {"R001", "R002", "R003", "R005"} <= {d.code for d in alone}
    checkers = tmp_path / "checkers"
    real = checks._reports_checked

    def reports_checked(*args):
        with checkers.open("a") as out:  # which process checked each chunk
            out.write(f"{os.getpid()}\n")
        time.sleep(0.002)  # so that the child, busy first with the directives, gets a share
        yield from real(*args)

    monkeypatch.setattr(checks, "_reports_checked", reports_checked)
    monkeypatch.setattr(checks, "FORK_FROM", 1)
    started = forks(monkeypatch)
    assert check_all(dataset, agencies, groups) == alone
    assert started, "the checks did not fork"
    pids = checkers.read_text().split()
    assert len(set(pids)) == 2 and len(pids) == -(-len(dataset.reports) // 7)  # each chunk checked once


def ledger_of(repo: Path, count: int, broken: int | None = None) -> None:
    """A ledger of `count` reports in the demo's tasks.yaml; the report numbered `broken` with a date that is none."""
    items = []
    for n in range(count):
        item = "  " + REPORT.format(task="1.1", who="ab"[n % 2], day=1 + n % 28).replace("\n", "\n    ")
        items.append(item.replace("task:", "- task:", 1).rstrip(" ").replace("2025-05-", "2025-13-", n == broken))
    (repo / "tasks.yaml").write_text("reports:\n" + "".join(items), "utf-8")


@pytest.mark.parametrize("broken", [None, 40], ids=["whole reports", "a report with a problem"])
def test_two_processes_read_the_ledgers_parts_as_one_does(many, monkeypatch, tmp_path, broken):
    """The ledger's parts are shared out too: the same reports, or, when a part has a problem, the ledger parsed
    whole and the problem reported once, at its place."""
    ledger_of(many, 60, broken)
    monkeypatch.setattr(ledger_load, "PART", 7)
    alone = loaded(many, monkeypatch, 10**9)
    whole, found = parse_document((many / "tasks.yaml").read_text("utf-8"), "tasks.yaml", parse_ledger)
    assert [r for r in alone[0].reports if r.loc.file == "tasks.yaml"] == whole and len(whole) == 60 - bool(broken)
    assert [d for d in alone[1] if d.file == "tasks.yaml"] == found and len(found) == bool(broken)
    readers = tmp_path / "readers"
    real = ledger_load.Plan.read

    def read(plan, i, cache):
        with readers.open("a") as out:  # which process read each part
            out.write(f"{os.getpid()}\n")
        time.sleep(0.005)
        return real(plan, i, cache)

    monkeypatch.setattr(ledger_load.Plan, "read", read)
    monkeypatch.setattr(load, "FORK_DIRECTIVES", 10**9)
    started = forks(monkeypatch)
    assert loaded(many, monkeypatch, 10**9) == alone  # the ledger's parts alone are reason to fork
    assert started and len(set(readers.read_text().split())) == 2
    assert len(readers.read_text().split()) == 9  # each part read once


def test_the_ledgers_parts_either_process_read_are_kept_in_the_cache(many, monkeypatch, tmp_path):
    """Each process keeps the segments it read: a second check reads none again, and one report appended is the
    only part read."""
    ledger_of(many, 60)
    monkeypatch.setattr(ledger_load, "PART", 7)
    readers = tmp_path / "readers"
    real = ledger_load.Plan.read

    def read(plan, i, cache):
        with readers.open("a") as out:
            out.write(f"{os.getpid()}\n")
        time.sleep(0.005)
        return real(plan, i, cache)

    monkeypatch.setattr(ledger_load.Plan, "read", read)
    cache = ParseCache(tmp_path / "parsed.sqlite")
    first = loaded(many, monkeypatch, 1, cache)
    cache.save()
    assert len(set(readers.read_text().split())) == 2
    readers.unlink()
    assert loaded(many, monkeypatch, 1, ParseCache(tmp_path / "parsed.sqlite")) == first
    assert not readers.exists()  # every part from the cache
    ledger = many / "tasks.yaml"
    ledger.write_text(ledger.read_text("utf-8") + "  - task: demo-ke-hoach/1.1\n    agency: demo-so-a\n", "utf-8")
    again = loaded(many, monkeypatch, 1, ParseCache(tmp_path / "parsed.sqlite"))
    assert len(readers.read_text().split()) == 1  # only the part appended
    assert [d.code for d in again[1] if d.file == "tasks.yaml"] == ["S001", "S001"]  # no date, no status


def test_the_childs_parts_of_the_ledger_come_back_as_the_cache_stored_them(many, monkeypatch, tmp_path):
    """The child sends a part it read as the bytes the cache already holds, not pickled again: the parent makes the
    same reports of them."""
    ledger_of(many, 60)
    monkeypatch.setattr(ledger_load, "PART", 7)
    real_read, real_unstored = ledger_load.Plan.read, ledger_load.Plan.unstored
    unstored: list[int] = []
    monkeypatch.setattr(ledger_load.Plan, "read", lambda plan, i, cache: time.sleep(0.005) or real_read(plan, i, cache))
    monkeypatch.setattr(
        ledger_load.Plan, "unstored", lambda plan, i, data: unstored.append(i) or real_unstored(plan, i, data)
    )
    together = loaded(many, monkeypatch, 1, ParseCache(tmp_path / "together.sqlite"))
    assert unstored  # some parts read by the child
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert together == loaded(many, monkeypatch, 1, ParseCache(tmp_path / "alone.sqlite"))


def test_a_part_as_stored_gives_its_own_reports_not_those_it_carries(tmp_path):
    """A part that grows a small last segment stores that segment's reports too; only its own are its result."""
    text = "reports:\n" + "".join(f"- task: a/1\n  agency: b\n  date: 2025-05-0{n}\n  status: done\n" for n in (1, 2))
    cache = ParseCache(tmp_path / "parsed.sqlite")
    assert ledger_load.load_ledger(text.encode(), "tasks.yaml", [], cache)
    grown = (text + "- task: a/1\n  agency: b\n  date: 2025-05-03\n  status: done\n").encode()
    planned = ledger_load.plan(grown, "tasks.yaml", cache)
    assert planned is not None and len(planned.parts) == 1 and len(planned.parts[0].carried) == 2
    read = planned.read(0, cache)
    stored = planned.stored(0, cache)
    assert read and len(read) == 1 and stored is not None and planned.unstored(0, stored) == read
    with pytest.raises(ValueError):
        planned.unstored(0, stored[:-1] + b"!")  # damaged: the parent then does the child's share again
