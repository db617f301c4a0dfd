"""`tracker federate` against real province sites: three DEMO provinces (made from tests/fixtures/demo with their
own ids, built with `tracker build`) and a few that fail in every way a province can, each served on 127.0.0.1 by a
real HTTP server; the national site then read as HTML, and in Chromium.

The expected figures are counted here from each province's own tasks.json, and written out by hand for the demo
data, never taken from the roll-up's code."""

from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from html import unescape
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.request import urlopen

import pytest

from generator.core import contract

from conftest import DEMO, REPO, make_repo, tracker

# DEMO DATA: three invented provinces, the demo data under other ids, computed for different days.
PROVINCES = {
    "tinh-a": ("Tỉnh A (demo)", "2025-06-01", True),
    "tinh-b": ("Tỉnh B (demo)", "2025-12-01", True),
    "tinh-c": ("Tỉnh C (demo)", "2025-04-01", False),  # no reports at all
}
TODAY = "2025-12-05"
BUCKET = {
    "done_on_time": "done_on_time",
    "done_late": "done_late",
    "in_progress": "within_deadline",
    "due_soon": "within_deadline",
    "overdue": "overdue",
    "ongoing": "ongoing",
    "done": "done_undated",
}
COLUMNS = ("done_on_time", "done_late", "within_deadline", "overdue", "ongoing", "done_undated", "total")
# Counted by hand from tests/fixtures/demo: 19 assignments (1.1 and 1.2 to the two departments; 2.1's two deliverables,
# 2.2 and 2.3's four quarters to Sở A and the police; 3 to the group without members). On 01/12/2025 (tỉnh B): done on
# time 1.1 and Q1 by Sở A; done late 2.1/6 tháng; within the deadline Q4 (20/12) twice; overdue the rest of the dated
# work (11); ongoing 1.2 twice and 3. On 01/04/2025 without reports (tỉnh C): only Q1 (20/03) is overdue, twice.
BY_HAND = {
    "tinh-a": (2, 1, 10, 3, 3, 0, 19),
    "tinh-b": (2, 1, 2, 11, 3, 0, 19),
    "tinh-c": (0, 0, 14, 2, 3, 0, 19),
}
SCRIPT = "<script>alert('tỉnh')</script>"
MARKDOWN = "**đậm** [bấm](javascript:alert(1))"


def province_repo(base: Path, ident: str, with_reports: bool) -> Path:
    repo = make_repo(base / ident, DEMO)
    for path in [repo / "agencies.yaml", repo / "tasks.yaml", *sorted((repo / "directives").glob("*.yaml"))]:
        path.write_text(path.read_text("utf-8").replace("demo-", f"{ident}-"), "utf-8")
    (repo / "directives" / "demo-ke-hoach.yaml").rename(repo / "directives" / f"{ident}-ke-hoach.yaml")
    if not with_reports:
        (repo / "tasks.yaml").write_text("# DEMO DATA: no report yet.\nreports: []\n", "utf-8")
    return repo


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(handler) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class Broken(Quiet):
    """Provinces that fail: each path prefix answers in its own wrong way."""

    files: ClassVar[dict[str, bytes]] = {}
    flaky_fails = False

    def do_GET(self) -> None:
        name = self.path.strip("/").split("/")[0]
        if name == "tinh-500" or (name == "tinh-flaky" and Broken.flaky_fails):
            self.send_error(500, "Internal Server Error")
        elif name == "tinh-slow":
            time.sleep(3)
            self._send(self.files["tinh-a"])
        elif name == "tinh-redirect":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif name in self.files:
            self._send(self.files[name])
        else:
            self.send_error(404)

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the roll-up gave up (too slow, too large)
            self.wfile.write(body)


