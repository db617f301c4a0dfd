"""The site's pages stay small without hiding anything: every assignment is still reachable from its pages."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from generator.core import addresses
from generator.core.checks import check_repository
from generator.core.model import Reported
from generator.core.progress import compute_progress
from generator.site import render, views

from conftest import DEMO, REPO


@pytest.fixture(scope="module")
def progress():
    dataset, _ = check_repository(DEMO)
    return compute_progress(dataset, date(2025, 6, 1))


def links_to(markdown: str) -> set[str]:
    return set(re.findall(r"\]\(\.\./(co-quan/[^)]+)\)", markdown))


def test_a_large_group_shows_one_line_of_progress_and_each_member_by_status(progress, monkeypatch):
    grouped = [r for r in progress.rows if r.via_group]
    assert grouped, "the demo data gives a task to a group with members"
    unfolded = render.render_pages(progress)
    monkeypatch.setattr(views, "GROUP_ROWS", 1)
    folded = render.render_pages(progress)
    for row in grouped:
        path = addresses.directive_page(row.item.directive.id)
        page = folded[path]
        # The member is still named and linked on the directive's page, under its status, and no longer has a row.
        assert addresses.agency_page(row.agency_id) in links_to(page)
        assert re.search(r'class="tk-members"', page)
        assert f'<span class="tk-{row.status.category.value}"' in page
        assert "đơn vị đã hoàn thành" in page
        # The member's own page lists the assignment in full, with the group it came through.
        assert f"(../{addresses.item_link(row.item)})" in folded[addresses.agency_page(row.agency_id)]
        assert len(page) < len(unfolded[path])
    # Folding changes directive pages only.
    changed = {p for p in folded if folded[p] != unfolded[p]}
    assert changed and all(p.startswith("van-ban/") for p in changed)


def test_every_assignment_stays_listed_on_its_agency_page_and_named_on_its_directive_page(progress, monkeypatch):
    monkeypatch.setattr(views, "GROUP_ROWS", 0)  # fold every group, however small
    pages = render.render_pages(progress)
    assert progress.rows
    for row in progress.rows:
        assert f"(../{addresses.item_link(row.item)})" in pages[addresses.agency_page(row.agency_id)]
        assert addresses.agency_page(row.agency_id) in links_to(pages[addresses.directive_page(row.item.directive.id)])


def test_folding_leaves_the_open_data_as_it_was(progress, monkeypatch):
    from generator.site.export import open_data

    before = open_data(progress, "https://theo-doi.example/")
    monkeypatch.setattr(views, "GROUP_ROWS", 0)
    render.render_pages(progress)
    assert open_data(progress, "https://theo-doi.example/") == before
    assert {"data/tasks.json", "data/tasks.csv"} <= set(before)


def test_aligned_columns_are_named_once_on_the_table_not_on_each_cell():
    import markdown

    html = markdown.markdown(
        "| a | b | c | d |\n|---|--:|:-:|--:|\n| x | 1 | y | 2 |\n| z | 3 | w | 4 |\n",
        extensions=["tables", "generator.site.markdown_tables"],
    )
    assert "style=" not in html and "class=" not in html
    assert '<table data-c="3" data-r="2 4">' in html
    assert "<td>x<td>1<td>y<td>2<tr><td>z" in html


def test_markup_leaves_out_optional_end_tags_and_breaks_between_blocks_but_not_in_pre_textarea_or_script():
    from generator.site.markdown_tables import compact

    html = (
        '<div class="tk-fold-next" data-fold="2 5" hidden></div>\n\n<table data-r="2">\n<tr>\n<td>a</td>\n'
        "<td>b</td>\n</tr>\n</table>\n<ul>\n<li>x <em>y</em>\nz</li>\n</ul>\n"
        "<pre><code></td>\n</li></code></pre>\n<textarea></li>\n</textarea><script>a('</tr>')\n</script>"
    )
    assert compact(html) == (
        '<table data-fold="2 5" data-r="2"><tr><td>a<td>b</table><ul><li>x <em>y</em>\nz</ul>'
        "<pre><code></td>\n</li></code></pre>\n<textarea></li>\n</textarea><script>a('</tr>')\n</script>"
    )
    assert compact("<p>a\nb</p>\n<p>c</p>") == "<p>a\nb</p><p>c</p>"  # a break inside text is a space: kept


def test_the_stylesheet_aligns_every_column_a_table_may_name():
    from generator.site.markdown_tables import COLUMNS

    css = (REPO / "docs" / "assets" / "tracker.css").read_text("utf-8")
    for name, side in (("data-r", "right"), ("data-c", "center")):
        rule = re.search(rf"((?:[^{{}}]*{name}[^{{}}]*))\{{ text-align: {side}; \}}", css)
        assert rule, name
        assert [
            int(n) for n in re.findall(rf'{name}~="(\d+)"\] :is\(td, th\):nth-child\((\d+)\)', rule[1]) for n in n
        ] == [n for n in range(1, COLUMNS + 1) for _ in (0, 1)]


def test_the_stylesheet_draws_every_status_as_a_badge_on_screen_and_in_print():
    """A badge is its status's class alone (`render.badge`): a status the stylesheet did not list would be bare text."""
    from generator.core.status import Category

    css = (REPO / "docs" / "assets" / "tracker.css").read_text("utf-8")
    screen, printed = css.split("@media print", 1)
    for part, declaration in ((screen, "display: inline-block;"), (printed, "border: 1px solid #000;")):
        selectors = re.search(rf"([^{{}}]*)\{{[^{{}}]*{re.escape(declaration)}", part)
        assert selectors, declaration
        assert sorted(re.findall(r"\.tk-(\w+)", selectors[1])) == sorted(c.value for c in Category)


