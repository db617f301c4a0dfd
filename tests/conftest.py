from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "tests" / "fixtures" / "demo"
SITE_FILES = ("mkdocs.yml", "docs")
DATA_FILES = ("agencies.yaml", "directives", "tasks.yaml")

# The commands the tests run by name (`tracker` in the workflows' steps, `actionlint`) are this environment's, as if
# it were activated: `make test` runs `.venv/bin/python -m pytest`, and another `tracker` may be on the PATH.
os.environ["PATH"] = os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", "")))


def copy_tree(source: Path, target: Path, names: tuple[str, ...]) -> None:
    for name in names:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, dirs_exist_ok=True)
        elif path.exists():
            shutil.copy2(path, target / name)


def make_repo(target: Path, data: Path = REPO) -> Path:
    """A repository folder with the project's site configuration and the data of `data`."""
    target.mkdir(parents=True, exist_ok=True)
    copy_tree(REPO, target, SITE_FILES)
    copy_tree(data, target, DATA_FILES)
    return target


def tracker(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a user would, and capture what it prints."""
    # Not PYTHONUNBUFFERED either: a user's output to a pipe is buffered, and must still all come out.
    ambient = ("GITHUB_REPOSITORY", "GITHUB_TOKEN", "TRACKER_TODAY", "TRACKER_SMTP_HOST", "PYTHONUNBUFFERED")
    env = {**{k: v for k, v in os.environ.items() if k not in ambient}, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


MEMBERS = {"demo-so-a": "le-a", "demo-so-b": "tran-b"}  # GitHub accounts given to the demo agencies
NEW_REPORT = """\
  - task: demo-ke-hoach/1.1
    agency: demo-so-b
    date: 2025-05-18
    status: done
    note: Đã hoàn thành.
"""


# The `repo` fixture's base commit is made the day before NEW_REPORT is dated: a new report may not be dated before
# its pull request's base commit (P005), and the tests that add it check with `--today` = its date.
BASE_DATE = {"GIT_COMMITTER_DATE": "2025-05-17T09:00:00+07:00", "GIT_AUTHOR_DATE": "2025-05-17T09:00:00+07:00"}
REPORT_DAY = "2025-05-18"


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full = {**os.environ, **env} if env else None
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=full).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose base commit is the demo data with GitHub accounts, on branch `main`."""
    repo = make_repo(tmp_path / "repo", DEMO)
    registry = repo / "agencies.yaml"
    text = registry.read_text("utf-8").replace("groups:\n", "maintainers: [vp-office, org/van-phong]\ngroups:\n", 1)
    for agency, login in MEMBERS.items():
        text = text.replace(f"  - id: {agency}\n", f"  - id: {agency}\n    github: [{login}, org/{agency}]\n")
    registry.write_text(text, "utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "user.name", "Test")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base", env=BASE_DATE)
    git(repo, "checkout", "-q", "-b", "pr")
    return repo


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", DEMO)


@pytest.fixture
def real_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", REPO)