@pytest.fixture(scope="module")
def provinces(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Each demo province built by `tracker build` and served by its own HTTP server: {id: address}."""
    base = tmp_path_factory.mktemp("provinces")
    servers, addresses = [], {}
    for ident, (_name, day, reports) in PROVINCES.items():
        repo = province_repo(base, ident, reports)
        result = tracker("build", "--today", day, cwd=repo)
        assert result.returncode == 0, result.stderr
        server, address = serve(functools.partial(Quiet, directory=str(repo / "site")))
        servers.append(server)
        addresses[ident] = address
    yield addresses
    for server in servers:
        server.shutdown()
        server.server_close()


def published(address: str) -> dict:
    with urlopen(address + "data/tasks.json", timeout=10) as response:
        return json.loads(response.read())


def document_of(address: str) -> dict:
    """A province's published file with its entries as objects (version 3's shape), to count from."""
    return contract.as_objects(published(address))


def set_field(document: dict, table: str, name: str, value: object, entry: int | None = None) -> None:
    """Change one field of a version 4 document's entries (all of them, or one), where `fields` puts it."""
    place = document["fields"][table].index(name)
    for i, values in enumerate(document[table]):
        if entry is None or i == entry:
            values[place] = value


@pytest.fixture(scope="module")
def broken(provinces) -> Iterator[str]:
    good = json.dumps(published(provinces["tinh-a"]), ensure_ascii=False)
    document = json.loads(good)
    hostile = json.loads(good)
    set_field(hostile, "agencies", "agency_name", SCRIPT)
    set_field(hostile, "tasks", "text", MARKDOWN)
    wrong_url = json.loads(good)
    set_field(wrong_url, "tasks", "url", "javascript:alert(1)", entry=0)
    Broken.files = {
        "tinh-a": good.encode(),
        "tinh-cut": good.encode()[: len(good) // 2],
        "tinh-v5": json.dumps({**document, "version": "5.0"}).encode(),
        "tinh-v1": json.dumps(contract.as_objects(document)["rows"]).encode(),
        "tinh-garbage": "<html><body>Trang bảo trì</body></html>".encode(),
        "tinh-xss": json.dumps(hostile).encode(),
        "tinh-bad-url": json.dumps(wrong_url).encode(),
        "tinh-big": good.encode() + b" " * (2 * 1024 * 1024),
        "tinh-flaky": good.encode(),
    }
    server, address = serve(Broken)
    yield address
    server.shutdown()
    server.server_close()


def write_config(folder: Path, entries: list[tuple[str, str, str]], **settings: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["# DEMO: a national roll-up of invented provinces.", "title: Tổng hợp toàn quốc (demo)"]
    lines += [f"{key}: {value}" for key, value in settings.items()]
    lines.append("provinces:")
    for ident, name, url in entries:
        lines += [f"  - id: {ident}", f'    name: "{name}"', f"    url: {url}"]
    (folder / "federation.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    if not (folder / "docs").exists():
        shutil.copytree(REPO / "docs" / "assets", folder / "docs" / "assets")
    return folder / "federation.yaml"


class Tables(HTMLParser):
    """The tables of a page's article, as rows of (cell text, first link)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, str | None]]]] = []
        self.cell: list[str] | None = None
        self.href: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell, self.href = [], None
        elif tag == "a" and self.cell is not None and self.href is None:
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append((" ".join("".join(self.cell).split()), self.href))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(html: str) -> list[list[list[tuple[str, str | None]]]]:
    parser = Tables()
    parser.feed(html.split("<article", 1)[1])
    return parser.tables


def own_counts(document: dict) -> tuple[int, ...]:
    """A province's figures counted from its own tasks.json, as the test reads the contract."""
    buckets = Counter(BUCKET[row["status"]] for row in document["rows"])  # the status is on the short row
    return (*(buckets[c] for c in COLUMNS[:-1]), len(document["rows"]))


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.split("<article", 1)[1])).split())


FAILING = {
    "tinh-500": "HTTP 500",
    "tinh-cut": "không phải JSON hợp lệ (tệp có thể bị cắt)",
    "tinh-v5": "phiên bản 5.0 của quy ước; công cụ này đọc phiên bản 2.x, 3.x và 4.x",
    "tinh-v1": "quy ước cũ (phiên bản 1",
    "tinh-garbage": "không phải JSON hợp lệ",
    "tinh-bad-url": "sai quy ước ở `tasks[0].url`",
    "tinh-big": "tệp quá lớn",
    "tinh-slow": "không trả lời",
    "tinh-redirect": "không phải http(s)",
    "tinh-off": "không kết nối được",
}


