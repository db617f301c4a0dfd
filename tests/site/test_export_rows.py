"""The open data's rows and league counts, made in-process from the demo data and compared with counts made by hand
(not with the code's own formula): a wrong count, a wrong denominator or a weaker formula guard fails here."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import openpyxl
import pytest

from generator.core import contract
from generator.core.checks import check_repository
from generator.core.progress import compute_progress
from generator.site.export import COLUMNS, LEAGUE_COLUMNS, export_frame, export_xlsx, league_rows, open_data
from generator.site.open_tables import (
    ASSIGNMENT_COLUMNS,
    ROW_COLUMNS,
    TASK_COLUMNS,
    assignments_csv,
    export_csv,
    export_json,
    tasks_csv,
)
from generator.site.views import agency_lines

from conftest import DEMO

# The demo data as of 20/05/2025, counted by hand from tests/fixtures/demo: the deliverable 2.1/6-thang is due that
# very day (so it counts in the denominator), Sở A's report of it is dated 25/05 (not known yet), Sở B's 1.1 is five
# days overdue, Công an's 2.3/2025-q1 is overdue, and the communes' group has no members (tracked as one unit).
DAY = date(2025, 5, 20)
HAND = {
    #               total on_time late within overdue ongoing undated due  rate     key
    "demo-so-a": (9, 2, 0, 6, 0, 1, 0, 3, 2 / 3, 1),
    "demo-so-b": (2, 0, 0, 0, 1, 1, 0, 1, 0.0, 1),
    "demo-cong-an": (7, 0, 0, 6, 1, 0, 0, 2, 0.0, 0),
    "demo-cac-xa": (1, 0, 0, 0, 0, 1, 0, 0, None, 0),
}
_COUNTED = (
    "total",
    "done_on_time",
    "done_late",
    "within_deadline",
    "overdue",
    "ongoing",
    "done_undated",
    "due_so_far",
    "completion_rate",
    "key_tasks",
)


@pytest.fixture(scope="module")
def progress():
    dataset, problems = check_repository(DEMO)
    assert not problems
    return compute_progress(dataset, DAY)


def test_league_counts_are_the_ones_counted_by_hand(progress):
    records = [dict(zip(LEAGUE_COLUMNS, row, strict=True)) for row in league_rows(agency_lines(progress))]
    got = {record["agency_id"]: tuple(record[c] for c in _COUNTED) for record in records}
    assert got.keys() == HAND.keys()
    for agency, want in HAND.items():
        *counts, rate, key = got[agency]
        *want_counts, want_rate, want_key = want
        assert (counts, key) == (want_counts, want_key), agency
        assert rate == (None if want_rate is None else pytest.approx(want_rate)), agency


def test_the_league_lists_the_most_overdue_first_then_the_most_due_soon(progress):
    # overdue 1 and due soon 1, overdue 1, due soon 1, nothing pressing
    assert [line.id for line in agency_lines(progress)] == ["demo-cong-an", "demo-so-b", "demo-so-a", "demo-cac-xa"]


def test_rows_say_what_each_assignment_is(progress):
    document = json.loads(export_json(progress, None))
    rows = {(r["task_id"], r["agency_id"]): r for r in contract.joined_rows(document)}
    assert len(rows) == sum(want[0] for want in HAND.values())
    extended = rows["demo-ke-hoach/2.2", "demo-so-a"]
    assert (extended["deadline"], extended["original_deadline"]) == ("2025-06-30", "2025-03-31")
    blocked = rows["demo-ke-hoach/1.1", "demo-so-b"]
    assert (blocked["status"], blocked["blocked"], blocked["days_overdue"]) == ("overdue", True, 5)
    assert blocked["last_report_date"] == "2025-05-01" and blocked["via_group"] == "demo-cac-so"
    assert blocked["key_task"] is True and blocked["role"] == "lead" and blocked["as_of"] == "2025-05-20"
    due_today = rows["demo-ke-hoach/2.1/6-thang", "demo-so-a"]
    assert (due_today["status"], due_today["deliverable"], due_today["last_report_date"]) == (
        "due_soon",
        "Báo cáo 6 tháng",
        None,
    )
    assert rows["demo-ke-hoach/3", "demo-cac-xa"]["status"] == "ongoing"
    assert rows["demo-ke-hoach/1.1", "demo-so-a"]["directive_number"] == "1/KH-DEMO"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised_in_the_csv(progress, start):
    frame = export_frame(progress)
    text = start + 'HYPERLINK("https://example.org")'
    frame.loc[0, "text"] = text
    frame.loc[1, "text"] = "Văn bản " + text  # only the start of a cell makes a formula
    table = list(csv.DictReader(io.StringIO(export_csv(frame).decode("utf-8-sig"), newline="")))
    assert list(table[0]) == list(COLUMNS)
    assert table[0]["text"] == "'" + text
    assert table[1]["text"] == "Văn bản " + text
    assert table[0]["task_id"] == frame.loc[0, "task_id"]  # ids and numbers are left as they are


def test_the_csv_starts_with_a_byte_order_mark_for_excel(progress):
    data = export_csv(export_frame(progress))
    assert data.startswith(b"\xef\xbb\xbf") and "Sở A".encode() in data


def test_the_workbook_holds_the_rows_and_the_league_as_text_never_formulas(progress):
    frame = export_frame(progress)
    frame.loc[0, "text"] = "=1+1"
    frame.loc[1, "text"] = "0123"
    frame.loc[2, "text"] = "https://example.org/a"
    league = league_rows(agency_lines(progress))
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(frame, league, DAY)))
    assert book.sheetnames == ["Nhiệm vụ", "Theo đơn vị"]
    tasks, counts = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
    assert list(tasks[0]) == list(COLUMNS) and len(tasks) == len(frame) + 1
    assert tasks[1][COLUMNS.index("text")] == "=1+1"
    cells = [book.worksheets[0].cell(row, COLUMNS.index("text") + 1) for row in (2, 3, 4)]
    assert [(c.value, c.data_type, c.hyperlink) for c in cells] == [
        ("=1+1", "s", None),
        ("0123", "s", None),
        ("https://example.org/a", "s", None),
    ]
    assert book.worksheets[0].freeze_panes == "A2" and book.worksheets[0].cell(1, 1).font.bold
    assert list(counts[0]) == list(LEAGUE_COLUMNS.values())
    by_agency = {row[0]: row for row in counts[1:]}
    assert by_agency["demo-so-a"][2:5] == (9, 2, 0) and by_agency["demo-cac-xa"][10] is None
    assert book.properties.created.date() == DAY  # dated by its figures: the same data, the same bytes
    assert export_xlsx(frame, league, DAY) == export_xlsx(frame, league, DAY)


def test_every_download_is_planned_and_made(progress):
    files = open_data(progress, "https://example.org/")
    assert set(files) == {
        "data/tasks.json",
        "data/tasks.csv",
        "data/assignments.csv",
        "data/tasks.xlsx",
        "data/lich/tat-ca.ics",
        "data/bao-cao-moi.atom",
        "data/tim-kiem.json",
        "data/tasks.schema.json",
        *(f"data/lich/{agency}.ics" for agency in HAND),
    }
    assert all(isinstance(data, bytes) and data for data in files.values())
    assert "Sở B (demo)" in files["data/lich/demo-so-b.ics"].decode("utf-8")
    assert len(json.loads(files["data/tasks.json"])["rows"]) == len(progress.rows)


def test_json_keeps_the_text_and_the_types(progress):
    data = export_json(progress, None)
    assert "Sở A (demo)".encode() in data  # UTF-8 as written, not \u escapes
    published = json.loads(data)
    assert published["fields"]["rows"] == list(ROW_COLUMNS) and published["fields"]["tasks"] == list(TASK_COLUMNS)
    assert all(isinstance(entry, list) for table in contract.TABLES for entry in published[table])
    document = contract.as_objects(published)
    rows = document["rows"]
    assert list(rows[0]) == list(ROW_COLUMNS) and list(document["tasks"][0]) == list(TASK_COLUMNS)
    assert all(isinstance(r["blocked"], bool) and isinstance(r["days_overdue"], int) for r in rows)
    assert "Nhiệm vụ có hạn, giao cho nhóm các sở." in {t["text"] for t in document["tasks"]}
    assert list(next(contract.joined_rows(document))) == list(COLUMNS)  # version 2's row, field for field


def test_every_item_and_every_assignment_is_in_the_open_data_exactly_once(progress):
    """Versions 3 and 4 name each item, agency and directive once and each assignment once: nothing is lost by not
    repeating them, and nothing is counted twice."""
    document = contract.as_objects(json.loads(export_json(progress, None)))
    tasks = [t["task_id"] for t in document["tasks"]]
    assert sorted(tasks) == sorted(item.key for item in progress.items) and len(set(tasks)) == len(tasks)
    pairs = [(r["task_id"], r["agency_id"]) for r in document["rows"]]
    assert sorted(pairs) == sorted((r.item.key, r.agency_id) for r in progress.rows) and len(set(pairs)) == len(pairs)
    agencies = [a["agency_id"] for a in document["agencies"]]
    assert sorted(agencies) == sorted({r.agency_id for r in progress.rows}) and len(set(agencies)) == len(agencies)
    assert [d["directive_id"] for d in document["directives"]] == [d.id for d in progress.dataset.directives]
    # The two CSV files are the same two tables.
    items = list(csv.DictReader(io.StringIO(tasks_csv(progress).decode("utf-8-sig"), newline="")))
    assert [r["task_id"] for r in items] == tasks and list(items[0]) == list(TASK_COLUMNS)
    lines = list(csv.DictReader(io.StringIO(assignments_csv(progress).decode("utf-8-sig"), newline="")))
    assert [(r["task_id"], r["agency_id"]) for r in lines] == pairs and list(lines[0]) == list(ASSIGNMENT_COLUMNS)
    assert {r["as_of"] for r in lines} == {DAY.isoformat()}
    blocked = next(r for r in lines if (r["task_id"], r["agency_id"]) == ("demo-ke-hoach/1.1", "demo-so-b"))
    assert (blocked["agency_name"], blocked["status_label"], blocked["days_overdue"]) == ("Sở B (demo)", "Quá hạn", "5")


def events(data: bytes) -> list:
    from icalendar import Calendar

    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_calendars_hold_the_recent_and_coming_deadlines_and_count_the_old_overdue_work():
    """Months later (01/01/2026, the window from 03/10/2025): 1.1 (due 15/05/2025) is no event of its own any more;
    Sở B's, still overdue, is named in Sở B's event of the day and in the feed of all deadlines, Sở A's, done, is
    not in Sở A's; 2.1's annual report (due 20/11/2025) is an event of its own; every deadline stays in the data."""
    dataset, _problems = check_repository(DEMO)
    later = compute_progress(dataset, date(2026, 1, 1))
    files = open_data(later, "https://ubnd.github.io/nhiem-vu/")
    for feed in ("demo-so-a", "demo-so-b", "tat-ca"):
        assert b"UID:demo-ke-hoach/1.1@" not in files[f"data/lich/{feed}.ics"], feed
    day = {str(e["uid"]): e for e in events(files["data/lich/demo-so-b.ics"]) if "qua-han-tu-truoc" in str(e["uid"])}
    assert list(day) == ["qua-han-tu-truoc/demo-so-b@directive-tracker"]
    event = day["qua-han-tu-truoc/demo-so-b@directive-tracker"]
    assert event.decoded("dtstart") == date(2026, 1, 1)
    assert "(demo-ke-hoach/1.1)" in str(event["description"]) and "15/05/2025" in str(event["description"])
    assert str(event["summary"]).endswith("việc quá hạn từ trước 03/10/2025")
    assert str(event["url"]) == "https://ubnd.github.io/nhiem-vu/co-quan/demo-so-b/"
    mine_a = " ".join(str(e["description"]) for e in events(files["data/lich/demo-so-a.ics"]))
    assert "(demo-ke-hoach/1.1)" not in mine_a  # Sở A finished it: nothing of it left in Sở A's calendar
    everything = {str(e["uid"]): e for e in events(files["data/lich/tat-ca.ics"])}
    assert "(demo-ke-hoach/1.1)" in str(everything["qua-han-tu-truoc/tat-ca@directive-tracker"]["description"])
    assert str(everything["qua-han-tu-truoc/tat-ca@directive-tracker"]["url"]).endswith("/qua-han/")
    assert "demo-ke-hoach/2.1/ca-nam@directive-tracker" in everything
    assert b"UID:demo-ke-hoach/2.1/ca-nam@" in files["data/lich/demo-so-a.ics"]
    own = [str(e["description"]) for e in events(files["data/lich/demo-so-a.ics"])]
    assert own and not any("Đơn vị:" in d for d in own)  # its own calendar: its own work
    assert b"demo-ke-hoach/1.1" in files["data/tasks.json"]


def test_a_deadline_in_the_window_is_an_event_in_every_calendar_of_its_agencies():
    """On the demo's day (01/06/2025) 1.1 is recent: an event in Sở A's calendar (done) and Sở B's (overdue), and
    in the feed of all deadlines with both agencies' states; nothing is old enough for the day's event."""
    dataset, _problems = check_repository(DEMO)
    files = open_data(compute_progress(dataset, date(2025, 6, 1)), None)
    for feed in ("demo-so-a", "demo-so-b", "tat-ca"):
        assert b"UID:demo-ke-hoach/1.1@" in files[f"data/lich/{feed}.ics"], feed
        assert b"qua-han-tu-truoc" not in files[f"data/lich/{feed}.ics"], feed
    described = {str(e["uid"]): str(e["description"]) for e in events(files["data/lich/tat-ca.ics"])}
    assert "Sở A (demo) (Hoàn thành đúng hạn)" in described["demo-ke-hoach/1.1@directive-tracker"]
    assert "Sở B (demo) (Quá hạn)" in described["demo-ke-hoach/1.1@directive-tracker"]


def test_the_assignments_csv_has_the_documented_columns_in_order(progress):
    documented = ["task_id", "agency_id", "agency_name", "role", "via_group", "status", "status_label", "blocked"]
    documented += ["days_overdue", "last_report_date", "as_of"]
    header = next(csv.reader(io.StringIO(assignments_csv(progress).decode("utf-8-sig"), newline="")))
    assert header == documented == list(ASSIGNMENT_COLUMNS)


def test_an_agency_has_its_kind_and_a_group_the_group_kind(progress):
    from generator.site.open_tables import kind_of

    registry = progress.dataset.registry
    assert kind_of(registry, "demo-so-b") == "department" and kind_of(registry, "demo-cac-so") == contract.GROUP_KIND
