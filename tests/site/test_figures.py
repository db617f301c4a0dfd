"""What a leader reads and a clerk acts on: figures that state their denominators, lists in Vietnamese order,
periodic reports whose headline equals their tables, what a clerk needs on an agency page, nothing unfinished
published, and no feed without the site's public address."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from generator.core import contract
from generator.core.collation import vi_key, vi_sorted

from conftest import DEMO, REPO, make_repo, tracker

# Real names of agencies and communes, in the order a Vietnamese reader expects (a ă â b c d đ e ê … o ô ơ … u ư …,
# tones after the base letter). Code-point order breaks it in three places: Đ after T, Ủ after V, ô after ộ.
VIETNAMESE_ORDER = [
    "Đắk Glei",
    "Đắk Hà",
    "Đắk Tô",
    "Ia H'Drai",
    "Kon Plông",
    "Kon Rẫy",
    "Ngọc Hồi",
    "Sở Nội vụ tỉnh Kon Tum",
    "Sở Nông nghiệp và Môi trường tỉnh Kon Tum",
    "Sở Tài chính tỉnh Kon Tum",
    "Sở Tư pháp tỉnh Kon Tum",
    "Sở Y tế tỉnh Kon Tum",
    "Tu Mơ Rông",
    "Ủy ban MTTQ Việt Nam tỉnh Gia Lai",
    "Văn phòng UBND tỉnh",
]


def test_names_sort_in_vietnamese_alphabetical_order():
    shuffled = list(reversed(VIETNAMESE_ORDER))
    assert vi_sorted(shuffled) == VIETNAMESE_ORDER
    assert sorted(shuffled) != VIETNAMESE_ORDER  # what code-point order would give instead
    assert vi_sorted(["ư", "u", "ơ", "ô", "o", "ê", "e", "đ", "d", "â", "ă", "a"]) == [
        "a",
        "ă",
        "â",
        "d",
        "đ",
        "e",
        "ê",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
    ]
    assert vi_sorted(["mạ", "mã", "mả", "má", "mà", "ma"])[0] == "ma"  # the toneless word first
    decomposed = "Đắk Hà".replace("ắ", "a\u0306\u0301")  # the same name typed with combining marks
    assert vi_key(decomposed) == vi_key("Đắk Hà")


def build(tmp_path_factory, name: str, data: Path, today: str, env: dict | None = None):
    repo = make_repo(tmp_path_factory.mktemp(name) / "repo", data)
    result = tracker("build", "--today", today, cwd=repo, env=env)
    assert result.returncode == 0, result.stderr
    return repo, result


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The real data on 22/11/2026, built without a site address and without a repository."""
    return build(tmp_path_factory, "real", REPO, "2026-11-22")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build(tmp_path_factory, "demo", DEMO, "2025-06-01", {"TRACKER_SITE_URL": "https://example.org/theo-doi"})


def page(repo: Path, path: str) -> str:
    return (repo / "site" / path / "index.html").read_text("utf-8")