@pytest.fixture(scope="module")
def national(provinces, broken, tmp_path_factory) -> Path:
    entries = [(ident, PROVINCES[ident][0], address) for ident, address in provinces.items()]
    entries += [(ident, f"Tỉnh lỗi {ident}", f"{broken}{ident}/") for ident in FAILING if ident != "tinh-off"]
    entries.append(("tinh-off", "Tỉnh lỗi tinh-off", "http://127.0.0.1:9/"))  # nothing listens on port 9
    entries.append(("tinh-xss", "Tỉnh lạ", f"{broken}tinh-xss/"))
    folder = tmp_path_factory.mktemp("national")
    config = write_config(folder, entries, stale_after_days=30, timeout_seconds=1, max_bytes=1, overdue_per_province=2)
    result = tracker("federate", "--config", str(config), "--today", TODAY, cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return folder / "site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def province_rows(site: Path) -> dict[str, list[tuple[str, str | None]]]:
    first = tables(page(site, ""))[0]
    return {row[0][1].split("/")[1]: row for row in first[1:] if row[0][1]}


def test_each_province_shows_its_own_figures_and_the_total_is_their_sum(national, provinces):
    rows = province_rows(national)
    for ident, address in provinces.items():
        counts = tuple(int(cell) for cell, _ in rows[ident][2:])
        assert counts == own_counts(document_of(address)) == BY_HAND[ident], ident
    total_row = tables(page(national, ""))[0][-1]
    assert total_row[0][0] == "Cộng (4/14 tỉnh có số liệu)"  # the three demo provinces and the one with odd text
    expected = [sum(BY_HAND[p][i] for p in PROVINCES) + BY_HAND["tinh-a"][i] for i in range(len(COLUMNS))]
    assert [int(cell) for cell, _ in total_row[2:]] == expected


def test_per_kind_counts_add_up_across_provinces(national, provinces):
    kinds = {row[0][0]: [int(c) for c, _ in row[1:]] for row in tables(page(national, ""))[1][1:]}
    documents = [document_of(a) for a in provinces.values()] + [document_of(provinces["tinh-a"])]
    expected: dict[str, Counter] = {}
    for document in documents:
        kind_of = {agency["agency_id"]: agency["agency_kind"] for agency in document["agencies"]}
        for row in document["rows"]:
            expected.setdefault(kind_of[row["agency_id"]], Counter())[BUCKET[row["status"]]] += 1
    labels = {"department": "Sở, ban, ngành", "police": "Công an", "group": "Nhóm chưa có danh sách thành viên"}
    assert set(kinds) == {labels[k] for k in expected}
    for kind, counter in expected.items():
        assert kinds[labels[kind]] == [counter[c] for c in COLUMNS[:-1]] + [sum(counter.values())], kind
    # By hand, for the demo: the police has one task with two deliverables, one extended and four quarters each day.
    assert kinds["Công an"][-1] == 7 * 4


def test_a_province_that_fails_is_named_with_its_reason_never_as_zero(national):
    rows = province_rows(national)
    text = text_of(page(national, ""))
    for ident, reason in FAILING.items():
        state, *counts = [cell for cell, _ in rows[ident][1:]]
        assert state.startswith("không lấy được dữ liệu"), (ident, state)
        assert reason in state, (ident, state)
        assert counts == ["—"] * len(COLUMNS), ident
        assert f"Tỉnh lỗi {ident}</strong>: không lấy được dữ liệu: " in page(national, "")
        province = text_of(page(national, f"tinh/{ident}"))
        assert "Không lấy được dữ liệu" in province and reason in province
    assert "Có 10 tỉnh, thành phố hôm nay không lấy được dữ liệu" in text


def test_figures_older_than_the_limit_are_flagged(national):
    rows = province_rows(national)
    assert rows["tinh-a"][1][0] == "01/06/2025 (số liệu cũ)"
    assert rows["tinh-c"][1][0] == "01/04/2025 (số liệu cũ)"
    assert rows["tinh-b"][1][0] == "01/12/2025"
    assert "Số liệu cũ hơn 30 ngày" in page(national, "")


def test_overdue_items_link_to_the_task_on_the_province_site(national, provinces):
    for ident, address in provinces.items():
        document = document_of(address)
        overdue = sorted(
            (r for r in document["rows"] if r["status"] == "overdue"), key=lambda r: (-r["days_overdue"], r["task_id"])
        )
        listed = tables(page(national, f"tinh/{ident}"))[1][1:]
        assert len(listed) == min(2, len(overdue))  # overdue_per_province: 2
        for (_title, link), *_rest in listed:
            assert link.startswith(address + "van-ban/"), link
            target, _, anchor = link.partition("#")
            with urlopen(target, timeout=10) as response:
                assert f'id="{anchor}"' in response.read().decode("utf-8"), link
        assert [int(row[3][0]) for row in listed] == [r["days_overdue"] for r in overdue[:2]]
        if len(overdue) > 2:
            assert f"Còn {len(overdue) - 2} lượt giao quá hạn khác" in text_of(page(national, f"tinh/{ident}"))
    assert len(tables(page(national, "qua-han"))) == 4  # one table per province that has figures and overdue work


def test_text_from_a_province_is_shown_as_text(national):
    html = page(national, "tinh/tinh-xss")
    assert "<script>alert" not in html and "&#60;script&#62;alert" in html
    assert 'href="javascript' not in html and "<strong>đậm" not in html
    listed = tables(html)[1][1:]
    assert listed and all(row[1][0] == SCRIPT for row in listed)
    assert all(row[0][1].startswith("http://127.0.0.1:") for row in listed)


def test_a_failing_province_is_shown_from_its_last_good_copy(provinces, broken, tmp_path):
    config = write_config(tmp_path, [("tinh-flaky", "Tỉnh chập chờn (demo)", f"{broken}tinh-flaky/")])
    Broken.flaky_fails = False
    try:
        first = tracker("federate", "--config", str(config), "--today", TODAY, cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        assert province_rows(tmp_path / "site")["tinh-flaky"][1][0] == "01/06/2025 (số liệu cũ)"
        Broken.flaky_fails = True
        second = tracker("federate", "--config", str(config), "--today", TODAY, cwd=tmp_path)
    finally:
        Broken.flaky_fails = False
    assert second.returncode == 0, second.stderr
    row = province_rows(tmp_path / "site")["tinh-flaky"]
    assert re.fullmatch(
        r"01/06/2025: bản lưu lấy lúc \d\d:\d\d \d\d/\d\d/\d{4}; hôm nay không lấy được dữ liệu: máy chủ trả lỗi "
        r"HTTP 500 \(Internal Server Error\)",
        row[1][0],
    ), row[1][0]
    assert tuple(int(c) for c, _ in row[2:]) == BY_HAND["tinh-a"]
    assert "dùng bản lưu" in second.stdout
    assert "Bản lưu" in page(tmp_path / "site", "tinh/tinh-flaky")


def test_a_bad_configuration_gets_a_located_message_and_builds_nothing(tmp_path):
    (tmp_path / "federation.yaml").write_text(
        "provinces:\n  - id: Tinh A\n    name: A\n    url: ftp://example.org/\n    adress: x\n"
        "  - id: b\n    name: B\n    url: https://b.example.org/?page=1\nstale_after_days: -1\n",
        "utf-8",
    )
    result = tracker("federate", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "federation.yaml:2:9: S007" in result.stderr
    assert "federation.yaml:4:10: S010" in result.stderr
    assert "federation.yaml:5:5: S002" in result.stderr and "`adress`" in result.stderr
    assert "federation.yaml:9:19: S009" in result.stderr
    assert "federation.yaml:8:10: S010" in result.stderr
    assert not (tmp_path / "site").exists()
    missing = tracker("federate", "--config", "khong-co.yaml", cwd=tmp_path)
    assert missing.returncode == 1 and "khong-co.yaml:1:1: Y000" in missing.stderr


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def test_in_a_browser_the_national_page_leads_to_the_task_on_the_province_site(national, provinces):
    from playwright.sync_api import expect, sync_playwright

    server, address = serve(functools.partial(Quiet, directory=str(national)))
    hosts, errors = set(), []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: hosts.add(r.url.split("/")[2].split(":")[0]))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(address)
            expect(page.locator("html")).to_have_attribute("lang", "vi")
            page.locator("article table").first.get_by_role("link", name="Tỉnh B (demo)").click()
            expect(page.locator("article h1")).to_contain_text("Tỉnh B (demo)")
            item = page.locator("article table").nth(1).get_by_role("link").first
            href = item.get_attribute("href")
            assert href.startswith(provinces["tinh-b"] + "van-ban/tinh-b-ke-hoach/#nv-")
            item.click()
            page.wait_for_url(href)
            anchor = href.split("#")[1]
            target = page.locator(f"[id='{anchor}']")
            expect(target).to_be_attached()
            expect(target).to_be_in_viewport()
            assert page.title().startswith("Kế hoạch")  # the province's own page of the directive
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert errors == []
    assert hosts <= {"127.0.0.1"}, hosts


def test_every_status_of_the_contract_falls_in_one_of_the_league_counts():
    from generator.core.contract import STATUSES
    from generator.federate.read import check_document, summarize

    rows = []
    for number, status in enumerate(STATUSES):
        rows.append(
            {
                "task_id": f"vb/{number}",
                "directive_id": "vb",
                "directive_number": None,
                "task_number": str(number),
                "deliverable": None,
                "agency_id": "so-a",
                "agency_name": "Sở A (demo)",
                "agency_kind": "department" if number % 2 else "commune",
                "role": "lead",
                "via_group": None,
                "deadline": None if status in ("ongoing", "done") else "2025-05-01",
                "original_deadline": None,
                "status": status,
                "status_label": status,
                "blocked": False,
                "days_overdue": 3 if status in ("overdue", "done_late") else 0,
                "last_report_date": None,
                "key_task": False,
                "text": "Nhiệm vụ (demo)",
                "url": f"van-ban/vb/#nv-{number}",
                "as_of": "2025-06-01",
            }
        )
    head = {"contract": "directive-tracker/tasks", "version": "2.3", "site_url": None, "future_key": True}
    document = {**head, "as_of": "2025-06-01", "row_count": len(rows), "rows": rows}
    as_of = check_document(document, date(2025, 6, 1))
    summary = summarize(document, as_of, "https://tinh.example.gov.vn/", 10)
    # by hand: one row of each status; in progress and due soon are both "within the deadline"
    assert [getattr(summary.counts, c) for c in COLUMNS[:-1]] == [1, 1, 2, 1, 1, 1]
    assert summary.counts.total == len(STATUSES) == 7
    assert {k: v.total for k, v in summary.by_kind.items()} == {"department": 3, "commune": 4}
    assert [i.link for i in summary.overdue] == ["https://tinh.example.gov.vn/van-ban/vb/#nv-5"]


def a_row() -> dict:
    return {
        "task_id": "vb/1",
        "directive_id": "vb",
        "directive_number": None,
        "task_number": "1",
        "deliverable": None,
        "agency_id": "so-a",
        "agency_name": "Sở A (demo)",
        "agency_kind": "department",
        "role": "lead",
        "via_group": None,
        "deadline": "2025-05-01",
        "original_deadline": None,
        "status": "overdue",
        "status_label": "Quá hạn",
        "blocked": False,
        "days_overdue": 31,
        "last_report_date": None,
        "key_task": False,
        "text": "Nhiệm vụ (demo)",
        "url": "van-ban/vb/#nv-1",
        "as_of": "2025-06-01",
    }


MUTATIONS = [
    {},
    {"extra": [1]},
    {"days_overdue": True},
    {"days_overdue": -1},
    {"days_overdue": 1.5},
    {"days_overdue": "3"},
    {"blocked": 0},
    {"blocked": None},
    {"key_task": "false"},
    {"text": None},
    {"text": 5},
    {"deadline": "2025-5-1"},
    {"deadline": None},
    {"deadline": 20250501},
    {"task_id": ""},
    {"agency_name": ""},
    {"status": "Overdue"},
    {"status": None},
    {"role": "chủ trì"},
    {"agency_kind": "group"},
    {"agency_kind": "ministry"},
    {"url": "javascript:alert(1)"},
    {"url": "//evil.example/x"},
    {"url": "/van-ban/x/"},
    {"url": "van-ban/../../x"},
    {"url": "van-ban/x y/"},
    {"url": "https://elsewhere.example/"},
    {"as_of": "01/06/2025"},
    {"directive_number": 12},
]


@pytest.mark.parametrize("change", MUTATIONS, ids=[str(m) for m in MUTATIONS])
def test_the_fast_row_check_agrees_with_the_schema(change):
    import jsonschema

    from generator.core import contract
    from generator.federate.schema_check import row_check

    validator = jsonschema.Draft202012Validator(contract.schema(2))
    document = {"contract": "directive-tracker/tasks", "version": "2.0", "as_of": "2025-06-01", "site_url": None}
    row = {**a_row(), **change}
    check = row_check(2, "row")
    assert check(row) == validator.is_valid({**document, "row_count": 1, "rows": [row]})
    for missing in a_row():
        short = {k: v for k, v in row.items() if k != missing}
        assert not check(short) and not validator.is_valid({**document, "row_count": 1, "rows": [short]})


def a_v3_document() -> dict:
    """`a_row()` as version 3 has it: its directive, agency and task once each, and the short row."""
    row = a_row()
    pick = lambda definition: {k: row[k] for k in contract.schema(3)["$defs"][definition]["properties"] if k in row}  # noqa: E731
    directive = {"directive_id": "vb", "directive_number": None, "directive_title": "Văn bản (chưa rõ số): demo"}
    head = {"contract": "directive-tracker/tasks", "version": "3.0", "as_of": "2025-06-01", "site_url": None}
    tables = {"directives": [directive], "agencies": [pick("agency")], "tasks": [pick("task")], "rows": [pick("row")]}
    return {**head, **tables, "task_count": 1, "row_count": 1}


@pytest.mark.parametrize("change", MUTATIONS, ids=[str(m) for m in MUTATIONS])
def test_the_fast_check_of_version_3_agrees_with_its_schema(change):
    import jsonschema

    from generator.federate.schema_check import row_check

    validator = jsonschema.Draft202012Validator(contract.schema(3))
    for key, definition in (("agencies", "agency"), ("tasks", "task"), ("rows", "row")):
        document = a_v3_document()
        entry = document[key][0]
        changed = {**entry, **{k: v for k, v in change.items() if k in entry or k == "extra"}}
        assert row_check(3, definition)(changed) == validator.is_valid({**document, key: [changed]}), key
        for missing in entry:
            short = {k: v for k, v in changed.items() if k != missing}
            assert not row_check(3, definition)(short) and not validator.is_valid({**document, key: [short]})


def test_versions_2_3_and_4_of_the_same_figures_read_the_same(provinces):
    """A province that has not upgraded (version 2: every field on every row; version 3: objects) is counted as one
    that has."""
    from generator.federate.config import Province
    from generator.federate.rollup import read_province

    v4 = published(provinces["tinh-b"])
    v3 = {k: v for k, v in contract.as_objects(v4).items() if k != "fields"} | {"version": "3.0"}
    rows = list(contract.joined_rows(v4))
    v2 = {**{k: v4[k] for k in ("contract", "as_of", "site_url")}, "version": "2.0", "row_count": len(rows)}
    province = Province("tinh-b", "Tỉnh B", "https://tinh-b.example.gov.vn/")
    documents = (v4, v3, {**v2, "rows": rows})
    read = [read_province(json.dumps(d).encode(), province, date(2030, 1, 1), 50) for d in documents]
    for other in read[1:]:
        assert read[0].counts == other.counts and read[0].by_kind == other.by_kind
        assert read[0].overdue == other.overdue and read[0].overdue and read[0].blocked == other.blocked
    assert [r.version for r in read] == ["4.0", "3.0", "2.0"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["tasks"].append(dict(d["tasks"][0])), "`tasks[1]`: mã vb/1 đã có ở trên"),
        (lambda d: d["rows"].append(dict(d["rows"][0])), "nhiệm vụ và đơn vị này đã có ở một dòng trên"),
        (lambda d: d["rows"][0].update(task_id="vb/2"), "không có trong `tasks`"),
        (lambda d: d["rows"][0].update(agency_id="so-b"), "không có trong `agencies`"),
        (lambda d: d["tasks"][0].update(directive_id="vb-khac"), "không có trong `directives`"),
        (lambda d: d.update(task_count=2), "tệp ghi 2 nhiệm vụ nhưng có 1"),
        (lambda d: d.pop("agencies"), "sai quy ước ở `gốc`"),
    ],
)
def test_a_version_3_file_that_refers_to_what_it_does_not_list_is_refused(change, reason):
    from generator.federate.read import Unreadable, check_document

    document = a_v3_document()
    change(document)
    document["row_count"] = len(document["rows"])
    with pytest.raises(Unreadable, match=re.escape(reason)):
        check_document(document, date(2025, 6, 1))


