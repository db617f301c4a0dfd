"""`tracker import`: drafts from the real seeds reproduce the hand-made directive files' tasks, from text, from a
PDF made by Chromium and from a Word file; deadlines in Vietnamese; unresolved parts left for a person."""

from __future__ import annotations

import html
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import sync_playwright
from test_browser import CHROMIUM, CHROMIUM_ARGS

from generator.core.load import load_dataset
from generator.core.model import Directive, Every
from generator.core.names import fold
from generator.core.parse import parse_directive, parse_document
from generator.importer.deadlines import find_deadlines
from generator.importer.extract import MAX_FILE_BYTES, extract

from conftest import REPO, make_repo, tracker

SOURCES = REPO / "directives" / "sources"
SEEDS = {  # source, hand-made file, what the command is told
    "kon-tum": (SOURCES / "003_bb4126f942e211b3.txt", "kon-tum-phong-chong-xam-hai-tre-em", ()),
    "gia-lai": (SOURCES / "000_e8529ba9a7e2f6dd.txt", "gia-lai-tre-em-hoan-canh-dac-biet", ("--province", "Gia Lai")),
}


def tasks_of(directive: Directive) -> list[tuple]:
    """What the import must get right: each task's id, who is given it in which role, and its deadlines."""
    return [
        (
            t.id,
            sorted((a.agency or fold(a.text or ""), a.role.value) for a in t.assignees),
            t.deadline,
            [(d.id, d.deadline) for d in t.deliverables],
        )
        for t in directive.tasks
    ]


def hand_made(name: str) -> Directive:
    dataset, *_ = load_dataset(REPO)
    return next(d for d in dataset.directives if d.id == name)


