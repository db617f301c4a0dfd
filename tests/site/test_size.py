"""The site's pages stay small without hiding anything: every assignment is still reachable from its pages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator.core import addresses
from generator.core.checks import check_repository
from generator.core.progress import compute_progress
from generator.site import render, views

from conftest import DEMO


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
        assert f"tk-badge tk-{row.status.category.value}" in page
        assert "đơn vị đã hoàn thành" in page
        # The member's own page lists the assignment in full, with the group it came through.
        assert f"(../{addresses.item_link(row.item)})" in folded[addresses.agency_page(row.agency_id)]
        assert len(page) < len(unfolded[path])
    # Folding changes directive pages only.
    changed = {p for p in folded if folded[p] != unfolded[p]}
    assert changed and all(p.startswith("van-ban/") for p in changed)
