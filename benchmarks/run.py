"""The benchmark: what the tracker costs from 1,000 to 20,000 tasks (100,000 with --large), against MkDocs' floor.

    python -m benchmarks.run [--sizes 1000,5000,20000] [--large] [--serve] [--repeat N] [--keep DIR] [--json FILE]

For each size it writes SYNTHETIC data (benchmarks/synth.py) with the project's mkdocs.yml and docs/, then runs,
each in a fresh process whose wall time and peak memory (max RSS) are measured:

- `tracker check` on a fresh clone (nothing parsed before);
- the generator's own work without MkDocs (benchmarks/work.py), phase by phase;
- the full `tracker build`;
- the floor: plain `mkdocs build` of the same rendered pages and data files, same theme and settings, no tracker;
- a pull request's check: one report appended by the agency's clerk, checked as CI does (`tracker check --no-cache
  --base main --head pr --author LOGIN`: both revisions read from git objects, no cache file).

Each step is also measured on BASELINE tasks first: its fixed cost (Python, MkDocs, the theme, the hand-written
pages), which does not grow with the data. It prints one table per size: each cost per task, and per task above
the fixed cost (the marginal cost, which linear growth keeps constant); the ratio of the build to the floor; and
how each cost per task changed from the smallest size to the largest. With --serve it also times `tracker serve`:
its first build, and how long after a report is saved its directive's page shows it, and its agency's page.
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

from generator.core.report_files import report_path

from .synth import login, write_dataset

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"
SIZES = (1_000, 2_000, 5_000, 10_000, 20_000)
BASELINE = 100
STEPS = ("check", "check_pr", "work", "build", "floor")


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


def measure_serve(repo: Path, report_files: bool = False) -> dict[str, float]:
    """`tracker serve` at this size: the first build; then, after one report is saved (appended to the ledger, or a
    report file), until its directive's page shows it, and until its agency's page does too (built in the rebuild
    after, with the summary pages)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    args = [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}", "--today", TODAY]
    start = time.perf_counter()
    server = subprocess.Popen(args, cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(base, "data-asof")
        first = time.perf_counter() - start
        note = f"Báo cáo đo thời gian {time.time_ns()}."
        task, agency = add_report_file(repo, note) if report_files else append_report(repo / "tasks.yaml", note)
        start = time.perf_counter()
        _wait_for(f"{base}van-ban/{task.split('/')[0]}/", note, poll=0.05)
        shown = time.perf_counter() - start
        _wait_for(f"{base}co-quan/{agency}/", note, poll=0.05)
        return {
            "first_build": first,
            "rebuild_after_report": shown,
            "all_pages_after_report": time.perf_counter() - start,
        }
    finally:
        server.terminate()
        server.wait(timeout=60)


def append_report(ledger: Path, note: str) -> tuple[str, str]:
    """A report by the agency that reported last, on the same task, appended as a clerk would; its task and agency."""
    task, agency = re.findall(r"^- task: (\S+)\n  agency: (\S+)$", ledger.read_text("utf-8"), re.MULTILINE)[-1]
    with ledger.open("a", encoding="utf-8") as out:
        out.write(f"- task: {task}\n  agency: {agency}\n  date: {TODAY}\n  status: in_progress\n  note: {note}\n")
    return task, agency


def _wait_for(url: str, text: str, seconds: float = 3600, poll: float = 0.2) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text in response.read().decode("utf-8"):
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(poll)
    raise SystemExit(f"{url} never showed {text!r}")


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def add_report_file(repo: Path, note: str) -> tuple[str, str]:
    """A new report file by the agency of the last report file, on its task, as the site's form writes one."""
    last = max((repo / "reports").rglob("*.yaml"), key=lambda p: p.name)
    text = last.read_text("utf-8")
    task, agency = re.search(r"^task: (\S+)$", text, re.M)[1], re.search(r"^agency: (\S+)$", text, re.M)[1]
    path = repo / report_path(task, TODAY, agency, "235959-ffff")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"task: {task}\nagency: {agency}\ndate: {TODAY}\nstatus: in_progress\nnote: {note}\n", "utf-8")
    return task, agency


def largest_file(repo: Path) -> int:
    """The largest file the repository holds (what the git host must accept), the built site aside."""
    skip = {".git", "site", ".tracker-cache"}
    return max(f.stat().st_size for f in repo.rglob("*") if f.is_file() and not skip & set(f.relative_to(repo).parts))