def imported(repo: Path, source: Path, *options: str) -> tuple[Directive, str]:
    result = tracker("import", str(source), "--id", "ban-nhap", *options, cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (repo / "directives" / "ban-nhap.yaml").read_text("utf-8")
    directive, problems = parse_document(text, "directives/ban-nhap.yaml", parse_directive)
    assert problems == [] and directive is not None
    return directive, text


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", REPO)


@pytest.mark.parametrize("seed", SEEDS, ids=SEEDS)
def test_importing_a_seed_reproduces_the_hand_made_tasks_and_passes_the_check(repo, seed):
    source, name, options = SEEDS[seed]
    draft, text = imported(repo, source, *options)
    expected = hand_made(name)
    assert tasks_of(draft) == tasks_of(expected)
    assert [t.text for t in draft.tasks] == [t.text for t in expected.tasks]  # verbatim, footnotes taken out
    assert [(r.number, r.date) for r in draft.references] == [(r.number, r.date) for r in expected.references]
    assert [r.text for r in draft.recipients] == [r.text for r in expected.recipients]
    assert [r.agency for r in draft.recipients] == [r.agency for r in expected.recipients]
    assert [c.text for c in draft.copy_to] == [c.text for c in expected.copy_to]
    assert draft.signer == expected.signer
    assert draft.number is None and draft.date is None  # lost in the extraction: unknown, not guessed
    result = tracker("check", cwd=repo)
    assert result.returncode == 0, result.stdout
    task_lines = [line for line in text.splitlines() if re.match(r"\s+- id: .*# dòng \d+$", line)]
    assert len(task_lines) == len(expected.tasks)  # every task says which line of the source it came from


def test_footnotes_are_taken_out_of_the_sentences_and_kept_with_their_references():
    source = extract(SEEDS["kon-tum"][0])
    assert sorted(source.footnotes) == [1, 2, 3, 4, 5]
    assert source.footnotes[1] == "Về việc hướng dẫn nhiệm vụ trọng tâm công tác trẻ em năm 2025."
    text = " ".join(line.text for line in source.lines)
    assert "năm 20251" not in text and "Về việc hướng dẫn" not in text and "1583/KH-UBND" not in text


def test_without_the_province_agencies_named_in_two_provinces_are_left_for_a_person(repo):
    draft, text = imported(repo, SEEDS["gia-lai"][0])
    health = [a for t in draft.tasks if t.section == "2" for a in t.assignees if a.text == "Sở Y tế"]
    assert health and all(a.agency is None for a in health)  # not guessed
    assert "nhiều cơ quan cùng tên: gia-lai-so-y-te, kon-tum-so-y-te" in text


DEADLINES = {
    "Báo cáo kết quả trước ngày 15 tháng 5 năm 2025.": [(None, date(2025, 5, 15))],
    "hoàn thành trước 20/5/2025": [(None, date(2025, 5, 20))],
    "(6 tháng trước ngày 20 tháng 5 năm 2025 và cả năm trước ngày 20 tháng 11 năm 2025)": [
        ("6-thang", date(2025, 5, 20)),
        ("ca-nam", date(2025, 11, 20)),
    ],
    "Triển khai trong tháng 6/2025.": [(None, date(2025, 6, 30))],
    "hoàn thành trong quý III/2025": [(None, date(2025, 9, 30))],
    "báo cáo trong vòng 15 ngày kể từ ngày ký": [(None, None)],  # the signing date is not known
    "định kỳ hằng quý báo cáo kết quả": [(None, None)],
    "trước ngày 31 tháng 2 năm 2025": [(None, None)],
    "Tiếp tục thực hiện thường xuyên.": [],
    "hoàn thành trong tháng 13/2025": [(None, None)],
    "trước ngày 05/6 và 05/12 hàng năm": [(None, None)],  # recurring: no made-up date
    "định kỳ hằng quý, trước ngày 20 của tháng cuối quý": [(None, None)],
    "ngay sau khi có kết quả kiểm tra": [(None, None)],
    "không quá 2 tháng kể từ ngày ban hành văn bản này": [(None, None)],
    "hoàn thành trong năm 2026": [(None, date(2026, 12, 31))],
    "trước 14 giờ, ngày 05/12/2017": [(None, date(2017, 12, 5))],
    "chậm nhất 10h00' ngày 27/4/2020": [(None, date(2020, 4, 27))],
    "hạn trước ngày 30/6/2022 nhưng đến nay đã quá hạn": [],  # missed already: no deadline
}

KINDS = {  # what a person must finish: the kind of each deadline that has no date of its own
    "trước ngày 05/6 và 05/12 hàng năm": ["recurring"],
    "định kỳ hằng quý, trước ngày 20 của tháng cuối quý": ["recurring"],
    "ngay sau khi có kết quả kiểm tra": ["relative"],
    "trong vòng 15 ngày kể từ ngày ký": ["relative"],
    "Nếu có vướng mắc, báo cáo trước ngày 15/5/2025.": ["condition"],  # a condition, not a deadline
    "Trường hợp vượt thẩm quyền, báo cáo Thủ tướng Chính phủ.": ["condition"],
}


@pytest.mark.parametrize("text", KINDS, ids=range(len(KINDS)))
def test_relative_recurring_and_conditional_deadlines_are_kept_as_text(text):
    assert [d.kind for d in find_deadlines(text)] == KINDS[text]
    assert all(d.problem for d in find_deadlines(text))  # each is marked for a person (# CẦN BỔ SUNG)


@pytest.mark.parametrize("text", DEADLINES, ids=range(len(DEADLINES)))
def test_vietnamese_deadlines(text):
    assert [(d.part_id, d.deadline) for d in find_deadlines(text)] == DEADLINES[text]


def test_a_period_counted_from_the_signing_date_needs_that_date():
    (due,) = find_deadlines("trong vòng 15 ngày kể từ ngày ký", signed=date(2025, 6, 2))
    assert due.deadline == date(2025, 6, 17)
    (working,) = find_deadlines("trong 3 ngày làm việc kể từ ngày ký", signed=date(2025, 6, 6))  # a Friday
    assert working.deadline == date(2025, 6, 11) and working.problem  # Monday, Tuesday, Wednesday; holidays unknown
    (periodic,) = find_deadlines("định kỳ hằng quý")
    assert periodic.every is Every.QUARTER and periodic.problem


def test_metadata_of_a_complete_header_is_read(repo, tmp_path):
    header = (
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n",
        "ỦY BAN NHÂN DÂN TỈNH KON TUM          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 2362/KH-UBND                        Độc lập - Tự do - Hạnh phúc\n"
        "Kon Tum, ngày 02 tháng 7 năm 2020\n\nKính gửi:\n",
    )[1]
    source = tmp_path / "van-ban.txt"
    source.write_text(header + SEEDS["kon-tum"][0].read_text("utf-8"), "utf-8")
    draft, text = imported(repo, source)
    assert (draft.number, draft.type, draft.date, draft.place) == (
        "2362/KH-UBND",
        "Kế hoạch",
        date(2020, 7, 2),
        "Kon Tum",
    )
    assert draft.issuer == "Ủy ban nhân dân tỉnh Kon Tum"
    assert tasks_of(draft) == tasks_of(hand_made(SEEDS["kon-tum"][1]))
    assert 'number: "2362/KH-UBND"  # dòng 2' in text


def seed_as_pdf(source: Path, target: Path) -> None:
    """Print the seed with Chromium as the PDF it came from: its pages end where its footnote blocks begin, each
    page with its footnotes at the bottom under a rule."""
    pages, notes, page, in_notes = [], [], [], False
    for line in source.read_text("utf-8").splitlines():
        if re.fullmatch(r"[ \t]{20,}", line):
            in_notes = True
        elif in_notes and re.match(r"^\s+[a-zà-ỹđ(]", line):
            pages.append((page, notes))
            page, notes, in_notes = [line], [], False
        elif in_notes:
            notes.append(line)
        else:
            page.append(line)
    pages.append((page, notes))
    body = "".join(
        '<section><pre class="body">{}</pre><hr><pre class="notes">{}</pre></section>'.format(
            html.escape("\n".join(lines)), html.escape("\n".join(n for n in footnotes if n.strip()))
        )
        for lines, footnotes in pages
    )
    style = (
        "section{break-after:page} pre{font-family:'Liberation Serif',serif;white-space:pre;margin:0}"
        ".body{font-size:10pt}.notes{font-size:8pt}hr{width:30%;margin:8pt 0 4pt 0}"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page_ = browser.new_page()
        page_.set_content(f"<!doctype html><meta charset=utf-8><style>{style}</style>{body}")
        page_.pdf(path=str(target), format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm"})
        browser.close()


@pytest.mark.parametrize("seed", SEEDS, ids=SEEDS)
def test_a_pdf_of_the_seed_imports_as_its_text_does(repo, tmp_path, seed):
    source, name, options = SEEDS[seed]
    pdf = tmp_path / f"{source.stem}.pdf"
    seed_as_pdf(source, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    from_pdf, _ = imported(repo, pdf, *options)
    expected = hand_made(name)
    assert tasks_of(from_pdf) == tasks_of(expected)
    assert [t.text for t in from_pdf.tasks] == [t.text for t in expected.tasks]
    assert [r.number for r in from_pdf.references] == [r.number for r in expected.references]


def test_a_word_file_imports_as_its_text_does(repo, tmp_path):
    source, name, options = SEEDS["gia-lai"]
    document = Document()
    for line in source.read_text("utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "van-ban.docx"
    document.save(str(path))
    draft, _ = imported(repo, path, *options)
    assert tasks_of(draft) == tasks_of(hand_made(name))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hong.pdf", b""),
        ("hong.pdf", b"not a pdf"),
        ("hong.pdf", b"%PDF-1.4\n%%EOF\n"),
        ("hong.docx", b"not a zip"),
        ("hong.doc", b"an old Word file"),
        ("hong.txt", b"\xff\xfe not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_message_not_a_traceback(repo, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = tracker("import", str(path), cwd=repo)
    assert result.returncode == 1
    assert name in result.stderr
    assert "Traceback" not in result.stderr and "Lỗi nội bộ" not in result.stderr
    assert not list((repo / "directives").glob("hong*"))


def test_a_broken_registry_is_reported_before_anything_is_drafted(repo):
    registry = repo / "agencies.yaml"
    registry.write_text(registry.read_text("utf-8").replace("\nagencies:", "\nagencies: [", 1), "utf-8")
    result = tracker("import", str(SEEDS["kon-tum"][0]), "--id", "ban-nhap", cwd=repo)
    assert result.returncode == 1 and "agencies.yaml:" in result.stderr and "Y001" in result.stderr
    assert not (repo / "directives" / "ban-nhap.yaml").exists()


def test_a_text_that_gives_no_one_work_is_said_not_to_be_a_directive(repo, tmp_path):
    source = tmp_path / "thu.txt"
    source.write_text("Kính gửi: Sở Y tế tỉnh Kon Tum\n\nĐề nghị quan tâm thực hiện./.\n", "utf-8")
    result = tracker("import", str(source), "--id", "thu", cwd=repo)
    assert result.returncode == 2  # documented: not a directive, nothing written
    assert "thu.txt không giao nhiệm vụ nào" in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "directives" / "thu.yaml").exists()


def test_the_count_of_places_to_finish_is_the_count_of_marks(repo):
    result = tracker("import", str(SEEDS["gia-lai"][0]), "--id", "ban-nhap", cwd=repo)
    text = (repo / "directives" / "ban-nhap.yaml").read_text("utf-8")
    marks = sum(1 for line in text.splitlines() if "# CẦN BỔ SUNG" in line)
    assert marks > 4 and f"{marks} chỗ cần bổ sung" in result.stdout


def test_an_existing_file_is_not_overwritten(repo):
    source, name, _ = SEEDS["kon-tum"]
    result = tracker("import", str(source), "--id", name, cwd=repo)
    assert result.returncode == 1 and "--force" in result.stderr
    assert (repo / "directives" / f"{name}.yaml").read_text("utf-8") == (
        REPO / "directives" / f"{name}.yaml"
    ).read_text("utf-8")


def test_a_plan_with_parts_lettered_items_given_tasks_and_a_header(repo):
    # An invented plan (tests/fixtures/import, marked DEMO) in the other shapes directives take: a full header,
    # parts numbered I, II, III, "a)" items, "1. Sở Y tế: …", "Giao … chủ trì, phối hợp với …", "Đề nghị …".
    draft, text = imported(repo, REPO / "tests" / "fixtures" / "import" / "ke-hoach-demo.txt")
    assert (draft.number, draft.type, draft.date, draft.place) == (
        "99/KH-UBND",
        "Kế hoạch",
        date(2025, 6, 2),
        "Kon Tum",
    )
    assert draft.issuer == "Ủy ban nhân dân tỉnh Kon Tum" and draft.subject.startswith("Thử nghiệm nhập văn bản")
    assert draft.signer.name == "Nguyễn Văn An" and draft.signer.capacity == "KT. Chủ tịch, Phó Chủ tịch"
    assert draft.closing.startswith("Trong quá trình thực hiện")
    assert [(r.number, r.issuer) for r in draft.references] == [("27/QĐ-TTg", "Thủ tướng Chính phủ")]
    assert tasks_of(draft) == [
        ("II.1.1", [(fold("các đơn vị có liên quan"), "cooperating"), ("kon-tum-so-y-te", "lead")],
         date(2025, 6, 30), []),
        ("II.1.2", [("kon-tum-so-y-te", "lead")], date(2025, 12, 20), []),
        ("II.2", [("kon-tum-cong-an-tinh", "lead")], date(2025, 6, 17), []),  # 15 days from the date of signing
        ("II.3", [("kon-tum-so-giao-duc-va-dao-tao", "lead"), ("kon-tum-so-y-te", "cooperating")], None, []),
        ("II.4", [(fold("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"), "requested")], None, []),
    ]  # fmt: skip
    assert 'number: "I.1"' not in text  # "Mục đích", "Yêu cầu" give no one any work: not tasks
    assert 'hạn "định kỳ hằng quý"' in text and "không có trong agencies.yaml" in text  # left for a person


def test_a_table_of_tasks_gives_a_task_per_row_with_its_columns(tmp_path):
    # The shape of a plan's appendix as a web page or Word file flattens it (invented rows, marked as such).
    text = (
        "PHỤ LỤC: NHIỆM VỤ CỤ THỂ (DEMO)\n"
        "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn hoàn thành\n"
        "1 | Rà soát, sửa đổi quy chế phối hợp liên ngành | Sở Tư pháp | Sở Nội vụ, Công an tỉnh | Quý III/2025\n"
        "2 | Tổ chức tập huấn cho cán bộ cấp xã | Sở Nội vụ | UBND các xã, phường | 30/9/2025\n"
        "3 | Tuyên truyền trên các phương tiện thông tin đại chúng | Sở Văn hóa và Thể thao | | Hằng quý\n"
    )
    source = tmp_path / "bang.txt"
    source.write_text(text, "utf-8")
    dataset, *_ = load_dataset(REPO)
    from generator.importer.draft_file import import_directive

    draft = import_directive(source, tmp_path, dataset.registry, "Kon Tum").draft
    tasks = [t for s in draft.sections for t in s.tasks]
    assert [t.text for t in tasks] == [
        "Rà soát, sửa đổi quy chế phối hợp liên ngành",
        "Tổ chức tập huấn cho cán bộ cấp xã",
        "Tuyên truyền trên các phương tiện thông tin đại chúng",
    ]
    people = [[(a.text, a.role) for a in s.assignees] for s in draft.sections]
    assert people[0] == [("Sở Tư pháp", "lead"), ("Sở Nội vụ", "cooperating"), ("Công an tỉnh", "cooperating")]
    assert [(d.kind, d.deadline) for t in tasks for d in t.dues] == [
        ("quarter", date(2025, 9, 30)),
        ("absolute", date(2025, 9, 30)),
        ("recurring", None),  # kept as text, for a person
    ]


def test_a_word_file_that_unpacks_to_far_too_much_is_refused_before_it_is_unpacked(repo, tmp_path):
    bomb = tmp_path / "bom.docx"
    paragraph = "<w:p><w:r><w:t>" + "Sở Y tế " * 1000 + "</w:t></w:r></w:p>"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w") as part:  # written in pieces: the test holds 25 MB nowhere
            for _ in range(25 * 1024 * 1024 // len(paragraph.encode()) + 1):
                part.write(paragraph.encode())
    assert bomb.stat().st_size < 1024 * 1024  # small on disk
    result = tracker("import", str(bomb), "--id", "bom", cwd=repo)
    assert result.returncode == 1 and "bom.docx giải nén ra quá lớn" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "Lỗi nội bộ" not in result.stderr
    assert not (repo / "directives" / "bom.yaml").exists()


def test_a_text_file_far_larger_than_a_directive_is_refused_unread(repo, tmp_path):
    huge = tmp_path / "lon.txt"
    with huge.open("wb") as f:  # sparse: as large as that, without the disk it takes
        f.truncate(MAX_FILE_BYTES + 1)
    result = tracker("import", str(huge), "--id", "lon", cwd=repo)
    assert result.returncode == 1 and "lon.txt quá lớn" in result.stderr, result.stderr


def test_a_repository_without_a_ledger_yet_can_import_its_first_directive(repo):
    (repo / "tasks.yaml").unlink()
    result = tracker("import", str(SEEDS["kon-tum"][0]), "--id", "ban-nhap", cwd=repo)
    assert (repo / "directives" / "ban-nhap.yaml").exists(), result.stderr
