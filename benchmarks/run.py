"""The benchmark: what the tracker costs from 1,000 to 20,000 tasks (100,000 with --large), against MkDocs' floor.

    python -m benchmarks.run [--sizes 1000,5000,20000] [--large] [--serve] [--keep DIR] [--json FILE]

For each size it writes SYNTHETIC data (benchmarks/synth.py) with the project's mkdocs.yml and docs/, then runs,
each in a fresh process whose wall time and peak memory (max RSS) are measured:

- `tracker check`;
- the generator's own work without MkDocs (benchmarks/work.py), phase by phase;
- the full `tracker build`;
- the floor: plain `mkdocs build` of the same rendered pages and data files, same theme and settings, no tracker.

It prints one table per size, costs per task, the ratio of the build to the floor, and how each cost per task
changed from the smallest size to the largest. With --serve it also times `tracker serve`: its first build, and
how long after a report is appended to the ledger the directive's page shows it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .synth import write_dataset

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"
SIZES = (1_000, 2_000, 5_000, 10_000, 20_000)


@dataclass
class Run:
    seconds: float
    peak_mib: float
    stdout: str


def measure(args: list[str], cwd: Path) -> Run:
    """Wall time and peak resident memory of one command. Call it in a fresh interpreter (see `_isolated`): the
    peak is read from RUSAGE_CHILDREN, the largest of this process's children, and there must be only one."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_REPOSITORY", "TRACKER_TODAY")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"`{' '.join(args)}` failed in {cwd}:\n{done.stderr[-3000:]}")
    return Run(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.stdout)


def measure_serve(repo: Path) -> dict[str, float]:
    """`tracker serve` at this size: the first build, then the rebuild after one report is appended to the ledger."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    ledger = repo / "tasks.yaml"
    task, agency = re.findall(r"^- task: (\S+)\n  agency: (\S+)$", ledger.read_text("utf-8"), re.MULTILINE)[-1]
    args = [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}", "--today", TODAY]
    start = time.perf_counter()
    server = subprocess.Popen(args, cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(base, "data-asof")
        first = time.perf_counter() - start
        note = f"Báo cáo đo thời gian {time.time_ns()}."
        with ledger.open("a", encoding="utf-8") as out:
            out.write(f"- task: {task}\n  agency: {agency}\n  date: {TODAY}\n  status: in_progress\n  note: {note}\n")
        start = time.perf_counter()
        _wait_for(f"{base}van-ban/{task.split('/')[0]}/", note)
        return {"first_build": first, "rebuild_after_report": time.perf_counter() - start}
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_for(url: str, text: str, seconds: float = 3600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text in response.read().decode("utf-8"):
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} never showed {text!r}")


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def measure_size(tasks: int, workdir: Path) -> dict:
    """Every step at one size; each command measured from a fresh interpreter."""
    repo = workdir / "repo"
    shutil.copy2(PROJECT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(PROJECT / "docs", repo / "docs")
    python = sys.executable
    result: dict = {"tasks": tasks}
    steps = {
        "check": [python, "-m", "generator", "check"],
        "work": [python, "-m", "benchmarks.work", str(repo), "--today", TODAY, "--floor", str(workdir / "floor")],
        "build": [python, "-m", "generator", "build", "--today", TODAY],
        "floor": [python, "-m", "mkdocs", "build", "--quiet"],
    }
    for name, args in steps.items():
        run = _isolated(args, workdir / "floor" if name == "floor" else repo)
        result[name] = {"seconds": run["seconds"], "peak_mib": run["peak_mib"]}
        if name == "work":
            result["phases"] = json.loads(run["stdout"].strip().splitlines()[-1])
    # What a pull request's check costs: the same data with one report appended, the last build's cache at hand.
    ledger = repo / "tasks.yaml"
    task, agency = re.findall(r"^- task: (\S+)\n  agency: (\S+)$", ledger.read_text("utf-8"), re.MULTILINE)[-1]
    with ledger.open("a", encoding="utf-8") as out:
        out.write(f"- task: {task}\n  agency: {agency}\n  date: {TODAY}\n  status: in_progress\n  note: Thêm.\n")
    run = _isolated(steps["check"], repo)
    result["check_cached"] = {"seconds": run["seconds"], "peak_mib": run["peak_mib"]}
    site = repo / "site"
    result["pages"] = sum(1 for _ in site.rglob("*.html"))
    result["site_bytes"] = folder_size(site)
    result["search_bytes"] = (site / "data" / "tim-kiem.json").stat().st_size
    result["floor_site_bytes"] = folder_size(workdir / "floor" / "site")
    return result


def _isolated(args: list[str], cwd: Path) -> dict:
    """Measure `args` from a fresh interpreter, so that the peak memory is that command's alone."""
    code = (
        "import json, sys; from benchmarks.run import measure; from pathlib import Path; "
        "r = measure(json.loads(sys.argv[1]), Path(sys.argv[2])); "
        "print(json.dumps({'seconds': r.seconds, 'peak_mib': r.peak_mib, 'stdout': r.stdout}))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(PROJECT), os.environ.get("PYTHONPATH"))))}
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args), str(cwd)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout)


