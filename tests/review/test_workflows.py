"""The GitHub Actions workflows: linted with actionlint, and their commands run with their real arguments."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, make_repo

WORKFLOWS = REPO / ".github" / "workflows"


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); the workflows are otherwise plain mappings.
    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("actionlint")
    assert binary, "actionlint is a test dependency (pyproject.toml [test])"
    return subprocess.run([binary, "-no-color", *map(str, files)], capture_output=True, text=True, timeout=120)


def test_every_workflow_passes_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"pull-request.yml", "publish.yml"}
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    text = (WORKFLOWS / "publish.yml").read_text("utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
    broken.write_text(text, "utf-8")
    assert actionlint(broken).returncode == 1


def run_steps(workflow: str, job: str, repo: Path, env: dict[str, str]) -> list[tuple[str, int]]:
    """Run the job's `run:` steps that call the tracker, in order, as the runner would (bash -e)."""
    steps = load(workflow)["jobs"][job]["steps"]
    # Unset secrets reach a job as empty strings on GitHub; so they do here.
    job_env = {
        k: "" if "secrets." in str(v) else str(v) for k, v in (load(workflow)["jobs"][job].get("env") or {}).items()
    }
    results = []
    for step in steps:
        command = step.get("run", "")
        if "tracker" not in command:
            continue  # set-up steps: checkout, Python, pip install (done by the test environment)
        full_env = {**os.environ, **job_env, **env}
        done = subprocess.run(
            ["bash", "-e", "-c", command], cwd=repo, env=full_env, capture_output=True, text=True, timeout=300
        )
        results.append((command, done.returncode))
        if done.returncode != 0:
            break
    return results


def test_publish_workflow_builds_the_real_site(tmp_path):
    repo = make_repo(tmp_path / "repo", REPO)
    results = run_steps("publish.yml", "build", repo, {})
    assert [code for _command, code in results] == [0, 0]
    upload = next(
        s for s in load("publish.yml")["jobs"]["build"]["steps"] if "upload-pages-artifact" in s.get("uses", "")
    )
    assert (repo / upload["with"]["path"] / "data" / "tasks.json").exists()


def test_publish_runs_every_morning_just_after_midnight_in_vietnam():
    workflow = load("publish.yml")
    triggers = workflow[True]
    (schedule,) = triggers["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"]
    assert (int(hour) + 7) % 24 == 0 and int(minute) < 30  # cron runs in UTC; Vietnam is UTC+7
    assert "workflow_dispatch" in triggers and triggers["push"]["branches"] == ["main"]


def test_publications_do_not_race_and_permissions_are_narrow():
    workflow = load("publish.yml")
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("name", ["pull-request.yml", "pull-request-build.yml", "publish.yml", "remind.yml"])
def test_untrusted_values_reach_scripts_only_through_the_environment(name):
    for step in (s for job in load(name)["jobs"].values() for s in job["steps"]):
        assert not re.search(r"\$\{\{", step.get("run", "")), step["run"]


def test_reminders_run_every_morning_at_eight_in_vietnam():
    workflow = load("remind.yml")
    (schedule,) = workflow[True]["schedule"]
    minute, hour, *_ = schedule["cron"].split()
    assert ((int(hour) + 7) % 24, int(minute)) == (8, 0)
    assert "workflow_dispatch" in workflow[True]
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["remind"]["permissions"] == {"contents": "read", "issues": "write"}
    assert workflow["jobs"]["remind"]["environment"] == "nhac-viec"  # its secrets, limited to main
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_reminder_workflow_command_runs_against_a_github_api(tmp_path):
    # The same command the workflow runs, with the workflow's environment names; the API is a local stand-in.
    # The reminder tests' local GitHub API (tests/remind has no package to import it from).
    import importlib.util
    import threading

    spec = importlib.util.spec_from_file_location("remind_fake", REPO / "tests" / "remind" / "github_fake.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    FakeGitHub = module.FakeGitHub

    server = FakeGitHub()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        repo = make_repo(tmp_path / "repo", REPO)
        env = {
            "GITHUB_TOKEN": "test-token",
            "GITHUB_REPOSITORY": "ubnd/theo-doi",
            "GITHUB_API_URL": server.url,
            "TRACKER_TODAY": "",
            "TRACKER_SMTP_HOST": "",
        }
        results = run_steps("remind.yml", "remind", repo, env)
    finally:
        server.shutdown()
        server.server_close()
    assert [code for _command, code in results] == [0]
    titles = sorted(i["title"] for i in server.issues())
    assert "Nhắc việc: Sở Y tế tỉnh Kon Tum" in titles
