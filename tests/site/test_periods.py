"""A closed period's report keeps the figures it was published with: a report entered after the period closed,
though dated within it, is listed as a correction, not merged into the counts."""

from __future__ import annotations

from datetime import date

from generator.core.checks import check_repository
from generator.core.progress import compute_progress
from generator.site.render import page_plan

from conftest import REPO, make_repo

KON_TUM = "kon-tum-phong-chong-xam-hai-tre-em"
HALF = "bao-cao-dinh-ky/2025-6-thang.md"
LATE = f"""
  - task: {KON_TUM}/2.5
    agency: kon-tum-so-y-te
    date: 2025-05-10
    status: done
    note: Báo cáo giấy số 12/BC-SYT, nộp muộn.
    entered_by: office
    recorded: 2026-11-20
"""


def pages(tmp_path, name: str, report: str = ""):
    repo = make_repo(tmp_path / name, REPO)
    ledger = repo / "tasks.yaml"
    if report:
        ledger.write_text(ledger.read_text("utf-8").replace("reports: []", "reports:") + report, "utf-8")
    dataset, diagnostics = check_repository(repo)
    assert not diagnostics, diagnostics
    return page_plan(compute_progress(dataset, date(2026, 11, 22)))


def test_a_report_entered_after_its_period_closed_is_a_correction_not_a_new_figure(tmp_path):
    before = pages(tmp_path, "before")[HALF]()
    after = pages(tmp_path, "after", LATE)[HALF]()
    figures, _, corrections = after.partition("## Đính chính sau kỳ báo cáo")
    assert figures.rstrip() == before.rstrip()  # the published counts and overdue list, unchanged
    assert "Sở Y tế tỉnh Kon Tum" in corrections and f"{KON_TUM}/2.5" in corrections
    assert "10/05/2025" in corrections and "20/11/2026 (do Văn phòng nhập)" in corrections


def test_the_same_report_entered_in_time_counts(tmp_path):
    in_time = LATE.replace("    recorded: 2026-11-20\n", "    recorded: 2025-06-01\n")
    before = pages(tmp_path, "before")[HALF]()
    after = pages(tmp_path, "after", in_time)[HALF]()
    assert "Đính chính" not in after and after != before


def test_the_directive_page_says_the_office_entered_it(tmp_path):
    page = pages(tmp_path, "after", LATE)[f"van-ban/{KON_TUM}.md"]()
    assert "(do Văn phòng nhập ngày 20/11/2026)" in page
