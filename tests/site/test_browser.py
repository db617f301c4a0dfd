"""The built site in a real browser: Debian's Chromium driven by Playwright, the site served on 127.0.0.1.

The site is the real data plus one demo directive (tests/fixtures/browser) due three days after the build date,
so that a page read a week later has something to re-flag. Screenshots of the main pages go to
`test-artifacts/screenshots/` (not committed) for a person to look at.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from datetime import date, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import REPO, copy_tree, make_repo, tracker

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    repo = make_repo(tmp_path_factory.mktemp("browser") / "repo", REPO)
    copy_tree(REPO / "tests" / "fixtures" / "browser", repo, ("directives",))
    result = tracker("build", "--today", "2026-11-22", cwd=repo)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(repo / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page whose console errors, uncaught exceptions and requests are recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.hosts.add(urlsplit(r.url).hostname or r.url))
        page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.hosts <= {"127.0.0.1"}, self.hosts


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    # The build date, in Vietnam: what the pages say is up to date unless a test moves the clock on.
    page.clock.set_fixed_time(datetime(2026, 11, 22, 9, 0, tzinfo=VIETNAM))
    watch = Watched(page)
    yield watch
    context.close()
    watch.assert_clean()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_dashboard_draws_its_charts_and_leads_to_an_agency_and_a_task(site_url, watched):
    page = watched.page
    page.goto(site_url)
    charts = page.locator(".md-content svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 2
    split = page.locator(".tk-bar svg[role=img]").first
    assert "Quá hạn: 3" in split.get_attribute("aria-label")
    box = split.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 10
    assert page.locator(".tk-stale").count() == 0  # read on the build date: nothing to re-flag
    shoot(page, "tong-quan")

    page.locator(".md-content a", has_text="Sở Y tế tỉnh Kon Tum").first.click()
    page.wait_for_url("**/co-quan/kon-tum-so-y-te/")
    expect(page.locator("h1")).to_contain_text("Sở Y tế tỉnh Kon Tum")
    expect(page.locator(".md-content svg[role=img]").first).to_be_visible()
    shoot(page, "co-quan")

    page.locator(".md-content a[href*='#nv-2-5']").first.click()
    page.wait_for_url("**/van-ban/kon-tum-phong-chong-xam-hai-tre-em/#nv-2-5")
    target = page.locator("#nv-2-5")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("2.5")
    shoot(page, "van-ban")


# The document a browser builds, with white space that shows nothing left out: (tag, attributes, children) or text.
_TREE = """(root) => {
  const walk = (node) => node.nodeType === Node.TEXT_NODE
    ? (node.data.trim() ? node.data.replace(/\\s+/g, " ") : null)
    : [node.nodeName, [...node.attributes].map((a) => a.name + "=" + a.value).sort(),
       [...node.childNodes].map(walk).filter((c) => c !== null)];
  return walk(root);
}"""


def test_compact_markup_is_the_same_document_to_a_browser(browser, monkeypatch):
    """Every page of the demo, written by Markdown with and without `compact`: Chromium builds the same elements,
    attributes and text from both (the fold marker excepted, which `compact` moves onto its table)."""
    import markdown

    from generator.core.checks import check_repository
    from generator.core.progress import compute_progress
    from generator.site import markdown_tables, render

    from conftest import DEMO

    dataset, _ = check_repository(DEMO)
    pages = render.render_pages(compute_progress(dataset, date(2025, 6, 1)))
    extensions = [
        "attr_list",
        "md_in_html",
        "admonition",
        "pymdownx.details",
        "tables",
        markdown_tables.makeExtension(),
    ]
    compacted = {path: markdown.markdown(text, extensions=extensions) for path, text in pages.items()}
    monkeypatch.setattr(markdown_tables, "_shrink", lambda text: text)  # the fold marker still on its table
    written = {path: markdown.markdown(text, extensions=extensions) for path, text in pages.items()}
    page = browser.new_page()
    try:
        smaller = 0
        for path in pages:
            trees = []
            for html in (compacted[path], written[path]):
                page.set_content(f"<!doctype html><meta charset=utf-8><body>{html}")
                trees.append(page.evaluate(_TREE, page.locator("body").element_handle()))
            assert trees[0] == trees[1], path
            smaller += len(compacted[path]) < len(written[path])
        assert smaller == len(pages)
    finally:
        page.close()


@pytest.mark.parametrize(
    ("query", "found"),
    [("so y te", "Sở Y tế tỉnh Gia Lai"), ("tre em bi bo roi", "trẻ em bị bỏ rơi")],
)
def test_search_without_diacritics(site_url, watched, query, found):
    page = watched.page
    page.goto(site_url + "tim-kiem/")
    page.locator("#tk-search").press_sequentially(query)
    results = page.locator("#tk-search-results li")
    expect(results.first).to_be_visible()
    expect(page.locator("#tk-search-results")).to_contain_text(found)
    if query == "so y te":
        shoot(page, "tim-kiem")
    link = results.filter(has_text=found).first.locator("a")
    link.click()
    expect(page.locator(".md-content")).to_contain_text(found)


def column(page: Page, table, index: int) -> list[str]:
    return [c.strip() for c in table.locator(f"tbody tr:not([hidden]) td:nth-child({index})").all_inner_texts()]


def test_tables_sort_and_filter(site_url, watched):
    page = watched.page
    page.goto(site_url + "qua-han/")
    table = page.locator(".md-content table").first
    headers = table.locator("thead th")
    days = next(i for i, t in enumerate(headers.all_inner_texts(), 1) if "ngày" in t.lower())
    headers.nth(days - 1).click()
    ascending = [int(v) for v in column(page, table, days)]
    assert ascending == sorted(ascending) and len(set(ascending)) > 1
    headers.nth(days - 1).click()
    assert [int(v) for v in column(page, table, days)] == sorted(ascending, reverse=True)
    # The numbers stand right-aligned by their column, which the table names (no inline style), the words left.
    right = {int(n) for n in (table.get_attribute("data-r") or "").split()}
    assert days in right
    aligned = table.locator("tbody td").evaluate_all(
        "cells => cells.map(c => [c.cellIndex + 1, getComputedStyle(c).textAlign])"
    )
    assert {a for c, a in aligned if c in right} == {"right"} and {a for c, a in aligned if c not in right} == {"left"}
    shoot(page, "qua-han")

    page.goto(site_url + "co-quan/")
    box = page.locator("[data-filter-next-table]").first
    box.press_sequentially("so y te")
    table = page.locator(".md-content table").first
    visible = table.locator("tbody tr:not([hidden])")
    expect(visible).to_have_count(2)
    assert all("Sở Y tế" in t for t in visible.all_inner_texts())


def test_a_page_read_after_a_deadline_re_flags_the_task(site_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2026, 12, 1, 9, 0, tzinfo=VIETNAM))
    watch = Watched(page)
    page.goto(site_url)
    badge = page.locator("span[data-deadline='2026-11-25']").first
    expect(badge).to_have_text("Quá hạn")
    expect(badge).to_have_class("tk-overdue tk-reflagged")
    expect(page.locator(".tk-stale")).to_contain_text("01/12/2026")
    shoot(page, "tong-quan-doc-sau")
    context.close()
    watch.assert_clean()


def test_the_periodic_report_prints_to_a4(site_url, watched):
    page = watched.page
    page.goto(site_url + "bao-cao-dinh-ky/")
    page.locator(".md-content a[href='2025-ca-nam/']").click()
    page.wait_for_url("**/bao-cao-dinh-ky/2025-ca-nam/")
    expect(page.locator(".md-content table").first).to_be_visible()
    assert page.locator(".tk-stale").count() == 0  # a closed period's figures stand at its last day
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    # The page's own print stylesheet sets A4 (Playwright's `format="A4"` would force it whatever the CSS says).
    sizes = page.evaluate(
        """() => [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
            .filter(rule => rule instanceof CSSPageRule).map(rule => rule.style.getPropertyValue("size"))"""
    )
    assert "a4" in [size.lower() for size in sizes]
    pdf = page.pdf(prefer_css_page_size=True)  # no format given: without the CSS rule this is US Letter
    boxes = {tuple(round(float(n)) for n in box.split()) for box in re.findall(rb"/MediaBox\s*\[([\d.\s]+)\]", pdf)}
    assert boxes == {(0, 0, 595, 842)}  # A4 in points: 210 x 297 mm
    shoot(page, "bao-cao-dinh-ky-ban-in")


# -- layout and accessibility at a desktop's and a phone's size ----------------------------------------------------

SIZES = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
# The data pages and, on each, the columns a reader needs (who, what, deadline, days overdue, status): they stay on
# screen at either size; the other columns fold on a phone.
NAMED_COLUMNS = {
    "": ("Đơn vị", "Nhiệm vụ", "Hạn", "Số ngày quá hạn", "Quá hạn", "Tổng"),
    "xep-hang/": ("Đơn vị", "Chưa hoàn thành, quá hạn", "Tỷ lệ hoàn thành"),
    "qua-han/": ("Đơn vị", "Nhiệm vụ", "Hạn", "Số ngày quá hạn"),
    "co-quan/kon-tum-so-y-te/": ("Trạng thái", "Nhiệm vụ", "Hạn", "Số ngày quá hạn"),
}
# Every kind of page of the site: summary pages, an agency's, each directive's, each periodic report, the guides.
AXE_PAGES = (
    "",
    "qua-han/",
    "co-quan/",
    "co-quan/kon-tum-so-y-te/",
    "co-quan/gia-lai-so-y-te/",
    "xep-hang/",
    "van-ban/",
    "van-ban/kon-tum-phong-chong-xam-hai-tre-em/",
    "van-ban/gia-lai-tre-em-hoan-canh-dac-biet/",
    "bao-cao-dinh-ky/",
    "bao-cao-dinh-ky/2025-ca-nam/",
    "bao-cao-dinh-ky/2026-6-thang/",
    "du-lieu/",
    "huong-dan-bao-cao/",
    "tim-kiem/",
    "gioi-thieu/",
)
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

MEASURE = """() => [...document.querySelectorAll('.md-content table')].map(table => {
  const box = table.closest('.md-typeset__scrollwrap') || table.parentElement;
  const headers = [...table.tHead.rows[0].cells].map((th, i) => {
    const r = th.getBoundingClientRect();
    const cell = table.tBodies[0].rows[0] && table.tBodies[0].rows[0].cells[i];
    const c = cell ? cell.getBoundingClientRect() : r;
    const seen = [r, c].every(b => b.width > 0 && b.left >= 0 && b.right <= document.documentElement.clientWidth + 0.5);
    return [th.textContent.replace(/[▲▼]/g, '').trim(), seen];
  });
  return {scroll: table.scrollWidth, box: box.clientWidth, viewport: document.documentElement.clientWidth, headers};
})"""


@pytest.fixture(params=SIZES, ids=[f"{s}px" for s in SIZES])
def sized(request, browser: Browser) -> Iterator[tuple[Watched, str]]:
    context = browser.new_context(viewport=SIZES[request.param], locale="vi-VN")
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2026, 11, 22, 9, 0, tzinfo=VIETNAM))
    watch = Watched(page)
    yield watch, request.param
    context.close()
    watch.assert_clean()


@pytest.mark.parametrize("path", ["van-ban/kon-tum-phong-chong-xam-hai-tre-em/", "huong-dan-bao-cao/"])
def test_every_page_can_reach_every_section_at_either_size(site_url, sized, path):
    """The tabs are on screen at a phone's width too: a directive's page has no other menu (shell.py leaves out the
    one that repeats them), a guide keeps its menu, which holds its table of contents."""
    watch, _ = sized
    page = watch.page
    page.goto(site_url + path)
    tab = page.locator(".md-tabs a", has_text="Xếp hạng")
    tab.scroll_into_view_if_needed()
    expect(tab).to_be_visible()
    expect(tab).to_be_in_viewport()
    tab.click()
    expect(page.locator("article h1")).to_have_text(re.compile("Xếp hạng"))


@pytest.mark.parametrize("path", NAMED_COLUMNS, ids=[p or "tong-quan" for p in NAMED_COLUMNS])
def test_tables_fit_the_screen_and_keep_the_columns_that_matter(site_url, sized, path):
    watch, size = sized
    page = watch.page
    page.goto(site_url + path)
    tables = page.evaluate(MEASURE)
    assert tables
    for table in tables:
        assert table["scroll"] <= table["box"] <= table["viewport"], table  # no sideways scroll
        shown = {name for name, seen in table["headers"] if seen}
        wanted = [name for name in NAMED_COLUMNS[path] if name in dict(table["headers"])]
        assert set(wanted) <= shown, (wanted, table["headers"])
    named = {name for table in tables for name, seen in table["headers"]}
    assert set(NAMED_COLUMNS[path]) <= named  # every named column is on the page
    shoot(page, f"{(path.strip('/').replace('/', '-') or 'tong-quan')}-{size}")
    if size == "390":
        folded = page.locator("button.tk-unfold").first
        expect(folded).to_be_visible()
        hidden = page.locator("table[data-tk-fold] th.tk-fold").first
        expect(hidden).to_be_hidden()
        folded.click()  # the folded columns are one press away
        expect(hidden).to_be_visible()
    else:
        assert page.locator("button.tk-unfold").first.is_hidden()


def test_no_wcag_21_aa_violation_on_any_page_at_either_size(site_url, sized):
    from axe_playwright_python.sync_playwright import Axe

    watch, size = sized
    axe, found = Axe(), {}
    for path in AXE_PAGES:
        watch.page.goto(site_url + path)
        result = axe.run(watch.page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        violations = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result.response["violations"]]
        if violations:
            found[path] = violations
        if path in ("van-ban/kon-tum-phong-chong-xam-hai-tre-em/", "bao-cao-dinh-ky/2025-ca-nam/", "du-lieu/"):
            shoot(watch.page, f"{path.strip('/').replace('/', '-')}-{size}")
    assert found == {}


def test_the_browser_sorts_names_in_the_same_vietnamese_order_as_the_server(site_url, watched):
    from test_figures import VIETNAMESE_ORDER

    from generator.core.collation import vi_sorted

    page = watched.page
    page.goto(site_url + "co-quan/")
    shuffled = list(reversed(VIETNAMESE_ORDER))
    in_browser = page.evaluate("names => names.slice().sort(new Intl.Collator('vi').compare)", shuffled)
    assert in_browser == vi_sorted(shuffled) == VIETNAMESE_ORDER
    # The same column, sorted by a click on its header: the order the server would give.
    table = page.locator(".md-content table").first
    table.locator("thead th").first.click()
    names = column(page, table, 1)
    assert names == vi_sorted(names) and names != sorted(names)
    table.locator("thead th").first.click()
    assert column(page, table, 1) == list(reversed(vi_sorted(names)))