def text_of(markup: str) -> str:
    inline = re.sub(r"</?(strong|code|a|span|em)\b[^>]*>", "", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def rows_of(table: str) -> list[str]:
    """A table's rows, the header's first, as markup: a row ends where the next begins (the pages leave out the
    end tags HTML lets them, `</tr>` and `</td>` among them)."""
    return re.split(r"<tr>", re.sub(r"</t(?:body|head|able)>", "", table))[1:]


def cells_of(row: str) -> list[str]:
    """A row's cells (`<td>` or `<th>`) as markup."""
    return [re.sub(r"</t[dhr]>\s*$", "", cell.strip()) for cell in re.split(r"<t[dh][^>]*>", row)[1:]]


def article(markup: str) -> str:
    return markup.split("<article", 1)[1].split("</article>", 1)[0]


def test_the_dashboard_says_that_every_dated_assignment_is_overdue_and_none_reported(real):
    words = text_of(article(page(real[0], "")))
    assert "Quá hạn: 3/3 lượt giao có hạn (100%): tất cả 3 lượt giao có hạn đều đã quá hạn." in words
    assert (
        "Chưa báo cáo lần nào: 200/200 lượt giao (100%): chưa có lượt giao nào trong 200 lượt giao được báo cáo"
        in words
    )
    assert "hạn sớm nhất chưa có báo cáo: 15/05/2025" in words
    assert "Thường xuyên (không có hạn, tính riêng, không tính vào các tỷ lệ trên): 197 lượt giao" in words
    assert "98%" not in words and "2%" not in words  # no share of all assignments, where ongoing work dilutes


def test_every_percentage_on_the_dashboard_and_league_states_its_denominator(real, demo):
    for repo in (real[0], demo[0]):
        for path in ("", "xep-hang"):
            words = text_of(article(page(repo, path)))
            for match in re.finditer(r"\d+ ?%", words):
                before = words[max(0, match.start() - 40) : match.start()]
                assert re.search(r"\b\d+/\d+\b", before), (path, before)


def test_a_chart_with_nothing_to_show_says_so(real):
    dashboard = article(page(real[0], ""))
    assert "tk-months" not in dashboard  # twelve zeros are not drawn
    assert "Không có lượt giao nào chưa hoàn thành có hạn trong 12 tháng tới (từ 11/2026 đến 10/2027)" in text_of(
        dashboard
    )


def test_the_dashboard_ranks_the_agencies_with_the_most_overdue_work(real):
    dashboard = article(page(real[0], ""))
    ranking = dashboard.split('class="tk-chart tk-ranking"', 1)[1].split("</figure>", 1)[0]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>.*?tk-ranking-n">(\d+)<', ranking) == [
        ("co-quan/kon-tum-so-y-te/", "Sở Y tế tỉnh Kon Tum", "3")
    ]


PERIOD_COUNTS = ("total", "done_on_time", "done_late", "within_deadline", "overdue", "ongoing")


def period_pages(repo: Path) -> list[Path]:
    return sorted((repo / "site" / "bao-cao-dinh-ky").glob("20*/index.html"))


def section_table(markup: str, anchor: str) -> str:
    """The table under the heading of id `anchor`, up to the next heading; empty when there is none."""
    part = markup.split(f'id="{anchor}"', 1)
    if len(part) < 2:
        return ""
    found = re.search(r"<table[^>]*>.*?</table>", re.split(r"<h[1-3]", part[1], maxsplit=1)[0], re.S)
    return found.group(0) if found else ""


