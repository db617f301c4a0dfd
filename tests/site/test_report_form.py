"""The report form in Chromium: it writes a report file that `tracker check` accepts, every character kept."""

from __future__ import annotations

import functools
import threading
import unicodedata
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, sync_playwright
from test_browser import CHROMIUM, CHROMIUM_ARGS, QuietHandler

from generator.core.checks import check_repository
from generator.core.yamlio import load_text

from conftest import DEMO, make_repo, tracker

REPOSITORY = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "ubnd-demo/theo-doi"}
HOSTILE = (
    'Kết quả: đã xong "phần 1"; # không phải chú thích\n- gạch đầu dòng\n'
    "key: value, {a: b}, [x], &anchor *alias, `mã`, <script>alert(1)</script>, 100% | ống\n"
    "  thụt lề, tab\tở giữa, dấu \\ ngược"
)
DECOMPOSED = unicodedata.normalize("NFD", "Sở Y tế đã hoàn thành việc kiểm tra")


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    repo = make_repo(tmp_path_factory.mktemp("form") / "repo", DEMO)
    result = tracker("build", "--today", "2025-06-01", cwd=repo, env=REPOSITORY)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(repo / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield repo, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_form(browser: Browser, base: str, task: str = "demo-ke-hoach/1.2", agency: str = "demo-so-a"):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}bao-cao/?nv={task}&dv={agency}")
    return page, errors


def test_the_form_writes_a_report_file_that_check_accepts_with_every_character(served, browser):
    repo, base = served
    page, errors = open_form(browser, base)
    page.check("input[value=done]")
    page.fill("#tk-date", "31/05/2025")
    page.fill("#tk-completed", "30/05/2025")
    page.fill("#tk-note", HOSTILE)
    page.check("#tk-blocked")
    page.fill("#tk-difficulties", DECOMPOSED)
    page.fill("#tk-until", "30/06/2025")
    page.fill("#tk-reason", "Chờ: số liệu")
    page.click("#tk-add-evidence")
    page.fill("#tk-ev-1-document", "12/BC-SOA")
    page.fill("#tk-ev-1-url", "https://example.gov.vn/12.pdf?a=1&b=2")
    page.click("button[type=submit]")
    link = page.get_attribute("#tk-github-link", "href")
    assert errors == []
    address = urlsplit(link)
    assert (address.netloc, address.path) == ("github.com", "/ubnd-demo/theo-doi/new/main")
    query = parse_qs(address.query)
    name, text = query["filename"][0], query["value"][0]
    assert name.startswith("reports/demo-ke-hoach/1.2/2025-05-31-demo-so-a-")
    assert text == page.text_content("#tk-yaml")
    target = repo / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    try:
        dataset, diagnostics = check_repository(repo)
        assert diagnostics == []
        report = next(r for r in dataset.reports if r.loc.file == name)
        tree, _ = load_text(text, name)
        assert str(tree["note"]) == HOSTILE.strip()  # the file holds every character as typed
        assert report.note == " ".join(HOSTILE.split())  # as every text with a line break is read
        assert report.difficulties == unicodedata.normalize("NFC", DECOMPOSED)
        assert (report.date.isoformat(), report.completed.isoformat(), report.blocked) == (
            "2025-05-31",
            "2025-05-30",
            True,
        )
        assert report.extension_request.until.isoformat() == "2025-06-30"
        assert report.evidence[0].url == "https://example.gov.vn/12.pdf?a=1&b=2"
    finally:
        target.unlink()
    issue = urlsplit(page.get_attribute("#tk-issue-link", "href"))
    fields = parse_qs(issue.query)
    assert fields["template"] == ["bao-cao.yml"] and fields["nhiem-vu"] == ["demo-ke-hoach/1.2"]
    page.close()


def test_an_impossible_date_is_refused_beside_its_field(served, browser):
    _repo, base = served
    page, errors = open_form(browser, base)
    page.fill("#tk-date", "31/02/2025")
    page.fill("#tk-note", "Đang làm.")
    page.click("button[type=submit]")
    assert "Ngày không hợp lệ" in page.text_content("#tk-date-error")
    assert page.get_attribute("#tk-date", "aria-invalid") == "true"
    assert page.is_hidden("#tk-result")
    page.fill("#tk-date", "30/05/2025")
    page.fill("#tk-note", "")
    page.click("button[type=submit]")
    assert page.text_content("#tk-date-error") == ""
    assert "nội dung" in page.text_content("#tk-note-error")
    assert page.is_hidden("#tk-result") and errors == []
    page.close()


def test_without_a_repository_the_form_offers_the_file(tmp_path, browser):
    repo = make_repo(tmp_path / "repo", DEMO)
    assert tracker("build", "--today", "2025-06-01", cwd=repo).returncode == 0
    html = (repo / "site" / "bao-cao" / "index.html").read_text("utf-8")
    assert 'data-new-file=""' in html and 'data-issue-form=""' in html


def test_from_a_directive_page_the_clerk_names_the_agency(served, browser):
    _repo, base = served
    page = browser.new_page()
    page.goto(f"{base}bao-cao/?nv=demo-ke-hoach/1.2")
    assert page.is_visible("#tk-agency")
    page.fill("#tk-note", "Đang làm.")
    page.click("button[type=submit]")
    assert "mã đơn vị" in page.text_content("#tk-agency-error") and page.is_hidden("#tk-result")
    page.fill("#tk-agency", "demo-so-a")
    page.click("button[type=submit]")
    assert page.text_content("#tk-filename").startswith("reports/demo-ke-hoach/1.2/")
    assert "-demo-so-a-" in page.text_content("#tk-filename")
    page.close()


def test_every_assignment_on_an_agency_page_opens_the_form_filled_in(served):
    repo, _base = served
    html = (repo / "site" / "co-quan" / "demo-so-a" / "index.html").read_text("utf-8")
    assert "bao-cao/?nv=demo-ke-hoach/1.2&amp;dv=demo-so-a" in html
