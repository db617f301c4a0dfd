"""The pull-request workflows, run step by step on real git repositories: a bare `origin` holding the base branch
and the pull request's head under `refs/pull/N/head`, as GitHub keeps it.

The runner below does what GitHub's runner does with each step: `actions/checkout` clones `origin` into the step's
`path` at the step's `ref`; `pip install X` makes X the code every later step imports (PYTHONPATH, since the
tests must not install anything); every other `run:` line runs as written, with the job's `env:` (expressions
filled in from the event). So what the tracker runs from is decided by the workflow's own lines, and a pull request
that changes generator/ changes the outcome exactly when the workflow would install the pull request's code.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.core.clock import vietnam_today

from conftest import MEMBERS, NEW_REPORT, REPO, git

WORKFLOWS = REPO / ".github" / "workflows"
WEAKENED = "def check_change(change: Change, context: Context) -> list[Diagnostic]:\n"


@dataclass
class Step:
    name: str
    code: int
    out: str


@dataclass
class Runner:
    """One job of a workflow, run in `workspace` for the event `event`."""

    workspace: Path
    origin: Path
    event: dict[str, str]
    steps: list[Step] = field(default_factory=list)

    def expression(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1).strip()
            if name.startswith("secrets."):
                return ""  # unset secrets reach a job as empty strings on GitHub
            return self.event[name]

        return re.sub(r"\$\{\{(.*?)\}\}", value, str(text))

    def run(self, job: dict) -> list[Step]:
        env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "TRACKER_TODAY", "PYTHONPATH")}
        env |= {k: self.expression(v) for k, v in (job.get("env") or {}).items()}
        env |= {
            "GITHUB_WORKSPACE": str(self.workspace),
            "RUNNER_TEMP": str(self.workspace.parent / "runner-temp"),
            "GITHUB_STEP_SUMMARY": str(self.workspace.parent / "summary.md"),
        }
        installed: str | None = None
        for step in job["steps"]:
            uses = step.get("uses", "")
            options = {k: self.expression(v) for k, v in (step.get("with") or {}).items()}
            if uses.startswith("actions/checkout@"):
                self._checkout(options)
                continue
            if uses:
                continue  # actions/setup-python: the test's own Python
            command = step["run"]
            pip = re.fullmatch(r"python -m pip install (?:-e )?(\S+)", command.strip())
            if pip:
                installed = str((self.workspace / pip.group(1)).resolve())
                continue
            done = subprocess.run(
                ["bash", "-e", "-c", command],
                cwd=self.workspace,
                env={**env, **({"PYTHONPATH": installed} if installed else {})},
                capture_output=True,
                text=True,
                timeout=300,
            )
            self.steps.append(Step(step.get("name", command), done.returncode, done.stdout + done.stderr))
            if done.returncode != 0:
                break
        return self.steps

    def _checkout(self, options: dict[str, str]) -> None:
        target = self.workspace / options.get("path", "")
        ref = options.get("ref") or self.event["github.event.pull_request.head.sha"]  # pull_request: the PR
        subprocess.run(["git", "clone", "-q", str(self.origin), str(target)], check=True, capture_output=True)
        git(target, "checkout", "-q", "--detach", ref)


@dataclass(frozen=True)
class PullRequest:
    workspace: Path
    origin: Path
    event: dict[str, str]

    def run(self, workflow: dict, job: str) -> list[Step]:
        self.workspace.mkdir(exist_ok=True)
        return Runner(self.workspace, self.origin, self.event).run(workflow["jobs"][job])

    @property
    def summary(self) -> str:
        path = self.workspace.parent / "summary.md"
        return path.read_text("utf-8") if path.exists() else ""


def noreply(login: str) -> dict[str, str]:
    email = f"1234+{login}@users.noreply.github.com"
    return {"GIT_AUTHOR_NAME": login, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_EMAIL": email}


def open_pull_request(repo: Path, tmp_path: Path, author: str, weaken: bool, number: int = 7) -> PullRequest:
    """On the `repo` fixture: the project's code committed on main (today), then a pull request by `author` that
    adds Sở B's report dated today and, with `weaken`, switches the rules off, adds a MkDocs hook and edits
    pyproject.toml."""
    git(repo, "checkout", "-q", "main")
    shutil.copytree(REPO / "generator", repo / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "pyproject.toml", repo / "pyproject.toml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the project's code")
    git(repo, "checkout", "-q", "-B", "pr")
    report = NEW_REPORT.replace("date: 2025-05-18", f"date: {vietnam_today().isoformat()}")
    with (repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write(report)
    if weaken:
        rules = repo / "generator" / "review" / "rules.py"
        text = rules.read_text("utf-8")
        assert WEAKENED in text
        rules.write_text(text.replace(WEAKENED, WEAKENED + "    return []\n"), "utf-8")
        (repo / "hook.py").write_text("open('HOOK-RAN', 'w').close()\n", "utf-8")
        with (repo / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write("hooks:\n  - hook.py\n")
        with (repo / "pyproject.toml").open("a", encoding="utf-8") as project:
            project.write("# the pull request's own packaging\n")
        workflow = repo / ".github" / "workflows" / "pull-request.yml"
        workflow.parent.mkdir(parents=True, exist_ok=True)
        workflow.write_text("on: pull_request\njobs: {}\n", "utf-8")  # a workflow that judges nothing
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "báo cáo", env=noreply(author))
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(origin)], check=True, capture_output=True)
    git(origin, "update-ref", f"refs/pull/{number}/head", git(repo, "rev-parse", "pr").strip())
    git(origin, "update-ref", "-d", "refs/heads/pr")  # a fork's branch: only refs/pull/N/head is in the base repo
    event = {
        "github.event.pull_request.base.sha": git(repo, "rev-parse", "main").strip(),
        "github.event.pull_request.head.sha": git(repo, "rev-parse", "pr").strip(),
        "github.event.pull_request.number": str(number),
        "github.event.pull_request.user.login": author,
    }
    return PullRequest(tmp_path / "work", origin, event)


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


# The shape of the workflow this project had before: the check installed and ran the pull request's own code.
NAIVE = {
    "jobs": {
        "check": {
            "env": {
                "BASE_SHA": "${{ github.event.pull_request.base.sha }}",
                "AUTHOR": "${{ github.event.pull_request.user.login }}",
            },
            "steps": [
                {"uses": "actions/checkout@v6", "with": {"fetch-depth": 0}},
                {"run": "python -m pip install -e ."},
                {"run": 'tracker check --no-cache --base "$BASE_SHA" --author "$AUTHOR"'},
            ],
        }
    }
}


def test_the_runner_shows_a_check_that_runs_the_pull_requests_code_is_defeated(repo, tmp_path):
    # The control: with the old workflow, the pull request's one-line change to the rules lets its report for
    # another agency through. If this passed for the wrong reason, the test below would prove nothing.
    pr = open_pull_request(repo, tmp_path, MEMBERS["demo-so-a"], weaken=True)
    steps = pr.run(NAIVE, "check")
    assert [s.code for s in steps] == [0], steps[-1].out


def test_rules_from_the_base_refuse_a_pull_request_that_weakens_them(repo, tmp_path):
    pr = open_pull_request(repo, tmp_path, MEMBERS["demo-so-a"], weaken=True)
    steps = pr.run(load("pull-request.yml"), "rules")
    assert [s.code for s in steps] == [0, 0, 1], steps[-1].out
    out = steps[-1].out
    assert "title=P002" in out and "demo-so-b" in out  # the report for another agency
    for path in (
        "generator/review/rules.py",
        "mkdocs.yml",
        "pyproject.toml",
        "hook.py",
        ".github/workflows/pull-request.yml",
    ):
        assert f"file={path},line=1,col=1,title=P003" in out  # and every file outside the ledger
    assert not list(tmp_path.rglob("HOOK-RAN"))  # nothing of the pull request ran
    assert not (pr.workspace / "base" / "hook.py").exists()  # nor was written out as a file
    assert "demo-ke-hoach/1.1" in pr.summary


def test_rules_from_the_base_pass_a_members_own_report(repo, tmp_path):
    pr = open_pull_request(repo, tmp_path, MEMBERS["demo-so-b"], weaken=False)
    steps = pr.run(load("pull-request.yml"), "rules")
    assert [s.code for s in steps] == [0, 0, 0], steps[-1].out
    said = "Sở B (demo): nhiệm vụ <code>demo-ke-hoach/1.1</code>: đang thực hiện → hoàn thành"
    assert said in pr.summary


def test_the_untrusted_build_runs_the_pull_requests_code_with_nothing_to_steal(repo, tmp_path):
    (repo / ".github").mkdir(exist_ok=True)
    git(repo, "checkout", "-q", "main")
    from generator.core.checks import check_repository
    from generator.review.codeowners import render_codeowners

    (repo / ".github" / "CODEOWNERS").write_text(render_codeowners(check_repository(repo)[0].registry), "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "codeowners")
    pr = open_pull_request(repo, tmp_path, MEMBERS["demo-so-b"], weaken=False)
    workflow = load("pull-request-build.yml")
    steps = pr.run(workflow, "build")
    assert [s.code for s in steps] == [0, 0], steps[-1].out
    assert (tmp_path / "runner-temp" / "site" / "data" / "tasks.json").exists()
    job = workflow["jobs"]["build"]
    assert workflow[True] == {"pull_request": {"branches": ["main"]}}  # never pull_request_target
    assert workflow["permissions"] == {} and job["permissions"] == {"contents": "read"}
    assert "secrets." not in (WORKFLOWS / "pull-request-build.yml").read_text("utf-8")


def test_the_trusted_job_never_checks_out_installs_or_caches_the_pull_request():
    workflow = load("pull-request.yml")
    assert set(workflow[True]) == {"pull_request_target"}
    job = workflow["jobs"]["rules"]
    assert workflow["permissions"] == {} and job["permissions"] == {"contents": "read"}
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert [s["with"]["ref"] for s in checkouts] == ["${{ github.event.pull_request.base.sha }}"]
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)
    text = (WORKFLOWS / "pull-request.yml").read_text("utf-8")
    assert "secrets." not in text and "actions/cache" not in text
    assert "head.sha" not in " ".join(s.get("run", "") for s in job["steps"])  # only through env: $HEAD_SHA


def test_every_action_is_pinned_to_a_full_commit_with_its_version():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text("utf-8").splitlines():
            if re.match(r"\s*(- )?uses:", line):
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), (path.name, line)


def test_every_checkout_drops_its_credentials():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in yaml.safe_load(path.read_text("utf-8"))["jobs"].values():
            assert "permissions" in job, (path.name, "permissions per job")
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, path.name


def test_zizmor_finds_nothing_in_the_workflows():
    binary = shutil.which("zizmor")
    assert binary, "zizmor is a test dependency (pyproject.toml [test])"
    result = subprocess.run(
        [binary, "--offline", "--persona=pedantic", str(WORKFLOWS)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
