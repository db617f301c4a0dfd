"""`tracker serve` serves the site and rebuilds it when a YAML file is saved."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

NEW_REPORT = """\
  - task: demo-ke-hoach/1.2
    agency: demo-so-b
    date: 2025-05-30
    status: in_progress
    note: Báo cáo mới trong lúc đang xem trang.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def served(html: str | None) -> str:
    """A page without the reload counters `mkdocs serve` writes into each build."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", html or "")


def wait_for(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}")


def _serve(repo):
    """`tracker serve` on the repository, as (repo, its address), stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}", "--today", "2025-06-01"],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield repo, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def server(demo_repo):
    yield from _serve(demo_repo)


def test_saving_the_ledger_updates_the_served_page(server):
    repo, base = server
    page = f"{base}/van-ban/demo-ke-hoach/"
    before = wait_for(page, "Số liệu tính đến ngày <strong>01/06/2025</strong>")
    assert "Báo cáo mới trong lúc đang xem trang" not in before
    summary = wait_for(f"{base}/du-lieu/", "tasks.csv")  # its Markdown does not change: its last HTML is reused
    with (repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write(NEW_REPORT)
    wait_for(page, "Báo cáo mới trong lúc đang xem trang")
    assert served(fetch(f"{base}/du-lieu/")) == served(summary)


def test_saving_a_directive_updates_its_page_and_its_agencies_pages(server):
    repo, base = server
    wait_for(f"{base}/van-ban/demo-ke-hoach/", "Nhiệm vụ thường xuyên của các sở.")
    source = repo / "directives" / "demo-ke-hoach.yaml"
    text = source.read_text("utf-8").replace("Nhiệm vụ thường xuyên của các sở.", "Nhiệm vụ thường xuyên, đã sửa.")
    source.write_text(text, "utf-8")
    wait_for(f"{base}/van-ban/demo-ke-hoach/", "Nhiệm vụ thường xuyên, đã sửa.")
    wait_for(f"{base}/co-quan/demo-so-a/", "Nhiệm vụ thường xuyên, đã sửa.")
    assert "Sở A (demo)" in wait_for(f"{base}/co-quan/", "Sở A (demo)")  # pages not rebuilt are still served


REPORT_FILE = "task: demo-ke-hoach/1.2\nagency: demo-so-b\ndate: 2025-05-30\nstatus: in_progress\nnote: {note}\n"
FOLDER = "reports/demo-ke-hoach/1.2"


@pytest.fixture
def server_with_reports(demo_repo):
    (demo_repo / FOLDER).mkdir(parents=True)
    (demo_repo / FOLDER / "2025-05-29-demo-so-b-090000-aaaa.yaml").write_text(
        REPORT_FILE.format(note="Báo cáo đầu tiên.").replace("05-30", "05-29"), "utf-8"
    )
    yield from _serve(demo_repo)


def test_saving_report_files_updates_the_served_pages(server_with_reports):
    """A report file saved, edited, then one with a mistake and its fix: each is applied alone (`core.refresh`), and
    the pages show what a full build would."""
    repo, base = server_with_reports
    page = f"{base}/van-ban/demo-ke-hoach/"
    wait_for(page, "Báo cáo đầu tiên.")
    new = repo / FOLDER / "2025-05-30-demo-so-b-090000-aaaa.yaml"
    new.write_text(REPORT_FILE.format(note="Báo cáo mới trong lúc đang xem trang."), "utf-8")
    wait_for(page, "Báo cáo mới trong lúc đang xem trang.")
    wait_for(f"{base}/co-quan/demo-so-b/", "Báo cáo mới trong lúc đang xem trang.")
    new.write_text(REPORT_FILE.format(note="Đã sửa báo cáo."), "utf-8")
    body = wait_for(page, "Đã sửa báo cáo.")
    assert "Báo cáo mới trong lúc đang xem trang." not in body
    new.write_text(REPORT_FILE.format(note="Sai đơn vị.").replace("demo-so-b", "demo-so-z"), "utf-8")
    time.sleep(3)  # the data now has an error: the page keeps what it showed
    assert "Sai đơn vị." not in (fetch(page) or "")
    new.write_text(REPORT_FILE.format(note="Đã sửa lại đơn vị."), "utf-8")
    wait_for(page, "Đã sửa lại đơn vị.")