def report(results: list[dict]) -> str:
    lines = []
    for r in results:
        n = r["tasks"]
        lines.append(
            f"\n## {n:,} tasks, {r['data']['directives']:,} directives, {r['data']['agencies']} agencies, "
            f"{r['data']['reports']:,} reports"
        )
        lines.append(f"{'step':<28}{'wall s':>9}{'ms/task':>9}{'peak MiB':>10}{'KiB/task':>10}")
        for name in ("check", "check_cached", "work", "build", "floor"):
            s = r[name]
            lines.append(
                f"{_label(name):<28}{s['seconds']:>9.2f}{1000 * s['seconds'] / n:>9.3f}"
                f"{s['peak_mib']:>10.0f}{1024 * s['peak_mib'] / n:>10.1f}"
            )
        for phase, seconds in r["phases"].items():
            lines.append(f"  {phase:<26}{seconds:>9.2f}{1000 * seconds / n:>9.3f}")
        lines.append(f"build / floor: {r['build']['seconds'] / r['floor']['seconds']:.3f}")
        if "serve" in r:
            lines.append(
                f"tracker serve: first build {r['serve']['first_build']:.1f} s; "
                f"page updated {r['serve']['rebuild_after_report']:.1f} s after a report is appended"
            )
        lines.append(
            f"pages {r['pages']:,} ({r['pages'] / n:.3f} per task); site {r['site_bytes'] / 2**20:.1f} MiB "
            f"({r['site_bytes'] / n / 1024:.1f} KiB/task; floor's site {r['floor_site_bytes'] / 2**20:.1f} MiB); "
            f"search index {r['search_bytes'] / 2**20:.2f} MiB ({r['search_bytes'] / n:.0f} B/task)"
        )
    if len(results) > 1:
        small, large = results[0], results[-1]
        lines.append(f"\n## Cost per task at {large['tasks']:,} / at {small['tasks']:,} (1.00 = linear)")
        for name in ("check", "check_cached", "work", "build", "floor"):
            time_ratio = (large[name]["seconds"] / large["tasks"]) / (small[name]["seconds"] / small["tasks"])
            mem_ratio = (large[name]["peak_mib"] / large["tasks"]) / (small[name]["peak_mib"] / small["tasks"])
            lines.append(f"{_label(name):<28} time {time_ratio:.2f}  memory {mem_ratio:.2f}")
        size_ratio = (large["site_bytes"] / large["tasks"]) / (small["site_bytes"] / small["tasks"])
        lines.append(f"{'site size':<28} {size_ratio:.2f}")
    return "\n".join(lines)


def _label(step: str) -> str:
    return {
        "check": "tracker check, first run",
        "check_cached": "  + 1 report, cached",
        "work": "generator (no MkDocs)",
        "build": "tracker build",
        "floor": "floor: plain mkdocs build",
    }[step]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="task counts, comma-separated")
    parser.add_argument("--large", action="store_true", help="add 100,000 tasks")
    parser.add_argument("--keep", type=Path, help="keep the generated repositories under this folder")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--serve", action="store_true", help="also time `tracker serve`: first build, then a report")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] + ([100_000] if args.large else [])
    results = []
    base = args.keep or Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    try:
        for tasks in sizes:
            workdir = base / f"{tasks}"
            shutil.rmtree(workdir, ignore_errors=True)
            data = write_dataset(workdir / "repo", tasks)
            result = measure_size(tasks, workdir)
            result["data"] = data
            if args.serve:
                result["serve"] = measure_serve(workdir / "repo")
            results.append(result)
            print(report([result]), flush=True)
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