def test_a_bad_row_is_named_by_its_place_in_the_file():
    from generator.federate.read import Unreadable, check_document

    rows = [a_row() for _ in range(5)]
    rows[3]["status"] = "xong"
    document = {"contract": "directive-tracker/tasks", "version": "2.0", "as_of": "2025-06-01", "site_url": None}
    with pytest.raises(Unreadable, match=r"rows\[3\]\.status"):
        check_document({**document, "row_count": 5, "rows": rows}, date(2025, 6, 1))


@pytest.mark.parametrize(
    "data",
    [b"[" * 100_000 + b"]" * 100_000, b'{"contract": ' + b"9" * 5000 + b"}", b"\xff\xfe{}", b"", b"null"],
    ids=["nested", "huge-number", "not-utf8", "empty", "null"],
)
def test_any_bytes_are_refused_with_a_reason_never_a_crash(data):
    from generator.federate.read import Unreadable, parse_document

    with pytest.raises(Unreadable):
        parse_document(data)


def a_v4_document() -> dict:
    """`a_v3_document()` as version 4 writes it: each entry an array in the order of `fields`."""
    v3 = a_v3_document()
    tables = {table: contract.as_arrays(table, v3[table]) for table in contract.TABLES}
    return {**v3, **tables, "version": "4.0", "fields": {t: list(contract.fields(t)) for t in contract.TABLES}}


