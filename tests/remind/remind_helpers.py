"""What the reminder tests share: the demo repository with addresses and accounts, and running the command."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO, tracker

EMAILS = {"demo-so-a": "vanthu@so-a.example", "demo-so-b": "vanthu@so-b.example", "demo-cong-an": "refuse@ca.example"}
SITE = "https://theo-doi.example/"
OFFICE_MAIL = "vanphong@ubnd.example"
WORKFLOW = REPO / ".github" / "workflows" / "remind.yml"


def add_contacts(repo: Path, emails: dict[str, str] = EMAILS) -> Path:
    """Give the demo agencies e-mail addresses and GitHub accounts, and the registry a maintainer."""
    registry = repo / "agencies.yaml"
    text = registry.read_text("utf-8").replace("maintainers: []\n", "")
    text = text.replace("groups:\n", "maintainers: [vp-office]\ngroups:\n", 1)
    for agency, email in emails.items():
        text = text.replace(
            f"  - id: {agency}\n", f"  - id: {agency}\n    emails: [{email}]\n    github: [{agency}-login]\n"
        )
    registry.write_text(text, "utf-8")
    return repo


def mail_env(port: int, **more: str) -> dict[str, str]:
    return {
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(port),
        "TRACKER_MAIL_FROM": "nhac-viec@ubnd.example",
        "TRACKER_OFFICE_EMAILS": OFFICE_MAIL,
        **more,
    }


def remind(repo: Path, today: str, env: dict[str, str], *more: str) -> subprocess.CompletedProcess[str]:
    """`tracker remind` for a day, with the site's address; no `--state` unless the test passes one."""
    return tracker("remind", "--today", today, "--site-url", SITE, *more, cwd=repo, env=env)


def remind_watched(repo: Path, today: str, env: dict[str, str], *more: str, limit: float) -> str:
    """As `remind`, but a run still going after `limit` seconds is killed and the test fails: a watchdog far
    above the budget the run is given, so that it only fires if the budget is not kept at all."""
    ambient = ("GITHUB_REPOSITORY", "GITHUB_TOKEN", "TRACKER_TODAY", "TRACKER_SMTP_HOST")
    full = {**{k: v for k, v in os.environ.items() if k not in ambient}, **env}
    command = [sys.executable, "-m", "generator", "remind", "--today", today, "--site-url", SITE, *more]
    try:
        done = subprocess.run(command, cwd=repo, env=full, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"tracker remind still running after {limit:g} s: the budget was not kept") from None
    return done.stdout


def with_state(repo: Path) -> tuple[str, str]:
    return ("--state", str(repo / "state.yaml"))


def workflow_step() -> tuple[list[str], dict[str, str]]:
    """The remind workflow's command (its `run:` line) and the names of the variables its job sets."""
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    (job,) = workflow["jobs"].values()
    (run,) = [s["run"] for s in job["steps"] if "tracker remind" in s.get("run", "")]
    return shlex.split(run), dict(job.get("env", {}))


def as_the_workflow(repo: Path, secrets: dict[str, str], actions: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the workflow's own command line with the environment its job sets: each variable it reads from a
    secret gets the secret's value, or "" when the secret is not set, as in Actions; `actions` adds what the
    runner sets (GITHUB_REPOSITORY, GITHUB_API_URL) and the test's day (TRACKER_TODAY, read by every command)."""
    command, job_env = workflow_step()
    assert command[0] == "tracker"
    env = {name: secrets.get(name, "") for name in job_env}
    return tracker(*command[1:], cwd=repo, env={**env, **actions})