def overdue_lines(markdown: str) -> list[tuple[str, str]]:
    """The overdue table's rows of a page: (agency page, item link) of each."""
    return re.findall(r"^\| \[[^]]*\]\(\.*/?(co-quan/[^)]+)\) \| \[[^]]*\]\(\.*/?(van-ban/[^)]+)\) \|", markdown, re.M)


def test_a_long_overdue_list_is_split_by_month_and_every_overdue_assignment_is_on_one_page(progress, monkeypatch):
    from generator.site import overdue

    late = views.overdue_rows(progress)
    assert len(late) >= 2, "the demo data has overdue work"
    whole = render.render_pages(progress)
    assert len(overdue_lines(whole["qua-han.md"])) == len(late)  # short enough: one page, as it was
    monkeypatch.setattr(overdue, "OVERDUE_PAGE_ROWS", 0)
    pages = render.render_pages(progress)
    months = overdue.months(late)
    assert months and {m.page for m in months} <= set(pages)
    listed = [line for m in months for line in overdue_lines(pages[m.page])]
    wanted = [(addresses.agency_page(r.agency_id), addresses.item_link(r.item)) for r in late]
    assert sorted(listed) == sorted(wanted)  # each overdue assignment on exactly one month's page
    index = pages["qua-han.md"]
    counts = [int(n) for n in re.findall(r"^\| \[Tháng [^]]+\]\([^)]+\) \| (\d+) \|$", index, re.M)]
    assert counts == [len(m.rows) for m in months] and sum(counts) == len(late)
    assert f"**{len(late)}**" in index and not overdue_lines(index)
    for month in months:
        assert all(r.item.deadline and f"{r.item.deadline:%Y-%m}" == month.slug for r in month.rows)
        assert "(../qua-han.md)" in pages[month.page]


def test_the_reporting_guide_is_linked_once_a_page_and_every_item_keeps_its_action(progress):
    pages = render.render_pages(progress)
    for directive in progress.dataset.directives:
        page = pages[addresses.directive_page(directive.id)]
        assert page.count("huong-dan-bao-cao.md") == 1
        for item in progress.items_by_directive[directive.id]:
            assert f"<code>{item.key}</code> · [Báo cáo](" in page
        assert page.count("[Báo cáo](") == len(progress.items_by_directive[directive.id])


def test_an_agency_page_lists_its_done_work_as_short_lines_and_the_rest_as_rows(progress):
    """Done assignments leave the table (they need no report action) for one line each under their kind of done,
    with the directive, the deadline, how late and the latest report's day; the work still to do keeps its row."""
    pages = render.render_pages(progress)
    done = [r for r in progress.rows if r.status.category.is_done]
    assert done and any(not r.status.category.is_done for r in progress.rows)
    for row in progress.rows:
        page = pages[addresses.agency_page(row.agency_id)]
        table, _, rest = page.partition("## Đã hoàn thành")
        link = f"(../{addresses.item_link(row.item)})"
        if not row.status.category.is_done:
            assert re.search(rf"^\| .*{re.escape(link)}.*\|$", table, re.M), row
            continue
        line = next(x for x in rest.splitlines() if link in x)
        assert line.startswith("- [")
        heading = rest.split(line)[0].rsplit("**", 2)[-2]
        assert heading.startswith(row.status.category.label + ": ")
        assert f") · {row.item.directive.number} · " in line or line.endswith(f") · {row.item.directive.number}")
        if row.item.deadline:
            assert f"hạn {row.item.deadline:%d/%m/%Y}" in line
        if row.status.days_overdue:
            assert f"trễ {row.status.days_overdue} ngày" in line
        assert f"báo cáo {row.status.latest.date:%d/%m/%Y}" in line
        assert link not in table