def test_a_version_4_file_reads_as_its_version_3_objects():
    from generator.federate.read import check_document

    document = a_v4_document()
    assert check_document(document, date(2025, 6, 1)) == date(2025, 6, 1)
    assert document["rows"] == a_v3_document()["rows"]  # its entries are objects from here on
    assert list(contract.joined_rows(a_v4_document())) == list(contract.joined_rows(a_v3_document()))


def test_a_later_minor_version_may_append_a_field_that_is_ignored():
    from generator.federate.read import check_document

    document = a_v4_document()
    document["version"] = "4.3"
    document["fields"]["rows"].append("reported_by")
    document["rows"][0].append("le-a")
    check_document(document, date(2025, 6, 1))
    assert document["rows"][0]["reported_by"] == "le-a" and document["rows"][0]["status"] == "overdue"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["rows"][0].pop(), "`rows[0]` có 7 giá trị, cần 8 giá trị theo `fields.rows`"),
        (lambda d: d["tasks"].__setitem__(0, {"task_id": "vb/1"}), "`tasks[0]` không phải một mảng"),
        (lambda d: d["fields"]["rows"].reverse(), "sai quy ước ở `fields.rows[0]`"),
        (lambda d: d.pop("fields"), "sai quy ước ở `gốc`"),
        (lambda d: d["rows"][0].__setitem__(4, "xong"), "sai quy ước ở `rows[0].status`"),
        (lambda d: d["rows"][0].__setitem__(1, "so-b"), "không có trong `agencies`"),
    ],
)
def test_a_version_4_entry_that_breaks_its_table_is_refused_by_its_place(change, reason):
    from generator.federate.read import Unreadable, check_document

    document = a_v4_document()
    change(document)
    with pytest.raises(Unreadable, match=re.escape(reason)):
        check_document(document, date(2025, 6, 1))
