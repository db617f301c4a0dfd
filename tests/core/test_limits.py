"""What is refused costs nothing: a file far too large is never opened, an alias bomb never becomes a node.

These assert what was read and what was built, not how long it took: a clock passes on a fast machine whatever
the code does."""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path

import yaml

from generator.core.checks import check_repository
from generator.core.yamlio import LEDGER_MAX_BYTES, MAX_BYTES, load_text


def bomb(levels: int = 10) -> str:
    """Each level names the one before nine times: expanded, the last holds 9**levels scalars."""
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def watch_yaml(monkeypatch) -> tuple[list, list]:
    """Record every parse event and every composed document of PyYAML, the only way to build nodes."""
    events, composed = [], []
    parse, compose = yaml.parse, yaml.compose

    def counting_parse(*args, **kwargs):
        for event in parse(*args, **kwargs):
            events.append(event)
            yield event

    def recording_compose(text, *args, **kwargs):
        composed.append(text)
        return compose(text, *args, **kwargs)

    monkeypatch.setattr(yaml, "parse", counting_parse)
    monkeypatch.setattr(yaml, "compose", recording_compose)
    return events, composed


def test_an_alias_bomb_is_refused_before_a_single_node_is_made(monkeypatch):
    text = bomb()
    events, composed = watch_yaml(monkeypatch)
    tree, problems = load_text(text, "bomb.yaml")
    assert tree is None and problems and {p.code for p in problems} == {"Y004"}
    assert composed == []  # never composed: not one node of it exists
    assert 0 < len(events) < len(text)  # read as written (an event per alias), never expanded (9**10 scalars)


def test_an_alias_bomb_in_the_ledger_is_refused_unexpanded(demo_repo, monkeypatch):
    (demo_repo / "tasks.yaml").write_text(bomb(12) + "reports: *a11\n", "utf-8")
    events, composed = watch_yaml(monkeypatch)
    _dataset, problems = check_repository(demo_repo)
    assert [p.line for p in problems if p.file == "tasks.yaml" and p.code == "Y004"][:2] == [1, 2]
    assert not [text for text in composed if "&a0" in text]
    assert len(events) < 20 * len(bomb(12))


def test_a_file_far_too_large_is_refused_without_reading_it(demo_repo, monkeypatch):
    with (demo_repo / "agencies.yaml").open("a", encoding="utf-8") as registry:
        registry.write("# " + "x" * MAX_BYTES + "\n")
    with (demo_repo / "tasks.yaml").open("r+b") as ledger:  # sparse: as large as that, without the disk it takes
        ledger.truncate(LEDGER_MAX_BYTES + 1)
    opened: dict[int, Path] = {}
    read: list[Path] = []
    real_open, real_os_open, real_os_read = io.open, os.open, os.read

    def recording_open(file, *args, **kwargs):
        if isinstance(file, str | bytes | os.PathLike):
            read.append(Path(os.fsdecode(file)).resolve())
        return real_open(file, *args, **kwargs)

    def recording_os_open(file, *args, **kwargs):
        fd = real_os_open(file, *args, **kwargs)
        opened[fd] = Path(os.fsdecode(file)).resolve()
        return fd

    def recording_os_read(fd, size):
        if fd in opened:
            read.append(opened[fd])
        return real_os_read(fd, size)

    monkeypatch.setattr(io, "open", recording_open)  # what Path.read_bytes and Path.open call
    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(os, "open", recording_os_open)  # what the data files are read with
    monkeypatch.setattr(os, "read", recording_os_read)
    _dataset, problems = check_repository(demo_repo)
    too_large = {p.file for p in problems if p.code == "Y006"}
    assert too_large == {"agencies.yaml", "tasks.yaml"}
    assert (demo_repo / "directives" / "demo-ke-hoach.yaml").resolve() in read  # the recorder sees reads
    assert (demo_repo / "agencies.yaml").resolve() not in read
    assert (demo_repo / "tasks.yaml").resolve() not in read
