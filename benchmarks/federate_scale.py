"""The national roll-up at scale: SYNTHETIC provinces' `data/tasks.json`, written directly in the contract's shape
(no site is built), served on 127.0.0.1 by a real HTTP server, rolled up by `tracker federate` in a process of its
own; prints its wall time and peak memory.

    python -m benchmarks.federate_scale --provinces 34 --tasks 20000

Nothing here is real: every id starts with `synth-`, every name says "(tổng hợp)".
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.synth import _sentence
from generator.core import contract

KINDS = ("department", "department", "district", "commune", "commune", "police", "front", "organisation")
STATUS_WEIGHTS = {
    "done_on_time": 30,
    "done_late": 8,
    "in_progress": 14,
    "due_soon": 3,
    "overdue": 10,
    "ongoing": 30,
    "done": 5,
}


def synthetic_document(province: int, tasks: int, rows_per_task: float, today: date) -> bytes:
    """One province's tasks.json: `tasks` tasks, on average `rows_per_task` assigned agencies each."""
    rng = random.Random(province)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    agencies = [(f"synth-p{province:02d}-dv-{n:03d}", KINDS[n % len(KINDS)]) for n in range(200)]
    rows = []
    for task in range(tasks):
        directive = f"synth-p{province:02d}-vb-{task // 5:05d}"
        number = f"{task % 5 + 1}"
        text = _sentence(rng) + " " + _sentence(rng)
        count = 1 + int(rows_per_task - 1) + (rng.random() < (rows_per_task % 1))
        for agency, kind in rng.sample(agencies, count):
            status = rng.choices(statuses, weights)[0]
            dated = status not in ("ongoing", "done")
            deadline = today + timedelta(days=rng.randint(-400, -1) if status == "overdue" else rng.randint(0, 300))
            rows.append(
                {
                    "task_id": f"{directive}/{number}",
                    "directive_id": directive,
                    "directive_number": f"{task // 5}/KH-UBND",
                    "task_number": number,
                    "deliverable": None,
                    "agency_id": agency,
                    "agency_name": f"Đơn vị {agency[-3:]} tỉnh {province:02d} (tổng hợp)",
                    "agency_kind": kind,
                    "role": "lead" if agency == agencies[0][0] else "cooperating",
                    "via_group": None,
                    "deadline": deadline.isoformat() if dated else None,
                    "original_deadline": None,
                    "status": status,
                    "status_label": status,
                    "blocked": rng.random() < 0.05,
                    "days_overdue": (today - deadline).days if status == "overdue" else 0,
                    "last_report_date": None,
                    "key_task": False,
                    "text": text,
                    "url": f"van-ban/{directive}/#nv-{number}",
                    "as_of": today.isoformat(),
                }
            )
    head = contract.envelope_head(today.isoformat(), None, len(rows))
    return (head + json.dumps(rows, ensure_ascii=False) + "}").encode("utf-8")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--tasks", type=int, default=20_000, help="tasks per province")
    parser.add_argument("--rows-per-task", type=float, default=2.0, help="assigned agencies per task, on average")
    parser.add_argument("--overdue", type=int, default=50, help="overdue items listed per province")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    today = date(2026, 11, 22)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="federate-scale-"))
    served = work / "served"
    started = time.perf_counter()
    sizes = []
    for n in range(args.provinces):
        target = served / f"p{n:02d}" / "data" / "tasks.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(synthetic_document(n, args.tasks, args.rows_per_task, today))
        sizes.append(target.stat().st_size)
    print(f"data written in {time.perf_counter() - started:.1f} s: {sum(sizes) / 2**20:,.0f} MiB in all")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    national = work / "national"
    national.mkdir(exist_ok=True)
    lines = ["# SYNTHETIC: a benchmark of the roll-up.", f"overdue_per_province: {args.overdue}"]
    lines += ["timeout_seconds: 120", "assets: " + str(Path(__file__).resolve().parents[1] / "docs" / "assets")]
    lines.append("provinces:")
    for n in range(args.provinces):
        lines += [f"  - id: p{n:02d}", f"    name: Tỉnh {n:02d} (tổng hợp)", f"    url: {address}p{n:02d}/"]
    (national / "federation.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    try:
        report("fetched over HTTP", national, today, args.provinces)
        server.shutdown()
        server.server_close()
        report("every province down: all from the cache", national, today, args.provinces)
    finally:
        server.shutdown()
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


def report(label: str, national: Path, today: date, provinces: int) -> None:
    """One `tracker federate` in a process of its own: its wall time and its own peak memory (wait4's rusage)."""
    out = national / "stdout.txt"
    began = time.perf_counter()
    with out.open("w") as sink:
        child = subprocess.Popen(
            [sys.executable, "-m", "generator", "federate", "--today", today.isoformat()],
            cwd=national,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    text = out.read_text("utf-8")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(text)
    shown = text.strip().splitlines()[-1]
    site = sum(p.stat().st_size for p in (national / "site").rglob("*") if p.is_file())
    print(
        f"{label}: {provinces} provinces, {seconds:.1f} s, peak {usage.ru_maxrss / 1024:,.0f} MiB, "
        f"national site {site / 2**20:.1f} MiB; {shown}"
    )


if __name__ == "__main__":
    main()