def test_every_periodic_report_headline_equals_its_own_tables(real, demo):
    checked = 0
    for repo in (real[0], demo[0]):
        for path in period_pages(repo):
            markup = article(path.read_text("utf-8"))
            headline = {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', markup)}
            assert set(headline) == set(PERIOD_COUNTS), path
            tables = re.findall(r"<table[^>]*>.*?</table>", markup, re.S)
            total_row = next(row for row in rows_of(tables[0]) if "Tổng cộng" in row)
            cells = [int(c) for c in re.findall(r"<strong>(\d+)</strong>", total_row)]
            assert cells == [headline[k] for k in PERIOD_COUNTS], path
            # The overdue work adds up to the headline: the period's own listed one by one, the work carried over
            # from earlier periods counted per agency (a row per agency, each linked to its agency's page).
            own, carried = section_table(markup, "qua-han-trong-ky"), section_table(markup, "qua-han-tu-ky-truoc")
            listed = len(re.findall(r"<tr>", own)) - 1 if own else 0
            per_agency = [int(c) for row in rows_of(carried) for c in cells_of(row) if c.isdigit()]
            total = [int(n) for n in re.findall(r"<strong>(\d+)</strong>", carried)]
            assert total == ([sum(per_agency)] if carried else []), path
            assert listed + sum(per_agency) == headline["overdue"], path
            assert len(re.findall(r'<a href="\.\./\.\./co-quan/', carried)) == len(per_agency), path
            checked += 1
    assert checked >= 6  # two years of 6-month and full-year reports for the real data, and the demo's


def test_server_lists_are_in_vietnamese_order(real):
    repo = real[0]
    for path in period_pages(repo):
        table = re.findall(r"<table[^>]*>.*?</table>", article(path.read_text("utf-8")), re.S)[0]
        names = [text_of(cells_of(row)[0]) for row in rows_of(table)[1:]]
        names = [n for n in names if n != "Tổng cộng"]
        assert names == vi_sorted(names) and names != sorted(names), path
    # The agency list: most overdue first, then, among equals, in alphabetical order.
    table = re.findall(r"<table[^>]*>.*?</table>", article(page(repo, "co-quan")), re.S)[0]
    names = [text_of(cells_of(row)[0]) for row in rows_of(table)[1:]]
    assert names[0] == "Sở Y tế tỉnh Kon Tum"
    assert names[1:] == vi_sorted(names[1:]) and names[1:] != sorted(names[1:])
    # The workbook's sheet of agencies is in the same order as the league page.
    import pandas as pd

    sheet = pd.read_excel(repo / "site" / "data" / "tasks.xlsx", sheet_name="Theo đơn vị")
    league = re.findall(r"<table[^>]*>.*?</table>", article(page(repo, "xep-hang")), re.S)[0]
    league_names = [text_of(cells_of(row)[0]) for row in rows_of(league)[1:]]
    assert list(sheet["Đơn vị"]) == league_names == names


def test_an_agency_page_gives_a_clerk_the_ids_and_how_to_report(real):
    markup = article(page(real[0], "co-quan/kon-tum-so-y-te"))
    assert "<code>kon-tum-so-y-te</code>" in markup  # the agency's own id
    tasks = markup.split('id="nhiem-vu"', 1)[1]
    rows = rows_of(re.search(r"<table[^>]*>.*?</table>", tasks, re.S).group(0))[1:]
    assert len(rows) == 10
    for row in rows:
        # Under the task's title, one line: its id (what a report's `task:` says), then the action.
        lines = re.findall(r'<span class="tk-line">(.*?)</span>', row, re.S)
        code = re.match(r"<code>(kon-tum-phong-chong-xam-hai-tre-em/[^<]+)</code> · ", lines[0])
        assert code, lines[0]
        # The action opens the report form filled in for this task and agency; the guide is linked once, above.
        key = code.group(1)  # its `/` as it is: a query may hold one
        assert f'<a href="../../bao-cao/?nv={key}&amp;dv=kon-tum-so-y-te">Báo cáo</a>' in lines[0]
        assert "cách báo cáo" not in lines[0]
        # The task links to its place on the directive's page (where its full title is); the directive's number is text.
        assert '<td><a href="../../van-ban/kon-tum-phong-chong-xam-hai-tre-em/#nv-' in row
        assert cells_of(row)[2] == "Văn bản (chưa rõ số): Tăng cường bảo vệ, phòng, chống xâm hại trẻ em năm 2025"
    intro = markup.split('id="nhiem-vu"', 1)[1].split("<table", 1)[0]
    assert 'href="../../huong-dan-bao-cao/">cách báo cáo</a>' in intro
    assert "mã nhiệm vụ (trường <code>task:</code> của báo cáo)" in intro


def test_without_a_repository_the_action_still_opens_the_form(demo):
    repo, _ = demo
    # The demo is built without GITHUB_REPOSITORY: the form then offers the file to download (test_report_form).
    assert '<a href="../../bao-cao/?nv=demo-ke-hoach/1.2&amp;dv=demo-so-a">Báo cáo</a>' in page(
        repo, "co-quan/demo-so-a"
    )


def test_the_directive_page_has_a_progress_bar_and_no_empty_header(real):
    markup = article(page(real[0], "van-ban/kon-tum-phong-chong-xam-hai-tre-em"))
    assert "Tiến độ: 0/67 lượt giao đã hoàn thành (0%); quá hạn 3." in text_of(markup)
    assert 'aria-label="Tiến độ các nhiệm vụ của văn bản: Quá hạn: 3; Thường xuyên: 64"' in markup
    for head in re.findall(r"<thead>.*?</thead>", markup, re.S):
        assert all(text_of(th) for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)), head
    # Under each item, one line: its deadline, its id (what a report's `task:` says), the action.
    facts = re.findall(r'<p class="tk-item-facts">(.*?)</p>', markup, re.S)[0]
    assert [part.strip()[:22] for part in text_of(facts).split(" · ")] == [
        "Hạn: không có hạn",
        "Mã: kon-tum-phong-chon",
        "Báo cáo",
    ]
    assert '<a href="../../bao-cao/?nv=kon-tum-phong-chong-xam-hai-tre-em/' in facts
    # The reporting guide is linked once, above the tasks, not beside every item's action.
    intro = markup.split('id="nhiem-vu"', 1)[1].split("<h3", 1)[0]
    assert 'href="../../huong-dan-bao-cao/">cách báo cáo</a>' in intro and markup.count("cách báo cáo") == 1


