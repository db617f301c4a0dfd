"""Reminders at the size the project plans for, on SYNTHETIC data (benchmarks/synth.py), against the strict
GitHub fake with GitHub's real 65,536-character body limit: the run succeeds, and a second run the same day
writes nothing. At 1,000 tasks the Office's issue alone used to be 316,361 characters."""

from __future__ import annotations

import re

import pytest
from github_fake import env_for, serving
from remind_helpers import OFFICE_MAIL
from smtp_servers import real_server

from benchmarks.synth import write_dataset

from conftest import make_repo, tracker

TODAY = "2026-11-22"  # the synthetic data's own today


@pytest.mark.parametrize("tasks", [1_000, 20_000])
def test_a_province_sized_run_fits_github_and_runs_once_a_day(tmp_path, tasks):
    repo = make_repo(tmp_path / "repo", tmp_path / "none")
    sizes = write_dataset(repo, tasks)
    with serving() as github, real_server() as (inbox, port):
        env = {
            **env_for(github),
            "TRACKER_TODAY": TODAY,
            "TRACKER_SMTP_HOST": "127.0.0.1",
            "TRACKER_SMTP_PORT": str(port),
            "TRACKER_OFFICE_EMAILS": OFFICE_MAIL,
        }
        first = tracker("remind", cwd=repo, env=env)  # as the workflow runs it: no --state
        assert "LỖI" not in first.stdout and first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
        issues = {re.search(r"tracker:reminder (\S+)", i["body"]).group(1): i for i in github.issues()}
        assert len(issues) > sizes["agencies"] * 0.9 and "van-phong" in issues
        office = issues["van-phong"]["body"]
        assert office.count("\n- ") == 50 and re.search(r"… và \d+ nhiệm vụ khác: xem \[trang theo dõi\]", office)
        assert max(len(i["body"]) for i in issues.values()) <= 65_536
        assert [to for to, _ in inbox.messages] == [[OFFICE_MAIL]]  # the agencies have no addresses here

        writes = len(github.writes())
        second = tracker("remind", cwd=repo, env=env)
        assert second.returncode == 0 and github.writes()[writes:] == [] and len(inbox.messages) == 1
