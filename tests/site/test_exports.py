"""The downloads, opened with the tools their users have: the workbook with pandas and openpyxl, the calendars with
icalendar, the feed as Atom XML; and their figures checked against `data/tasks.json`."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from icalendar import Calendar

from generator.core import contract
from generator.site.export import COLUMNS, LEAGUE_COLUMNS
from generator.site.search import fold

from conftest import DEMO, REPO, make_repo, tracker

ATOM = "{http://www.w3.org/2005/Atom}"


def build(tmp_path_factory, name: str, data: Path, today: str) -> Path:
    repo = make_repo(tmp_path_factory.mktemp(name) / "repo", data)
    result = tracker("build", "--today", today, cwd=repo, env={"GITHUB_REPOSITORY": "ubnd/nhiem-vu"})
    assert result.returncode == 0, result.stderr
    return repo / "site"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    return build(tmp_path_factory, "demo", DEMO, "2025-06-01")


@pytest.fixture(scope="module", params=["demo", "real"])
def site(request, tmp_path_factory) -> Path:
    if request.param == "demo":
        return request.getfixturevalue("demo_site")
    return build(tmp_path_factory, "real", REPO, "2026-11-22")


def tasks(site: Path) -> list[dict]:
    """The assignments of tasks.json, each with every field of its task, agency and directive (version 2's shape)."""
    return list(contract.joined_rows(json.loads((site / "data" / "tasks.json").read_text("utf-8"))))


def expected_league(rows: list[dict]) -> dict[str, dict[str, object]]:
    """The per-agency counts, recomputed from tasks.json alone: the workbook must say what the JSON says (that the
    counts themselves are right is checked against counts made by hand, below and in test_export_rows.py)."""
    by_agency: dict[str, list[dict]] = {}
    for row in rows:
        by_agency.setdefault(row["agency_id"], []).append(row)
    league = {}
    for agency, mine in by_agency.items():
        status = Counter(r["status"] for r in mine)
        due = [r for r in mine if r["deadline"] and r["deadline"] <= r["as_of"]]
        done_due = [r for r in due if r["status"] in ("done_on_time", "done_late", "done")]
        league[agency] = {
            "total": len(mine),
            "done_on_time": status["done_on_time"],
            "done_late": status["done_late"],
            "within_deadline": status["in_progress"] + status["due_soon"],
            "overdue": status["overdue"],
            "ongoing": status["ongoing"],
            "due_so_far": len(due),
            "completion_rate": round(len(done_due) / len(due), 4) if due else None,
            "key_tasks": sum(r["key_task"] for r in mine),
        }
    return league


def test_workbook_holds_the_rows_of_tasks_json_and_the_same_counts(site):
    rows = tasks(site)
    sheets = pd.read_excel(site / "data" / "tasks.xlsx", sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["Nhiệm vụ", "Theo đơn vị"]

    sheet = sheets["Nhiệm vụ"]
    assert list(sheet.columns) == list(COLUMNS)
    assert len(sheet) == len(rows)
    assert list(sheet["task_id"]) == [r["task_id"] for r in rows]
    assert list(sheet["agency_id"]) == [r["agency_id"] for r in rows]
    assert list(sheet["status"]) == [r["status"] for r in rows]
    assert list(sheet["text"]) == [r["text"] for r in rows]

    counts = sheets["Theo đơn vị"].rename(columns={v: k for k, v in LEAGUE_COLUMNS.items()})
    expected = expected_league(rows)
    assert set(counts["agency_id"]) == set(expected)
    for record in counts.to_dict("records"):
        want = expected[record["agency_id"]]
        for column, value in want.items():
            got = record[column]
            if column == "completion_rate":
                assert (value is None and pd.isna(got)) or got == pytest.approx(value, abs=1e-4), record
            else:
                assert got == value, (record["agency_id"], column)
    assert counts["total"].sum() == len(rows)


# The demo data as of 01/06/2025, counted by hand from tests/fixtures/demo (see test_export_rows.py for the day a
# deliverable falls due): total, on time, late, within the deadline, overdue, ongoing, due so far, rate, key tasks.
DEMO_LEAGUE = {
    "demo-so-a": (9, 2, 1, 5, 0, 1, 3, 1.0, 1),
    "demo-so-b": (2, 0, 0, 0, 1, 1, 1, 0.0, 1),
    "demo-cong-an": (7, 0, 0, 5, 2, 0, 2, 0.0, 0),
    "demo-cac-xa": (1, 0, 0, 0, 0, 1, 0, None, 0),
}


def test_the_demo_workbook_counts_are_the_ones_counted_by_hand(demo_site):
    sheet = pd.read_excel(demo_site / "data" / "tasks.xlsx", sheet_name="Theo đơn vị", engine="openpyxl")
    counts = sheet.rename(columns={v: k for k, v in LEAGUE_COLUMNS.items()})
    columns = ["total", "done_on_time", "done_late", "within_deadline", "overdue", "ongoing", "due_so_far"]

    def rate(r: dict) -> float | None:
        return None if pd.isna(r["completion_rate"]) else r["completion_rate"]

    got = {r["agency_id"]: (*(r[c] for c in columns), rate(r), r["key_tasks"]) for r in counts.to_dict("records")}
    assert got == DEMO_LEAGUE


def events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


RECENT = 90  # days: a deadline this recent, or later, is an event of its own (generator/site/ical.py)
NAMED = 20  # the old overdue items the day's event names
DONE = ("done_on_time", "done_late", "done")
DAY_EVENT = "qua-han-tu-truoc/"


def in_calendar(row: dict) -> bool:
    """Every deadline from RECENT days before the data's day onward, done or not: counted here from tasks.json."""
    return bool(row["deadline"]) and date.fromisoformat(row["deadline"]) >= date.fromisoformat(
        row["as_of"]
    ) - timedelta(RECENT)


def old_open(row: dict) -> bool:
    """Work still to do due before the window: counted and named in the day's event, not an event of its own."""
    return bool(row["deadline"]) and not in_calendar(row) and row["status"] not in DONE


def split(found: list) -> tuple[dict, list]:
    """The deadlines' events by task id, and the day's events."""
    day = [e for e in found if str(e["uid"]).startswith(DAY_EVENT)]
    by_task = {str(e["description"]).rsplit("Mã nhiệm vụ: ", 1)[1].split("\n")[0]: e for e in found if e not in day}
    return by_task, day


def check_day_event(day: list, old: dict[str, str], as_of: str) -> None:
    """One event on the data's day when there is old overdue work (none otherwise), counting every item and
    naming the most overdue first."""
    assert len(day) == (1 if old else 0)
    if not old:
        return
    event = day[0]
    assert event.decoded("dtstart") == date.fromisoformat(as_of)
    assert str(event["summary"]).startswith(f"{len(old)} việc quá hạn từ trước ")
    named = re.findall(r"\(([^()\s]+)\)$", str(event["description"]), re.M)
    assert named == sorted(old, key=lambda k: (old[k], k))[:NAMED]


def test_calendar_has_one_event_per_recent_or_coming_deadline_and_one_for_the_old_overdue(site):
    rows = tasks(site)
    dated = {r["task_id"]: r["deadline"] for r in rows if in_calendar(r)}
    found = events(site / "data" / "lich" / "tat-ca.ics")
    by_task, day = split(found)
    assert set(by_task) == set(dated)
    assert found  # the real data's deadlines are all old: the day's event still shows the work left to do
    for task_id, event in by_task.items():
        assert event.decoded("dtstart") == date.fromisoformat(dated[task_id])
        assert str(event["url"]).startswith("https://ubnd.github.io/nhiem-vu/van-ban/")
    check_day_event(day, {r["task_id"]: r["deadline"] for r in rows if old_open(r)}, rows[0]["as_of"])
    assert len({str(e["uid"]) for e in found}) == len(found)


def test_each_agency_has_its_own_calendar(site):
    rows = tasks(site)
    for agency in {r["agency_id"] for r in rows}:
        mine = [r for r in rows if r["agency_id"] == agency]
        by_task, day = split(events(site / "data" / "lich" / f"{agency}.ics"))
        assert set(by_task) == {r["task_id"] for r in mine if in_calendar(r)}, agency
        check_day_event(day, {r["task_id"]: r["deadline"] for r in mine if old_open(r)}, rows[0]["as_of"])
        page = (site / "co-quan" / agency / "index.html").read_text("utf-8")
        assert f'href="../../data/lich/{agency}.ics"' in page


def test_atom_feed_lists_the_latest_reports(tmp_path_factory):
    site = build(tmp_path_factory, "feed", DEMO, "2025-06-01")
    feed = ET.parse(site / "data" / "bao-cao-moi.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4  # every report of the demo ledger
    assert entries[0].findtext(f"{ATOM}updated").startswith("2025-05-25")  # newest first
    assert "Sở A (demo)" in entries[0].findtext(f"{ATOM}title")
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.startswith("https://ubnd.github.io/nhiem-vu/van-ban/demo-ke-hoach/#nv-2-1-6-thang")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 4


def test_downloads_are_linked_from_the_pages_they_belong_to(site):
    dashboard = (site / "index.html").read_text("utf-8")
    for target in ("data/tasks.xlsx", "data/tasks.csv", "data/tasks.json", "data/lich/tat-ca.ics"):
        assert f'href="{target}"' in dashboard
    assert 'href="data/bao-cao-moi.atom"' in dashboard
    # No <link rel="alternate"> for the feed in the head: Material takes every such link for a language version of
    # the site and fetches a sitemap.xml beside it (a 404 in the browser test).
    data_page = (site / "du-lieu" / "index.html").read_text("utf-8")
    assert 'href="../data/tasks.xlsx"' in data_page


def test_league_table_states_its_denominator(site):
    page = " ".join(re.sub(r"<[^>]+>", "", (site / "xep-hang" / "index.html").read_text("utf-8")).split())
    assert "Tỷ lệ hoàn thành = số lượt giao đã hoàn thành trong số lượt giao đã đến hạn" in page
    assert "Trọng tâm" in page


def test_search_index_is_small_and_points_at_real_pages(site):
    index = json.loads((site / "data" / "tim-kiem.json").read_text("utf-8"))
    rows = tasks(site)
    kinds = Counter(entry[0] for entry in index)
    assert kinds["agency"] == len({r["agency_id"] for r in rows})
    assert kinds["task"] == len({r["task_id"] for r in rows})
    for _kind, shown, path, extra in index:
        assert extra.isascii() and extra == extra.lower(), extra
        assert not set(extra.split()) & set(fold(shown).split())  # the page folds the shown text itself
        assert (site / path.split("#")[0] / "index.html").exists(), path
    # Names and short titles, not page text: a few hundred bytes an entry whatever the length of a task's text.
    size = (site / "data" / "tim-kiem.json").stat().st_size
    assert size / len(index) < 250


def test_tasks_json_follows_its_published_contract(site):
    """The document validates against the schema the site publishes beside it (the one in the package), says its
    version and the day of its figures, each task its page on the site, each agency its kind; and what version 3
    refers to by id is listed once, as the national roll-up checks it."""
    import jsonschema

    from generator.federate.read import check_document

    document = json.loads((site / "data" / "tasks.json").read_text("utf-8"))
    schema = json.loads((site / "data" / "tasks.schema.json").read_text("utf-8"))
    assert schema == contract.schema()
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["contract"] == "directive-tracker/tasks" and document["version"] == "4.0"
    assert document["fields"] == {table: list(contract.fields(table)) for table in contract.TABLES}
    assert document["row_count"] == len(document["rows"]) > 0
    assert document["task_count"] == len(document["tasks"]) > 0
    assert document["as_of"] in ("2025-06-01", "2026-11-22")
    assert check_document(document, date(2030, 1, 1)).isoformat() == document["as_of"]  # entries: objects now
    for task in document["tasks"]:
        path, _, anchor = task["url"].partition("#")
        assert f'id="{anchor}"' in (site / path / "index.html").read_text("utf-8"), task["url"]
    registry = {a["agency_id"]: a["agency_kind"] for a in document["agencies"]}
    if document["as_of"] == "2025-06-01":  # the demo registry: two departments, the police, a group without members
        assert registry == {
            "demo-so-a": "department",
            "demo-so-b": "department",
            "demo-cong-an": "police",
            "demo-cac-xa": "group",
        }


def test_the_schema_refuses_what_the_contract_forbids(site):
    import jsonschema

    from generator.core import contract

    validator = jsonschema.Draft202012Validator(contract.schema())
    document = json.loads((site / "data" / "tasks.json").read_text("utf-8"))
    row, task, agency = document["rows"][0], document["tasks"][0], document["agencies"][0]

    def at(table: str, entry: list, name: str, value: object) -> list:
        changed = list(entry)
        changed[contract.fields(table).index(name)] = value
        return changed

    fields = document["fields"]
    for change in (
        {"version": "3.0"},
        {"version": "5.0"},
        {"contract": "another"},
        {"as_of": "22/11/2026"},
        {"fields": {**fields, "rows": fields["rows"][::-1]}},
        {"rows": [at("rows", row, "status", "finished")]},
        {"rows": [dict(zip(fields["rows"], row, strict=True))]},  # version 3's object
        {"tasks": [at("tasks", task, "url", "javascript:alert(1)")]},
        {"tasks": [at("tasks", task, "url", "https://elsewhere.example/")]},
        {"tasks": [at("tasks", task, "url", "../../other/")]},
        {"agencies": [at("agencies", agency, "agency_kind", "ministry")]},
        {"rows": [row[:-1]]},
        {"tasks": [task[:-1]]},
        {"directives": None},
    ):
        assert not validator.is_valid({**document, **change}), change
    longer = {**fields, "rows": [*fields["rows"], "a_field_of_4_1"]}
    assert validator.is_valid({**document, "fields": longer, "rows": [[*row, 1]], "version": "4.1"})


def test_every_fixed_file_beside_the_per_id_files_has_its_name_reserved():
    """A fixed page or file in a folder where each agency or directive has its own would be overwritten by an id of
    the same name: every such name must be one the check refuses (R011)."""
    from generator.core.addresses import (
        RESERVED_AGENCY_IDS,
        RESERVED_DIRECTIVE_IDS,
        agency_calendar,
        agency_page,
        directive_page,
    )
    from generator.core.load import load_dataset
    from generator.core.progress import compute_progress
    from generator.site.export import data_plan
    from generator.site.render import page_plan

    dataset, _diagnostics, _agencies, _groups = load_dataset(DEMO)
    progress = compute_progress(dataset, date(2025, 6, 1))
    paths = [*page_plan(progress), *data_plan(progress, None)]
    per_id = {
        agency_page("x").rsplit("/", 1)[0]: (agency_page, RESERVED_AGENCY_IDS),
        agency_calendar("x").rsplit("/", 1)[0]: (agency_calendar, RESERVED_AGENCY_IDS),
        directive_page("x").rsplit("/", 1)[0]: (directive_page, RESERVED_DIRECTIVE_IDS),
    }
    fixed = []
    for path in paths:
        folder, name = path.rsplit("/", 1) if "/" in path else ("", path)
        if folder in per_id:
            make, reserved = per_id[folder]
            ids = {*dataset.registry.agencies, *dataset.registry.groups, *(d.id for d in dataset.directives)}
            if not any(make(i) == path for i in ids):
                fixed.append(path)
                assert Path(name).stem in reserved, path
    assert sorted(fixed) == ["co-quan/index.md", "data/lich/tat-ca.ics", "van-ban/index.md"]
