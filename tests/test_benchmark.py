"""The benchmark's own parts: its synthetic data is valid and marked as such, and its command prints the table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from benchmarks.synth import write_dataset

from conftest import REPO, make_repo, tracker


def test_synthetic_data_is_valid_marked_and_sized(tmp_path: Path):
    repo = make_repo(tmp_path / "repo", tmp_path / "none")
    counts = write_dataset(repo, 500)
    assert counts["tasks"] == 500 and counts["directives"] == 100
    result = tracker("check", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in [repo / "agencies.yaml", repo / "tasks.yaml", *sorted((repo / "directives").glob("*.yaml"))[:3]]:
        assert path.read_text("utf-8").startswith("# SYNTHETIC DATA"), path
    assert all(p.stem.startswith("synth-") for p in (repo / "directives").glob("*.yaml"))


def test_synthetic_report_files_are_valid_and_small(tmp_path: Path):
    repo = make_repo(tmp_path / "repo", tmp_path / "none")
    counts = write_dataset(repo, 300, report_files=True)
    files = sorted((repo / "reports").rglob("*.yaml"))
    assert len(files) == counts["reports"] > 300
    assert max(f.stat().st_size for f in files) < 2048
    result = tracker("check", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_same_seed_same_data(tmp_path: Path):
    first, second = write_dataset(tmp_path / "a", 100, seed=3), write_dataset(tmp_path / "b", 100, seed=3)
    assert first == second
    assert (tmp_path / "a" / "tasks.yaml").read_bytes() == (tmp_path / "b" / "tasks.yaml").read_bytes()


def test_benchmark_prints_every_step_and_the_ratio_to_the_floor():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "200,300", "--serve", "--report-files"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    labels = ("check, fresh clone", "check, pull request", "generator (no MkDocs)", "tracker build", "floor: plain")
    for label in (*labels, "render", "Fixed costs, measured on 100 tasks"):
        assert label in out
    assert out.count("build / floor: ") >= 2
    assert "Cost per task at 300 / at 200" in out
    assert out.count("shown on its directive's page after") >= 2  # tracker serve showed the saved report
    assert out.count("every page it changes after") >= 2  # and then on its agency's page
    assert out.count("largest file in the repository") >= 2
    assert re.search(r"largest page \S+\.html \d+\.\d\d MiB", out)


def test_import_evaluation_scores_the_seeds():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_eval", "--seeds-only"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:]}
    assert set(lines) == {"gia-lai-tre-em-hoan-canh-dac-biet", "kon-tum-phong-chong-xam-hai-tre-em", "all"}
    assert lines["all"] == ["1.00"] * 6  # precision and recall of tasks, assignees and deadlines
