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


def test_work_carried_over_is_counted_per_agency_and_each_assignment_is_reachable():
    """A report no longer lists the overdue work carried over from earlier periods: it counts it per agency. Each
    such assignment is on its agency's page, and, while the period runs (its figures are today's), on the overdue
    page too."""
    from generator.core.addresses import agency_page, item_link, period_page
    from generator.site.periods import period_bounds, period_report

    dataset, diagnostics = check_repository(REPO)
    assert not diagnostics
    progress = compute_progress(dataset, date(2026, 11, 22))
    plan = page_plan(progress)
    overdue = plan["qua-han.md"]().splitlines()
    carried = 0
    for slug, title, start, end in period_bounds(progress):
        if start > progress.today:
            continue
        period = period_report(progress, slug, title, start, end, compute=compute_progress)
        page = plan[period_page(slug)]()
        counts = period.carried_by_agency(dataset.registry)
        assert sum(n for _, n in counts) == len(period.carried)
        for agency_id, number in counts:
            assert f"(../{agency_page(agency_id)}) | {number} |" in page, (slug, agency_id)
        for row in period.carried:
            assert f"<code>{row.item.key}</code>" in plan[agency_page(row.agency_id)](), (slug, row.item.key)
            if period.as_of == progress.today:
                wanted = (agency_page(row.agency_id), item_link(row.item))
                assert any(all(w in line for w in wanted) for line in overdue), (slug, row.item.key)
            assert f"({'../' + item_link(row.item)})" not in page  # counted, not listed again
        carried += len(period.carried)
    assert carried >= 3  # the real data's three overdue deliverables, carried into 2026
