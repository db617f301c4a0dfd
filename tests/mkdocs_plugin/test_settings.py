"""One route for settings: mkdocs.yml read as MkDocs reads it, and `--today` winning over it everywhere."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from test_serve import free_port, wait_for

from generator.core.settings import SettingsError, resolve_today
from generator.mkdocs_plugin.config import load_settings

from conftest import tracker

AS_OF = re.compile(r"Số liệu tính đến ngày <strong>(\d\d/\d\d/\d{4})</strong>")


def configure(repo: Path, options: str = "", top: str = "") -> None:
    config = repo / "mkdocs.yml"
    text = config.read_text("utf-8").replace("      branch: main\n", f"      branch: main\n{options}", 1)
    config.write_text(top + text, "utf-8")


def as_of(site: Path) -> str:
    return AS_OF.search((site / "index.html").read_text("utf-8")).group(1)


def test_today_in_mkdocs_yml_is_used_by_build(demo_repo):
    configure(demo_repo, "      today: 2025-06-01\n")
    assert tracker("build", cwd=demo_repo).returncode == 0
    assert as_of(demo_repo / "site") == "01/06/2025"


def test_today_on_the_command_line_wins_over_mkdocs_yml_in_build(demo_repo):
    configure(demo_repo, "      today: '2025-06-01'\n")  # quoted: a string, as MkDocs' !ENV gives one
    result = tracker("build", "--today", "2025-07-15", cwd=demo_repo)
    assert result.returncode == 0, result.stderr
    assert as_of(demo_repo / "site") == "15/07/2025"
    assert "2025-07-15" in result.stdout  # the message names the day the figures are for


def test_today_on_the_command_line_wins_over_mkdocs_yml_in_serve(demo_repo):
    configure(demo_repo, "      today: 2025-06-01\n")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}", "--today", "2025-07-15"],
        cwd=demo_repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", "Số liệu tính đến ngày <strong>15/07/2025</strong>")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_env_tags_in_mkdocs_yml_work_for_build_and_remind(demo_repo):
    configure(demo_repo, top="site_url: !ENV [DEMO_SITE_URL, 'https://vidu.gov.vn/theo-doi/']\n")
    env = {"DEMO_SITE_URL": "https://tinh.example.gov.vn/nhiem-vu/"}
    assert tracker("build", "--today", "2025-06-01", cwd=demo_repo, env=env).returncode == 0
    feed = (demo_repo / "site" / "data" / "bao-cao-moi.atom").read_text("utf-8")
    assert "https://tinh.example.gov.vn/nhiem-vu/van-ban/" in feed
    result = tracker("remind", "--dry-run", "--today", "2025-06-01", cwd=demo_repo, env=env)
    assert result.returncode == 0, result.stderr
    assert "https://tinh.example.gov.vn/nhiem-vu/van-ban/demo-ke-hoach/#" in result.stdout


def test_a_missing_templates_folder_is_an_error_not_ignored(demo_repo):
    configure(demo_repo, "      templates: overides\n")
    before = (demo_repo / "site").exists()
    result = tracker("build", "--today", "2025-06-01", cwd=demo_repo)
    assert result.returncode == 1
    assert "không có thư mục `overides`" in result.stderr
    assert "Traceback" not in result.stderr
    assert (demo_repo / "site").exists() == before
    result = tracker("remind", "--dry-run", cwd=demo_repo)
    assert result.returncode == 2 and "overides" in result.stderr


def test_an_existing_templates_folder_replaces_a_template(demo_repo):
    (demo_repo / "overrides").mkdir()
    (demo_repo / "overrides" / "data.md.j2").write_text("# Dữ liệu của Văn phòng\n", "utf-8")
    configure(demo_repo, "      templates: overrides\n")
    assert tracker("build", "--today", "2025-06-01", cwd=demo_repo).returncode == 0
    assert "Dữ liệu của Văn phòng" in (demo_repo / "site" / "du-lieu" / "index.html").read_text("utf-8")


def test_precedence_of_today():
    assert resolve_today(date(2025, 1, 2), "2025-03-04", "2025-05-06") == date(2025, 1, 2)
    assert resolve_today(None, "2025-03-04", "2025-05-06") == date(2025, 3, 4)
    assert resolve_today(None, None, "2025-05-06") == date(2025, 5, 6)
    with pytest.raises(SettingsError, match="TRACKER_TODAY"):
        resolve_today(None, "2025-13-01", None)


def test_settings_are_read_with_mkdocs_own_loader(demo_repo, monkeypatch):
    configure(demo_repo, top="repo_url: !ENV [DEMO_REPO, 'https://github.com/x/y']\n")
    monkeypatch.setenv("DEMO_REPO", "https://github.com/a/b")
    settings = load_settings(demo_repo / "mkdocs.yml", date(2025, 6, 1), {})
    assert settings.repository == "https://github.com/a/b"
    assert settings.root == demo_repo.resolve() and settings.today == date(2025, 6, 1)
