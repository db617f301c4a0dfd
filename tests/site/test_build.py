"""End to end: `tracker build` on a copy of the repository, in strict mode, and what the site then holds."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core import contract
from generator.core.status import Category
from generator.site.export import COLUMNS
from generator.site.open_tables import ASSIGNMENT_COLUMNS, TASK_COLUMNS

from conftest import DEMO, REPO, make_repo, tracker

KON_TUM = "kon-tum-phong-chong-xam-hai-tre-em"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("real") / "repo", REPO)
    result = tracker("build", "--today", "2026-11-22", cwd=repo)
    assert result.returncode == 0, result.stderr
    return repo / "site"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("demo") / "repo", DEMO)
    result = tracker("build", "--today", "2025-06-01", cwd=repo)
    assert result.returncode == 0, result.stderr
    return repo / "site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def document(site: Path) -> dict:
    return contract.as_objects(json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8")))


def rows(site: Path) -> list[dict]:
    """The assignments, each with every field of its task, agency and directive (version 2's shape)."""
    return list(contract.joined_rows(json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))))


def test_open_data_holds_every_task_with_its_agencies(real_site):
    data = rows(real_site)
    tasks = {(r["directive_id"], r["task_number"]) for r in data}
    assert len([t for t in tasks if t[0].startswith("gia-lai")]) == 15
    assert len([t for t in tasks if t[0] == KON_TUM]) == 9
    assert set(COLUMNS) <= set(data[0])
    assert {r["role"] for r in data} == {"lead", "cooperating", "requested"}
    police = [r for r in data if r["agency_id"] == "gia-lai-cong-an-tinh"]
    assert [(r["task_number"], r["role"]) for r in police] == [("4", "cooperating")]


def test_dated_kon_tum_deliverables_are_overdue(real_site):
    overdue = {(r["task_id"], r["deadline"], r["days_overdue"]) for r in rows(real_site) if r["status"] == "overdue"}
    assert overdue == {
        (f"{KON_TUM}/2.5", "2025-05-15", 556),
        (f"{KON_TUM}/2.6/6-thang", "2025-05-20", 551),
        (f"{KON_TUM}/2.6/ca-nam", "2025-11-20", 367),
    }
    assert {r["status"] for r in rows(real_site) if r["directive_id"].startswith("gia-lai")} == {"ongoing"}