def test_the_agency_trend_is_drawn_with_words(real):
    markup = article(page(real[0], "co-quan/kon-tum-so-y-te"))
    label = re.findall(r'<div class="tk-chart tk-trend"><svg role="img" aria-label="([^"]+)"', markup)[0]
    assert label.startswith("Số báo cáo và số lượt giao quá hạn của Sở Y tế tỉnh Kon Tum theo tháng: 12/2025:")
    assert "11/2026: 0 báo cáo, 3 quá hạn" in label and label.count("báo cáo,") == 12


def test_the_footer_is_vietnamese(real):
    markup = page(real[0], "")
    footer = markup.split('<footer class="md-footer">', 1)[1]
    assert "Made with" not in footer and "Material for MkDocs" not in footer
    assert "Dữ liệu mở do Văn phòng UBND tỉnh cập nhật" in footer


def test_without_a_site_address_there_is_no_feed_and_the_build_says_so_once(real):
    repo, result = real
    assert not (repo / "site" / "data" / "bao-cao-moi.atom").exists()
    said = (result.stdout + result.stderr).count("chưa có địa chỉ công khai của trang")
    assert said == 1
    for path in ("", "du-lieu"):
        assert "bao-cao-moi.atom" not in page(repo, path)
    assert "Nguồn tin Atom về báo cáo tiến độ mới nhất: chưa có" in text_of(page(repo, "du-lieu"))


def test_with_a_site_address_the_feed_is_absolute(demo):
    repo, result = demo
    feed = (repo / "site" / "data" / "bao-cao-moi.atom").read_text("utf-8")
    assert "<id>https://example.org/theo-doi/data/bao-cao-moi.atom</id>" in feed
    assert all(v.startswith("https://example.org/theo-doi/") for v in re.findall(r"<id>(.*?)</id>", feed))
    assert all(v.startswith("https://") for v in re.findall(r'href="(.*?)"', feed))
    assert "chưa có địa chỉ công khai" not in result.stdout + result.stderr


def test_a_draft_is_checked_but_not_published(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    draft = repo / "directives" / "demo-ban-nhap.yaml"
    text = (repo / "directives" / "demo-ke-hoach.yaml").read_text("utf-8")
    text = text.replace("id: demo-ke-hoach", "id: demo-ban-nhap\ndraft: true", 1)
    draft.write_text(text.replace("issuer: Ủy ban nhân dân tỉnh Demo", 'issuer: "CẦN BỔ SUNG"'), "utf-8")
    result = tracker("build", "--today", "2025-06-01", cwd=repo)
    assert result.returncode == 0, result.stderr
    site = repo / "site"
    assert not (site / "van-ban" / "demo-ban-nhap").exists()
    document = contract.as_objects(json.loads((site / "data" / "tasks.json").read_text()))
    assert not any(r["directive_id"] == "demo-ban-nhap" for r in document["tasks"] + document["directives"])
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".ics"):
            assert "demo-ban-nhap" not in path.read_text("utf-8", errors="replace"), path
    draft.write_text(draft.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    refused = tracker("check", cwd=repo)
    assert refused.returncode == 1 and "directives/demo-ban-nhap.yaml:" in refused.stdout
    assert " S020 Bản nháp chưa hoàn thiện: chỗ cần bổ sung 1/1" in refused.stdout
