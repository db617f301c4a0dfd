"""Each way a Vietnamese directive writes a deadline, read to the day it means (and the words it was read from)."""

from __future__ import annotations

from datetime import date

import pytest

from generator.importer.deadlines import find_deadlines


@pytest.mark.parametrize(
    ("text", "written", "day"),
    [
        ("Báo cáo kết quả trước ngày 15 tháng 5 năm 2025.", "trước ngày 15 tháng 5 năm 2025", date(2025, 5, 15)),
        ("Gửi báo cáo chậm nhất ngày 20/5/2025 về Sở.", "chậm nhất ngày 20/5/2025", date(2025, 5, 20)),
        (
            "Hoàn thành chậm nhất là ngày 30 tháng 6 năm 2025.",
            "chậm nhất là ngày 30 tháng 6 năm 2025",
            date(2025, 6, 30),
        ),
        ("Nộp hồ sơ CHẬM NHẤT  ngày 1/7/2025.", "CHẬM NHẤT ngày 1/7/2025", date(2025, 7, 1)),
        ("Hạn chót ngày 31/12/2025.", "Hạn chót ngày 31/12/2025", date(2025, 12, 31)),
        ("Tổ chức thực hiện trong tháng 6/2025.", "trong tháng 6/2025", date(2025, 6, 30)),
        ("Hoàn thành trong quý III/2025.", "trong quý III/2025", date(2025, 9, 30)),
    ],
)
def test_a_deadline_is_read_to_its_day(text, written, day):
    found = find_deadlines(text)
    assert [(d.text, d.deadline) for d in found] == [(written, day)]


def test_two_reports_in_one_sentence_are_two_deadlines_with_their_labels():
    text = "Báo cáo 6 tháng chậm nhất ngày 20/5/2025 và cả năm trước ngày 20 tháng 11 năm 2025."
    found = find_deadlines(text)
    assert [(d.label, d.deadline, d.part_id) for d in found] == [
        ("6 tháng", date(2025, 5, 20), "6-thang"),
        ("cả năm", date(2025, 11, 20), "ca-nam"),
    ]


def test_a_date_that_does_not_exist_is_left_for_a_person():
    (due,) = find_deadlines("Báo cáo chậm nhất ngày 31/2/2025.")
    assert due.deadline is None and "không có thật" in due.problem


@pytest.mark.parametrize(
    ("text", "written", "day"),
    [
        ("Từ đầu tháng 1/2013 tới ngày 15/3/2013, Công an tỉnh tuần tra.", "tới ngày 15/3/2013", date(2013, 3, 15)),
        ("Hoàn thành chậm nhất đến hết ngày 30/6/2025.", "đến hết ngày 30/6/2025", date(2025, 6, 30)),
    ],
)
def test_the_end_of_the_time_given_for_the_work_is_its_deadline(text, written, day):
    assert [(d.text, d.deadline) for d in find_deadlines(text)] == [(written, day)]


@pytest.mark.parametrize(
    "text",
    [
        "Kết quả thực hiện 1.387 nhiệm vụ tính đến ngày 30/5/2022.",
        "Báo cáo kết quả phòng, chống dịch từ ngày 30/01/2020 đến ngày 24/4/2020 của đơn vị.",
        "Thông báo cấp dự báo cháy rừng từ ngày 17/3/2026 đến ngày 23/3/2026.",
    ],
)
def test_a_date_counted_to_or_the_end_of_a_period_is_no_deadline(text):
    assert [d for d in find_deadlines(text) if d.deadline] == []


def test_a_day_without_its_year_is_kept_for_a_person_and_a_full_date_is_still_read():
    for text in ("Gửi báo cáo về Sở trước ngày 20/11.", "Nộp hồ sơ chậm nhất ngày 5 tháng 12.", "Hạn chót 30/6."):
        (due,) = find_deadlines(text)
        assert due.deadline is None and due.kind == "relative" and "không ghi năm" in due.problem, text
    (full,) = find_deadlines("Hoàn thành trước ngày 5 tháng 12 năm 2020.")
    assert full.deadline == date(2020, 12, 5)


def test_the_day_of_a_recurring_report_is_read_anywhere_in_its_clause():
    (due,) = find_deadlines(
        "Định kỳ hàng năm tổng hợp, đánh giá kết quả thực hiện Đề án, báo cáo Ủy ban Dân tộc, UBND tỉnh theo quy "
        "định (trước ngày 20/11)."
    )
    assert due.kind == "recurring" and due.deadline is None and due.text.endswith("trước ngày 20/11")


@pytest.mark.parametrize(
    ("text", "written", "day"),
    [
        ("Hoàn thành trước ngày 15-5-2025.", "trước ngày 15-5-2025", date(2025, 5, 15)),
        ("Báo cáo chậm nhất ngày 30.6.2022.", "chậm nhất ngày 30.6.2022", date(2022, 6, 30)),
        ("Tổ chức hội nghị vào tháng 6/2025.", "vào tháng 6/2025", date(2025, 6, 30)),
        ("Hoàn thành quý IV năm 2025.", "Hoàn thành quý IV năm 2025", date(2025, 12, 31)),
    ],
)
def test_dates_with_dashes_or_dots_and_months_or_quarters_without_trong(text, written, day):
    assert [(d.text, d.deadline) for d in find_deadlines(text)] == [(written, day)]


@pytest.mark.parametrize(
    ("text", "written", "day"),
    [
        ("Thời hạn hoàn thành: 30/6/2025.", "Thời hạn hoàn thành: 30/6/2025", date(2025, 6, 30)),
        ("Thời hạn: tháng 9/2025.", "Thời hạn: tháng 9/2025", date(2025, 9, 30)),
        ("Báo cáo chậm nhất vào ngày 15/5/2025.", "chậm nhất vào ngày 15/5/2025", date(2025, 5, 15)),
    ],
)
def test_a_deadline_given_under_its_label(text, written, day):
    assert [(d.text, d.deadline) for d in find_deadlines(text)] == [(written, day)]


def test_the_time_of_a_meeting_is_no_deadline_and_a_month_without_its_year_is_left_for_a_person():
    assert find_deadlines("Thời gian: 8 giờ ngày 5/5/2025, tại Hội trường UBND tỉnh.") == []
    (due,) = find_deadlines("Tổ chức hội nghị trong tháng 12.")
    assert due.deadline is None and due.kind == "relative"


def test_work_that_starts_from_another_bodys_waits_on_it_and_keeps_its_own_date():
    text = (
        "Giao Sở Nội vụ trên cơ sở đề xuất của Sở Tài chính và Sở Tư pháp tham mưu dự thảo quy chế, "
        "trình UBND tỉnh trước ngày 15/8/2025."
    )
    waits, due = find_deadlines(text)
    assert (waits.kind, waits.deadline, waits.text) == (
        "condition",
        None,
        "trên cơ sở đề xuất của Sở Tài chính và Sở Tư pháp",
    )
    assert due.deadline == date(2025, 8, 15)  # the task's own date is not the condition's
    assert [d.kind for d in find_deadlines("Trên cơ sở Quyết định, các đơn vị triển khai thực hiện.")] == []
