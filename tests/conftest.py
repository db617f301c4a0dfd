from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "tests" / "fixtures" / "demo"
SITE_FILES = ("mkdocs.yml", "docs")
DATA_FILES = ("agencies.yaml", "directives", "tasks.yaml")


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


def tracker(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a user would, and capture what it prints."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", DEMO)


@pytest.fixture
def real_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", REPO)
