"""The two real directives: every task, agency, role and deadline the text gives, and their status."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.core.checks import check_repository
from generator.core.progress import compute_progress
from generator.core.status import Category

REPO = Path(__file__).resolve().parents[2]
GIA_LAI = "gia-lai-tre-em-hoan-canh-dac-biet"
KON_TUM = "kon-tum-phong-chong-xam-hai-tre-em"


@pytest.fixture(scope="module")
def dataset():
    dataset, diagnostics = check_repository(REPO)
    assert diagnostics == []
    return dataset


def directive(dataset, directive_id):
    return next(d for d in dataset.directives if d.id == directive_id)


def test_every_task_of_both_seeds(dataset):
    assert [t.id for t in directive(dataset, GIA_LAI).tasks] == [
        *(f"1.{i}" for i in range(1, 10)),
        "2.1",
        "2.2",
        "2.3",
        "3",
        "4",
        "5",
    ]
    assert [t.id for t in directive(dataset, KON_TUM).tasks] == ["1.1", "1.2", "1.3", *(f"2.{i}" for i in range(1, 7))]


def test_what_the_text_does_not_say_stays_unknown(dataset):
    for d in dataset.directives:
        assert (d.number, d.date, d.subject) == (None, None, None)
    assert directive(dataset, KON_TUM).signer is None
    signer = directive(dataset, GIA_LAI).signer
    assert (signer.name, signer.capacity) == ("Nguyễn Thị Thanh Lịch", "KT. Chủ tịch, Phó Chủ tịch")


def test_kon_tum_references_include_the_footnotes(dataset):
    refs = {r.number: r for r in directive(dataset, KON_TUM).references}
    assert len(refs) == 10
    assert refs["1481/BYT-BMTE"].date == date(2025, 3, 14)
    assert refs["2362/KH-UBND"].date == date(2020, 7, 2)
    assert refs["27/QĐ-TTg"].date == date(2025, 1, 3)
    assert refs["1871/QCPH-LĐTBXH-YT-TP-GDDT-TTTT-CA-VKSND-TAND"].footnote == "5"


def test_roles_the_text_gives(dataset):
    kt = {t.id: t for t in directive(dataset, KON_TUM).tasks}
    assert [(a.agency, a.role.value) for a in kt["2.5"].assignees] == [
        ("kon-tum-so-y-te", "lead"),
        (None, "cooperating"),
    ]
    gl = {t.id: t for t in directive(dataset, GIA_LAI).tasks}
    assert {(a.agency, a.role.value) for a in gl["5"].assignees} == {
        ("gia-lai-uy-ban-mttq", "requested"),
        ("gia-lai-hoi-doan-the", "requested"),
    }
    assert ("gia-lai-so-y-te", "lead") in {(a.agency, a.role.value) for a in gl["2.3"].assignees}


def test_dated_deliverables_are_overdue_by_the_right_number_of_days(dataset):
    progress = compute_progress(dataset, date(2026, 11, 22))
    dated = {(r.item.key, r.agency_id): r.status for r in progress.rows if r.item.deadline}
    assert {k: (s.category, s.days_overdue) for k, s in dated.items()} == {
        (f"{KON_TUM}/2.5", "kon-tum-so-y-te"): (Category.OVERDUE, 556),
        (f"{KON_TUM}/2.6/6-thang", "kon-tum-so-y-te"): (Category.OVERDUE, 551),
        (f"{KON_TUM}/2.6/ca-nam", "kon-tum-so-y-te"): (Category.OVERDUE, 367),
    }


def test_nothing_is_overdue_as_of_may_first_2025(dataset):
    progress = compute_progress(dataset, date(2025, 5, 1))
    categories = {r.status.category for r in progress.rows if r.item.deadline}
    assert categories <= {Category.IN_PROGRESS, Category.DUE_SOON}


def test_all_gia_lai_tasks_are_ongoing(dataset):
    progress = compute_progress(dataset, date(2026, 11, 22))
    gia_lai = [r for r in progress.rows if r.item.directive.id == GIA_LAI]
    assert gia_lai and {r.status.category for r in gia_lai} == {Category.ONGOING}


def test_group_tasks_are_tracked_per_member(dataset):
    progress = compute_progress(dataset, date(2026, 11, 22))
    rows = progress.rows_by_item[f"{KON_TUM}/1.1"]
    districts = [r for r in rows if r.via_group == "kon-tum-ubnd-huyen-thanh-pho"]
    assert len(districts) == 10
    assert len(rows) == 8 + 1 + 1 + 10  # eight departments, police, the association, ten districts


def seed_text(name: str) -> str:
    return (REPO / "directives" / "sources" / name).read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def kon_tum_body() -> str:
    """The Kon Tum text with the footnote bodies that PDF extraction spliced into sentences cut out,
    and the footnote markers glued to words ("năm 20251") taken off."""
    text = seed_text("003_bb4126f942e211b3.txt")
    for start, resume in (
        ("1 Về việc hướng dẫn", " sớm, lên tiếng"),
        ("5 Quy chế phối hợp", " trước ngày 20 tháng 11"),
    ):
        before, rest = text.split(start, 1)
        text = before.rstrip(" \n") + " " + resume.lstrip() + rest.split(resume, 1)[1]
    for marked, plain in (
        ("năm 20251", "năm 2025"),
        ("năm 20252", "năm 2025"),
        ("trẻ em3.", "trẻ em."),
        ("năm 20204;", "năm 2020;"),
        ("liên ngành5", "liên ngành"),
    ):
        text = text.replace(marked, plain)
    return flat(text)


@pytest.mark.parametrize(
    ("directive_id", "source"),
    [(GIA_LAI, lambda: flat(seed_text("000_e8529ba9a7e2f6dd.txt"))), (KON_TUM, kon_tum_body)],
)
def test_task_texts_are_verbatim(dataset, directive_id, source):
    body = source()
    for task in directive(dataset, directive_id).tasks:
        assert task.text in body, task.id