def measure_size(tasks: int, workdir: Path, repeat: int = 1, report_files: bool = False) -> dict:
    """Every step at one size; each command measured from a fresh interpreter, `repeat` times: the fastest run
    counts (the others were slowed by something else), with the highest peak memory of all."""
    repo = workdir / "repo"
    data = write_dataset(repo, tasks, report_files=report_files)
    for name in ("mkdocs.yml", ".gitignore"):
        shutil.copy2(PROJECT / name, repo / name)
    shutil.copytree(PROJECT / "docs", repo / "docs")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "SYNTHETIC data for the benchmark", day=TODAY)
    _git(repo, "gc", "-q")  # packed, as a clone is
    python = sys.executable
    result: dict = {"tasks": tasks, "data": data}
    steps = {
        "check": [python, "-m", "generator", "check"],
        "work": [python, "-m", "benchmarks.work", str(repo), "--today", TODAY, "--floor", str(workdir / "floor")],
        "build": [python, "-m", "generator", "build", "--today", TODAY],
        "floor": [python, "-m", "mkdocs", "build", "--quiet"],
    }
    cache = repo / ".tracker-cache"
    for name, args in steps.items():
        runs = []
        for _ in range(repeat):
            if name == "check":
                shutil.rmtree(cache, ignore_errors=True)  # a fresh clone: nothing parsed before
            runs.append(_isolated(args, workdir / "floor" if name == "floor" else repo))
        result[name] = _best(runs)
        if name == "work":
            fastest = min(runs, key=lambda r: r["seconds"])
            result["phases"] = json.loads(fastest["stdout"].strip().splitlines()[-1])
    # A pull request, checked as the pull-request workflow checks it: the clerk of the agency that reported last
    # adds a report on a branch; the base's code reads the branch from git objects, with no cache file (a job
    # that judges a pull request reads nothing a pull request's job could have written).
    result["largest_file"] = largest_file(repo)
    if report_files:
        _task, agency = add_report_file(repo, "Thêm.")
    else:
        _task, agency = append_report(repo / "tasks.yaml", "Thêm.")
    _git(repo, "checkout", "-q", "-b", "pr")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "báo cáo", day=TODAY)
    _git(repo, "checkout", "-q", "main")
    check_pr = ["check", "--no-cache", "--base", "main", "--head", "pr", "--author", login(agency), "--today", TODAY]
    runs = [_isolated([python, "-m", "generator", *check_pr], repo) for _ in range(repeat)]
    result["check_pr"] = _best(runs)
    site = repo / "site"
    result["pages"] = sum(1 for _ in site.rglob("*.html"))
    result["site_bytes"] = folder_size(site)
    largest = max(site.rglob("*.html"), key=lambda f: f.stat().st_size)
    result["largest_page"] = (str(largest.relative_to(site)), largest.stat().st_size)
    result["search_bytes"] = (site / "data" / "tim-kiem.json").stat().st_size
    result["floor_site_bytes"] = folder_size(workdir / "floor" / "site")
    return result


def _best(runs: list[dict]) -> dict:
    return {"seconds": min(r["seconds"] for r in runs), "peak_mib": max(r["peak_mib"] for r in runs)}


def _git(repo: Path, *args: str, day: str | None = None) -> None:
    # No automatic gc: after a commit of 85,000 files git packs them in a detached process, which took the second
    # core from the fresh check measured next (6.8 to 8.7 s against 3.1 to 3.9 s without it, at 20,000 tasks).
    identity = ("-c", "user.name=Benchmark", "-c", "user.email=benchmark@example.org", "-c", "gc.auto=0")
    # Commits dated the benchmark's day: a pull request's report may not be dated before its base commit.
    env = {**os.environ, "GIT_COMMITTER_DATE": f"{day}T12:00:00+07:00", "GIT_AUTHOR_DATE": f"{day}T12:00:00+07:00"}
    subprocess.run(
        ["git", "-C", str(repo), *identity, *args], check=True, capture_output=True, env=env if day else None
    )


def _isolated(args: list[str], cwd: Path) -> dict:
    """Measure `args` from a fresh interpreter, so that the peak memory is that command's alone."""
    # What the benchmark wrote (85,000 files, a site of 200 MB) is flushed to disk first: the kernel's writeback
    # of it took CPU from the command measured next (a fresh check 4.4 s right after copying the repository, 3.6 s
    # after `sync`).
    os.sync()
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


