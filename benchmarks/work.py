"""The generator's own work, phase by phase, without MkDocs: load, validate, compute, render, export.

Run by `benchmarks/run.py` in a process of its own (so its peak memory is its own); prints one JSON object of
seconds per phase. With `--floor DIR` it then writes what it rendered as a plain MkDocs project: the same pages and
data files, the same theme and settings, no tracker plugin, which `run.py` builds as the floor.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import yaml

from generator.core.checks import check_all
from generator.core.clock import parse_today
from generator.core.diagnostics import has_errors
from generator.core.load import load_dataset
from generator.core.progress import compute_progress
from generator.site.export import open_data
from generator.site.render import render_pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--today", required=True)
    parser.add_argument("--floor", type=Path)
    args = parser.parse_args()

    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now

    dataset, diagnostics, agencies, groups = load_dataset(args.root)
    lap("load")
    diagnostics += check_all(dataset, agencies, groups)
    lap("validate")
    if has_errors(diagnostics):
        raise SystemExit(f"{len(diagnostics)} problems in the benchmark data")
    progress = compute_progress(dataset, parse_today(args.today))
    lap("compute")
    pages = render_pages(progress)
    lap("render")
    data = open_data(progress, None)
    lap("export")
    print(json.dumps(seconds))
    if args.floor:
        write_floor(args.root, args.floor, {**pages, **data})


def write_floor(root: Path, target: Path, files: dict[str, str | bytes]) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(root / "docs", target / "docs")
    for path, content in files.items():
        out = target / "docs" / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = []  # no tracker, and not MkDocs' default search either: the site does not use it
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    extensions = config["markdown_extensions"]
    kept = [e for e, name in zip(extensions, names, strict=True) if not name.startswith("generator.")]
    config["markdown_extensions"] = kept  # and none of the tracker's Markdown extensions
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


if __name__ == "__main__":
    main()
