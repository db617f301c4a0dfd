"""A build stopped half-way leaves nothing behind: no renderer process, no staging folder beside the site, no
temp folder. SIGTERM cleans up at once; after SIGKILL the renderer exits by itself and the next build clears the
folders. The build is a real `tracker build` of a synthetic repository, large enough to be stopped mid-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.synth import write_dataset

from conftest import make_repo

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("interrupted") / "repo", Path("/nonexistent"))
    write_dataset(repo, 400)
    return repo


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return fields[0], int(fields[1])


def children(pid: int) -> list[int]:
    return [
        int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and (_stat(int(p.name)) or ("", 0))[1] == pid
    ]


def running(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has ended, only its exit status is left


def start_build(repo: Path, temp: Path) -> tuple[subprocess.Popen, int]:
    """A `tracker build`, and its renderer once it has forked (then the staging and temp folders exist too).

    What it prints goes to a file, not a pipe: a renderer that outlived the build would hold a pipe open for ever."""
    env = {**os.environ, "TMPDIR": str(temp)}
    env.pop("TRACKER_TODAY", None)
    with (temp / "build.err").open("w") as err:
        build = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--today", "2026-11-22"],
            cwd=repo,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    for _ in range(6000):  # polls until the renderer is there; the bound only keeps a broken build from hanging
        renderers = children(build.pid)
        if renderers or build.poll() is not None:
            break
        time.sleep(0.01)
    assert build.poll() is None and len(renderers) == 1, "the build ended before its renderer could be seen"
    return build, renderers[0]


def wait_until_ended(pid: int) -> bool:
    for _ in range(3000):
        if not running(pid):
            return True
        time.sleep(0.01)
    return not running(pid)


def leftovers(repo: Path, temp: Path) -> list[str]:
    return sorted([p.name for p in repo.glob(".site-*")] + [p.name for p in temp.glob("tracker-*")])


@pytest.fixture(autouse=True)
def no_orphans(tmp_path):
    """Whatever a failing test leaves running is ended, so that the next test (and the machine) is not slowed."""
    yield
    for stat in Path("/proc").iterdir():
        try:
            if stat.name.isdigit() and str(tmp_path) in (stat / "environ").read_text(errors="replace"):
                os.kill(int(stat.name), signal.SIGKILL)
        except OSError:
            pass


def test_after_sigkill_the_renderer_exits_and_the_next_build_clears_the_folders(synthetic, tmp_path):
    build, renderer = start_build(synthetic, tmp_path)
    build.kill()
    build.wait()
    assert wait_until_ended(renderer), f"renderer {renderer} outlived its build"
    left = leftovers(synthetic, tmp_path)
    assert [n for n in left if n.startswith(".site-")] and [n for n in left if n.startswith("tracker-")], left

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    again = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--today", "2026-11-22"],
        cwd=synthetic,
        env=env,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert leftovers(synthetic, tmp_path) == []
    assert (synthetic / "site" / "index.html").exists()


def test_sigterm_cleans_up_before_the_build_exits(synthetic, tmp_path):
    build, renderer = start_build(synthetic, tmp_path)
    build.send_signal(signal.SIGTERM)
    build.wait()
    err = (tmp_path / "build.err").read_text()
    assert build.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "Lỗi nội bộ" not in err, err
    assert wait_until_ended(renderer)
    assert leftovers(synthetic, tmp_path) == []


def test_the_folders_of_a_running_build_are_left_alone(tmp_path):
    from generator.core.leftovers import fresh_folder, remove_stale

    alive = tmp_path / f"tracker-{os.getppid()}-abc"  # our parent is running
    alive.mkdir()
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f"tracker-{int(ended.stdout)}-xyz"
    dead.mkdir()
    other = tmp_path / "tracker-notes"  # not one of ours
    other.mkdir()
    mine = fresh_folder(tmp_path, "tracker-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name, mine.name])
    # A folder named by this very process that it is not using: a container starts every run with the same pids.
    assert remove_stale(tmp_path, "tracker-") == [mine]