def report(results: list[dict], fixed: dict) -> str:
    """The table of each size; `fixed` is the baseline run, whose costs are subtracted for the marginal columns."""
    lines = []
    for r in results:
        n, extra = r["tasks"], r["tasks"] - fixed["tasks"]
        lines.append(
            f"\n## {n:,} tasks, {r['data']['directives']:,} directives, {r['data']['agencies']} agencies, "
            f"{r['data']['reports']:,} reports"
        )
        lines.append(
            f"{'step':<30}{'wall s':>8}{'ms/task':>9}{'marginal':>9}{'peak MiB':>10}{'KiB/task':>10}{'marginal':>9}"
        )
        for name in STEPS:
            s, base = r[name], fixed[name]
            lines.append(
                f"{_label(name):<30}{s['seconds']:>8.2f}{1000 * s['seconds'] / n:>9.3f}"
                f"{1000 * (s['seconds'] - base['seconds']) / extra:>9.3f}"
                f"{s['peak_mib']:>10.0f}{1024 * s['peak_mib'] / n:>10.1f}"
                f"{1024 * (s['peak_mib'] - base['peak_mib']) / extra:>9.1f}"
            )
        for phase, seconds in r["phases"].items():
            lines.append(f"  {phase:<28}{seconds:>8.2f}{1000 * seconds / n:>9.3f}")
        lines.append(f"build / floor: {r['build']['seconds'] / r['floor']['seconds']:.3f}")
        if "serve" in r:
            lines.append(
                f"tracker serve: first build {r['serve']['first_build']:.1f} s; "
                f"a saved report shown on its directive's page after {r['serve']['rebuild_after_report']:.1f} s, "
                f"every page it changes after {r['serve']['all_pages_after_report']:.1f} s"
            )
        lines.append(
            f"pages {r['pages']:,} ({r['pages'] / n:.3f} per task); site {r['site_bytes'] / 2**20:.1f} MiB "
            f"({r['site_bytes'] / n / 1024:.1f} KiB/task; floor's site {r['floor_site_bytes'] / 2**20:.1f} MiB); "
            f"search index {r['search_bytes'] / 2**20:.2f} MiB ({r['search_bytes'] / n:.0f} B/task); "
            f"largest file in the repository {r['largest_file'] / 2**10:,.0f} KiB"
        )
        if "largest_page" in r:
            page, size = r["largest_page"]
            lines.append(f"largest page {page} {size / 2**20:.2f} MiB")
    if len(results) > 1:
        small, large = results[0], results[-1]
        lines.append(f"\n## Cost per task at {large['tasks']:,} / at {small['tasks']:,} (1.00 = linear)")
        lines.append(f"{'step':<30}{'time':>6}{'marginal':>10}{'memory':>8}{'marginal':>10}")

        def ratio(key: str, name: str, minus: float = 0) -> float:
            per = [(r[name][key] - minus) / (r["tasks"] - (fixed["tasks"] if minus else 0)) for r in (small, large)]
            return per[1] / per[0]

        for name in STEPS:
            lines.append(
                f"{_label(name):<30}{ratio('seconds', name):>6.2f}"
                f"{ratio('seconds', name, fixed[name]['seconds']):>10.2f}"
                f"{ratio('peak_mib', name):>8.2f}{ratio('peak_mib', name, fixed[name]['peak_mib']):>10.2f}"
            )
        size_ratio = (large["site_bytes"] / large["tasks"]) / (small["site_bytes"] / small["tasks"])
        lines.append(f"{'site size':<30}{size_ratio:>6.2f}")
    return "\n".join(lines)


def _label(step: str) -> str:
    return {
        "check": "tracker check, fresh clone",
        "check_pr": "tracker check, pull request",
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
    parser.add_argument("--repeat", type=int, default=1, help="run each step this many times; the fastest counts")
    parser.add_argument(
        "--report-files", action="store_true", help="reports as files of reports/ (three per task), not one ledger"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] + ([100_000] if args.large else [])
    results = []
    base = args.keep or Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    try:
        fixed = _one_size(BASELINE, base, args)
        print(f"\n## Fixed costs, measured on {BASELINE} tasks", flush=True)
        for name in STEPS:
            print(f"{_label(name):<30}{fixed[name]['seconds']:>8.2f} s{fixed[name]['peak_mib']:>8.0f} MiB", flush=True)
        for tasks in sizes:
            results.append(_one_size(tasks, base, args))
            print(report(results[-1:], fixed), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(report(results, fixed))
    if args.json:
        args.json.write_text(json.dumps({"fixed": fixed, "sizes": results}, indent=1))


def _one_size(tasks: int, base: Path, args: argparse.Namespace) -> dict:
    workdir = base / f"{tasks}"
    shutil.rmtree(workdir, ignore_errors=True)
    result = measure_size(tasks, workdir, args.repeat, args.report_files)
    if args.serve:
        result["serve"] = measure_serve(workdir / "repo", args.report_files)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


if __name__ == "__main__":
    main()