def test_each_report_of_an_item_is_its_own_item_of_the_history(progress):
    """A report's line ends in a condition (its note): the line break after it must stay, or the next report runs
    into it as text ("… Đang tổng hợp.    - **…**")."""
    page = render.render_pages(progress)[addresses.directive_page("demo-ke-hoach")]
    history = [line.strip() for line in page.splitlines() if line.strip().startswith("- **")]
    reports = [r for r in progress.dataset.reports if r.task.startswith("demo-ke-hoach/") and r.date <= progress.today]
    assert len(history) == len(reports) > 1
    assert all(line.count("- **") == 1 for line in history)
    assert any(line.strip().startswith("- Minh chứng:") for line in page.splitlines())


def test_only_a_badge_the_script_may_re_flag_carries_its_deadline(progress):
    """The script turns a badge overdue when the reader's day has passed its deadline: a badge overdue already, or
    done, has nothing to turn and carries no deadline; every dated open one still does."""
    pages = render.render_pages(progress)
    overdue = [r for r in progress.rows if r.status.category.value == "overdue"]
    waiting = [r for r in progress.rows if r.item.deadline and r.status.category.value in ("in_progress", "due_soon")]
    assert overdue and waiting
    for text in pages.values():
        assert not re.search(r'"tk-(overdue|done\w*)" data-deadline', text)
    for row in waiting:
        badge = f'<span class="tk-{row.status.category.value}" data-deadline="{row.item.deadline}">'
        assert badge in pages[addresses.agency_page(row.agency_id)]


def test_the_overdue_list_names_a_task_once_with_every_agency_late_on_it():
    """On 1 September 2025 two of the demo's tasks are overdue for two agencies each: one line each, naming both,
    and every overdue assignment is still named on the line of its task."""
    dataset, _ = check_repository(DEMO)
    later = compute_progress(dataset, date(2025, 9, 1))
    overdue = views.overdue_rows(later)
    keys = [r.item.key for r in overdue]
    assert len(set(keys)) < len(keys), "some task is overdue for more than one agency"
    page = render.render_pages(later)["qua-han.md"]
    lines = [x for x in page.splitlines() if x.startswith("| [")]
    assert len(lines) == len(set(keys))
    for row in overdue:
        line = next(x for x in lines if f"]({addresses.item_link(row.item)})" in x)
        assert f"]({addresses.agency_page(row.agency_id)})" in line.split(" | ")[0]
        assert f" | {row.status.days_overdue} | " in line
    shared = next(x for x in lines if x.split(" | ")[0].count("](co-quan/") == 2)
    assert shared.endswith(" | chưa báo cáo lần nào |")  # neither of the two has reported


def test_a_report_history_names_the_agency_once_per_run_of_its_reports():
    """Sở B reports, then Sở A twice: Sở A is named on the first of its two lines, not on the second."""
    dataset, _ = check_repository(DEMO)
    first = next(r for r in dataset.reports if r.task == "demo-ke-hoach/1.1" and r.agency == "demo-so-a")
    again = dataclasses.replace(first, date=date(2025, 5, 20), note="Bổ sung.", evidence=())
    dataset = dataclasses.replace(dataset, reports=(*dataset.reports, again))
    page = render.render_pages(compute_progress(dataset, date(2025, 6, 1)))["van-ban/demo-ke-hoach.md"]
    history = re.findall(r"^    - \*\*(\d\d/05/2025)\*\*(, [^:]+)?:", page, re.M)
    assert history[:3] == [("01/05/2025", ", Sở B (demo)"), ("10/05/2025", ", Sở A (demo)"), ("20/05/2025", "")]


def test_an_overdue_line_names_who_is_blocked_and_counts_who_never_reported():
    """Of the two agencies late on 2.2 on 1 September 2025, Sở A reported it is blocked and Công an never reported:
    the line names Sở A as blocked and counts one of two as never reported."""
    dataset, _ = check_repository(DEMO)
    model = next(r for r in dataset.reports if r.agency == "demo-so-a")
    stuck = dataclasses.replace(
        model,
        task="demo-ke-hoach/2.2",
        date=date(2025, 8, 1),
        status=Reported.IN_PROGRESS,
        completed=None,
        blocked=True,
        difficulties="Thiếu kinh phí.",
        evidence=(),
    )
    later = compute_progress(dataclasses.replace(dataset, reports=(*dataset.reports, stuck)), date(2025, 9, 1))
    late = {r.agency_id for r in views.overdue_rows(later) if r.item.key == "demo-ke-hoach/2.2"}
    assert late == {"demo-so-a", "demo-cong-an"}
    page = render.render_pages(later)["qua-han.md"]
    line = next(x for x in page.splitlines() if "](van-ban/demo-ke-hoach.md#nv-2-2)" in x)
    assert line.endswith(' | <span class="tk-blocked">Vướng mắc</span>: Sở A (demo); 1/2 đơn vị chưa báo cáo lần nào |')