def csv_text(site: Path, name: str = "assignments.csv") -> str:
    raw = (site / "data" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel then reads Vietnamese correctly
    return raw.decode("utf-8-sig")


def test_csv_has_the_same_rows_and_opens_in_excel(real_site):
    table = list(csv.DictReader(io.StringIO(csv_text(real_site))))
    assert list(table[0]) == list(ASSIGNMENT_COLUMNS)
    assert [(r["task_id"], r["agency_id"]) for r in table] == [(r["task_id"], r["agency_id"]) for r in rows(real_site)]
    assert any(r["agency_name"] == "Sở Y tế tỉnh Kon Tum" for r in table)
    items = list(csv.DictReader(io.StringIO(csv_text(real_site, "tasks.csv"))))
    assert list(items[0]) == list(TASK_COLUMNS)
    assert [r["task_id"] for r in items] == [t["task_id"] for t in document(real_site)["tasks"]]


def test_every_page_says_the_day_its_figures_are_for(real_site):
    pages = ["", "qua-han", "co-quan", "van-ban", "du-lieu", f"van-ban/{KON_TUM}", "co-quan/kon-tum-so-y-te"]
    for path in pages:
        assert "Số liệu tính đến ngày <strong>22/11/2026</strong>" in page(real_site, path), path


def test_pages_leave_out_what_serves_nothing_here(real_site):
    """Material's script for content tabs (there are none) and its generator tag: on no page (shell.py)."""
    for path in ["", "qua-han", f"van-ban/{KON_TUM}", "co-quan/kon-tum-so-y-te"]:
        html = page(real_site, path)
        assert "__tabbed_" not in html and 'name="generator"' not in html, path


def test_dashboard_lists_the_overdue_with_days_and_links_to_the_task(real_site):
    html = page(real_site, "")
    assert 'class="tk-overdue">Quá hạn</span>' in html
    assert f'href="van-ban/{KON_TUM}/#nv-2-5"' in html
    for days in (556, 551, 367):
        assert re.search(rf"<td>{days}(<t|</t)", html), days  # a cell of its own (its end tag left out)


def test_directive_page_has_stable_task_anchors_and_its_metadata(real_site):
    html = page(real_site, f"van-ban/{KON_TUM}")
    for anchor in ("nv-1-1", "nv-2-5", "nv-2-6", "nv-2-6-6-thang", "nv-2-6-ca-nam"):
        assert f'id="{anchor}"' in html
    assert "1871/QCPH-LĐTBXH-YT-TP-GDDT-TTTT-CA-VKSND-TAND" in html
    assert "chưa rõ (văn bản gốc không ghi)" in html
    assert "các địa phương, đơn vị có liên quan" in html


def test_agency_page_lists_overdue_first(real_site):
    html = page(real_site, "co-quan/kon-tum-so-y-te")
    statuses = "|".join(c.value for c in Category)
    badges = re.findall(rf'<span class="tk-({statuses})"', html.split('id="nhiem-vu"', 1)[1])
    first_other = next(i for i, b in enumerate(badges) if b != "overdue")
    assert badges[:first_other] == ["overdue"] * 3
    assert "overdue" not in badges[first_other:]


def test_navigation_lists_only_the_index_pages(real_site):
    for path in ("", "co-quan/kon-tum-so-y-te", "huong-dan-bao-cao"):  # the tabs; the last has a menu as well
        html = page(real_site, path)
        nav = html.split('data-md-component="tabs"', 1)[1].split('class="md-content"', 1)[0]  # tabs, and any menu
        assert "co-quan/kon-tum-so-y-te" not in nav.replace('href="./"', "") and KON_TUM not in nav


def test_as_of_may_first_2025_nothing_is_overdue(tmp_path):
    repo = make_repo(tmp_path / "repo", REPO)
    assert tracker("build", "--today", "2025-05-01", cwd=repo).returncode == 0
    dated = [r for r in rows(repo / "site") if r["deadline"]]
    assert len(dated) == 3 and {r["status"] for r in dated} <= {"in_progress", "due_soon"}


def test_reports_history_evidence_extensions_and_groups(demo_site):
    html = page(demo_site, "van-ban/demo-ke-hoach")
    assert "Lịch sử báo cáo" in html
    assert 'href="https://example.org/bao-cao.pdf"' in html
    assert "30/06/2025 (gia hạn từ 31/03/2025)" in html
    assert "1/2 đơn vị đã hoàn thành" in html
    assert 'class="tk-blocked">Vướng mắc' in html
    data = {(r["task_id"], r["agency_id"]): r for r in rows(demo_site)}
    extended = data["demo-ke-hoach/2.2", "demo-so-a"]
    assert (extended["deadline"], extended["original_deadline"]) == ("2025-06-30", "2025-03-31")
    assert data["demo-ke-hoach/1.1", "demo-so-b"]["blocked"] is True
    assert data["demo-ke-hoach/2.1/6-thang", "demo-so-a"]["status"] == "done_late"
    assert data["demo-ke-hoach/3", "demo-cac-xa"]["role"] == "requested"


def test_broken_data_leaves_the_previous_site_untouched(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    assert tracker("build", "--today", "2025-06-01", cwd=repo).returncode == 0
    before = {p: p.read_bytes() for p in (repo / "site").rglob("*") if p.is_file()}
    ledger = repo / "tasks.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("2025-05-10", "2025-02-31"), encoding="utf-8")
    result = tracker("build", "--today", "2025-07-01", cwd=repo)
    assert result.returncode == 1
    assert "tasks.yaml:" in result.stderr and "S005" in result.stderr and "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in (repo / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in repo.iterdir() if p.name.startswith(".site-")]


def test_a_second_build_replaces_the_first(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    assert tracker("build", "--today", "2025-06-01", cwd=repo).returncode == 0
    result = tracker("build", "--today", "2025-07-01", cwd=repo)
    assert result.returncode == 0, result.stderr
    data = json.loads((repo / "site" / "data" / "tasks.json").read_text("utf-8"))
    assert data["as_of"] == "2025-07-01"
    assert {row["as_of"] for row in csv.DictReader(io.StringIO(csv_text(repo / "site")))} == {"2025-07-01"}
    assert [p.name for p in repo.iterdir() if p.name.startswith(".site")] == []  # nothing left beside it


def test_plain_mkdocs_build_uses_the_plugin(tmp_path):
    repo = make_repo(tmp_path / "repo", REPO)
    env = {**os.environ, "TRACKER_TODAY": "2026-11-22"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len(rows(repo / "site")) > 0


def test_bad_today_is_refused_with_a_message(real_repo):
    result = tracker("build", "--today", "2026-02-30", cwd=real_repo)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_the_office_can_override_a_template(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    (repo / "overrides").mkdir()
    (repo / "overrides" / "data.md.j2").write_text("# Dữ liệu\n\nBản riêng của Văn phòng, {{ today|vndate }}.\n")
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("      data_dir: .", "      data_dir: .\n      templates: overrides")
    )
    assert tracker("build", "--today", "2025-06-01", cwd=repo).returncode == 0
    assert "Bản riêng của Văn phòng, 01/06/2025." in page(repo / "site", "du-lieu")
    assert "Tổng quan tiến độ" in page(repo / "site", "")


def test_each_task_opens_the_report_form_which_knows_the_repository(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "ubnd-demo/theo-doi"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--today", "2025-06-01"],
        cwd=repo,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    html = page(repo / "site", "van-ban/demo-ke-hoach")
    # one per tracked item: 1.1, 1.2, 2.1 (two deliverables), 2.2, 2.3 (four quarters), 3
    assert html.count('<a href="../../bao-cao/?nv=demo-ke-hoach/') == 10
    assert "<code>demo-ke-hoach/2.1/ca-nam</code>" in html
    assert 'href="../../huong-dan-bao-cao/"' in html
    form = page(repo / "site", "bao-cao")
    assert 'data-new-file="https://github.com/ubnd-demo/theo-doi/new/main"' in form
    assert "issues/new?template=bao-cao.yml" in form


def test_without_a_repository_address_there_is_no_edit_link(demo_site):
    assert "/edit/main/tasks.yaml" not in page(demo_site, "van-ban/demo-ke-hoach")
    html = page(demo_site, "van-ban/demo-ke-hoach")
    assert "mã nhiệm vụ để báo cáo" in html and "<strong>Mã:</strong> <code>demo-ke-hoach/1.1</code>" in html


def test_a_directive_page_lists_only_the_latest_reports_of_an_assignment(tmp_path):
    from datetime import date, timedelta

    from generator.site.views import REPORTS_SHOWN

    repo = make_repo(tmp_path / "repo", DEMO)
    many = REPORTS_SHOWN + 7
    reports = "".join(
        f"  - task: demo-ke-hoach/1.2\n    agency: {agency}\n    date: {date(2024, 1, 1) + timedelta(days=n)}\n"
        f"    status: in_progress\n    note: {agency} số {n}.\n"
        for agency, count in (("demo-so-a", many), ("demo-so-b", 3))
        for n in range(count)
    )
    with (repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write(reports)
    assert tracker("build", "--today", "2025-06-01", cwd=repo).returncode == 0
    page = (repo / "site" / "van-ban" / "demo-ke-hoach" / "index.html").read_text("utf-8")
    shown = [n for n in range(many) if f"demo-so-a số {n}." in page]
    assert shown == list(range(many - REPORTS_SHOWN, many))  # the latest, and only those
    assert all(f"demo-so-b số {n}." in page for n in range(3))  # another agency's few, all shown
    assert "… 7 báo cáo cũ hơn không hiện ở đây" in page and f"Lịch sử báo cáo ({many + 3})" in page
