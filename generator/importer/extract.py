"""The text of a directive (.txt, .pdf with a text layer, .docx) as located lines, with the footnotes apart.

Text pulled out of a PDF carries each page's footnotes where the page ended, often in the middle of a sentence,
and each footnote's marker glued to the word before it ("năm 20251" is "năm 2025" and footnote 1). Here the
footnote bodies are taken out of the running text and the markers out of the words, each remembered where it was.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from generator.importer.bodies import unglue

SUFFIXES = (".txt", ".pdf", ".docx")
# A directive is a few pages: its text a few hundred KB, its Word file's XML a few MB. Far beyond, a file is not a
# directive, or is made to exhaust the machine (a Word file is a zip: 519 KB can hold 200 MB of XML).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024
MAX_DOCX_BYTES = 200 * 1024 * 1024  # everything inside, pictures included: python-docx reads every part
MAX_DOCX_PARTS = 10_000
_RULE = re.compile(r"^[ \t]{20,}$")  # the footnote rule, as text extraction leaves it: a long run of spaces
_FOOTNOTE = re.compile(r"^\s*(\d{1,2})\s+(\S.*)$")
_RESUMES = re.compile(r"^\s+[a-zà-ỹđ(“\"]")  # a page's text going on after its footnotes: indented, lower case


class ExtractError(Exception):
    """The file cannot be read as a directive's text; the message says why, in Vietnamese."""


@dataclass
class Line:
    text: str
    where: str  # where a person finds it in the source: "dòng 12", "trang 2, dòng 5"
    markers: list[tuple[int, int]] = field(default_factory=list)  # (column, footnote number), markers removed


@dataclass(frozen=True)
class Extracted:
    lines: list[Line]  # the running text, without the footnotes
    footnotes: dict[int, str]  # footnote number -> its text, on one line


def extract(path: Path) -> Extracted:
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExtractError(
                f"{path.name} quá lớn ({_mb(size)}, tối đa {_mb(MAX_FILE_BYTES)}); một văn bản chỉ đạo chỉ vài "
                "trăm KB. Hãy kiểm tra đúng tệp chưa, hoặc xuất văn bản ra tệp .txt."
            )
        if suffix == ".pdf":
            pages = _pdf_pages(path)
        elif suffix == ".docx":
            pages = [_docx_lines(path)]
        elif suffix == ".txt":
            pages = [path.read_text("utf-8").splitlines()]
        else:
            raise ExtractError(f"Không đọc được {path.name}: chỉ nhận tệp {', '.join(SUFFIXES)}.")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ExtractError(f"Không đọc được {path.name}: {exc}") from None
    except ModuleNotFoundError as exc:  # pdfminer.six and python-docx are the `import` extra (see pyproject.toml)
        raise ExtractError(
            f"Không đọc được {path.name}: thiếu thư viện {exc.name}. Hãy cài thêm: "
            "pip install 'directive-tracker[import]' (`make install` đã cài sẵn)."
        ) from None
    if not any(line.strip() for page in pages for line in page):
        raise ExtractError(f"{path.name} không có chữ (tệp PDF chỉ có ảnh quét cần nhận dạng chữ trước).")
    return split_footnotes(pages, paged=suffix == ".pdf")


def _pdf_pages(path: Path) -> list[list[str]]:
    # pdfminer places spaces by the glyphs' positions; extractors that go by the text runs split Vietnamese words
    # wherever a letter comes from another font ("Các S ở").
    from pdfminer.high_level import extract_text
    from pdfminer.psexceptions import PSException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about a damaged file: the error says it
    try:
        text = extract_text(path)
    except PSException as exc:
        raise ValueError(f"không phải tệp PDF đọc được ({exc})") from None
    return [page.splitlines() for page in text.split("\f")]


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _check_unpacked_size(path: Path) -> None:
    """Refuse a Word file whose parts would unpack to far more than a directive, before any is unpacked.

    The sizes are the ones the zip declares; Python's zipfile never unpacks a part past its declared size."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        return  # not a zip at all: python-docx says so in its own words
    xml = sum(p.file_size for p in parts if p.filename.endswith((".xml", ".rels")))
    total = sum(p.file_size for p in parts)
    if len(parts) > MAX_DOCX_PARTS or xml > MAX_DOCX_XML_BYTES or total > MAX_DOCX_BYTES:
        raise ExtractError(
            f"{path.name} giải nén ra quá lớn ({_mb(xml)} chữ XML, {_mb(total)} cả tệp, {len(parts)} phần; tối đa "
            f"{_mb(MAX_DOCX_XML_BYTES)} chữ XML): một văn bản chỉ đạo chỉ vài trang. Hãy mở tệp trong Word và lưu "
            "lại, hoặc xuất văn bản ra tệp .txt hay .pdf. (the Word file unpacks to too much)"
        )


def _docx_lines(path: Path) -> list[str]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    _check_unpacked_size(path)
    try:
        document = Document(str(path))
    except PackageNotFoundError as exc:
        raise ValueError(str(exc)) from None
    lines: list[str] = []
    for block in document.iter_inner_content():  # paragraphs and tables, in reading order
        if isinstance(block, Table):  # a plan's table of tasks: a row per line, its cells joined by "|"
            for table_row in block.rows:
                # A merged cell is given once per column it spans: the cells stay under their header's columns.
                lines.append(" | ".join(" ".join(cell.text.split()) for cell in table_row.cells))
        else:
            lines.append(block.text)
    return lines


def split_footnotes(pages: list[list[str]], paged: bool = False) -> Extracted:
    """The running text and the footnotes of `pages` (one page for a text file, whose lines are numbered as a
    whole)."""
    body: list[Line] = []
    footnotes: dict[int, list[str]] = {}
    expected = 1
    for number, page in enumerate(pages, start=1):
        in_notes, current = False, None
        for index, raw in enumerate(page, start=1):
            where = f"trang {number}, dòng {index}" if paged else f"dòng {index}"
            text = unglue(unicodedata.normalize("NFC", raw.replace("\u00a0", " ").rstrip()))
            note = _FOOTNOTE.match(text)
            starts_note = note is not None and int(note.group(1)) == expected and _marked(body, expected)
            resumes = not paged and bool(_RESUMES.match(text))  # a text file's page going on after its notes
            if _RULE.match(raw) and not in_notes:
                in_notes = True
            elif starts_note and (in_notes or paged):
                in_notes, current, expected = True, expected, expected + 1
                footnotes[current] = [cast(re.Match[str], note).group(2).strip()]  # starts_note: a match
            elif in_notes and (text.strip() == "" or (current is not None and not resumes)):
                if text.strip():
                    footnotes[cast(int, current)].append(text.strip())  # the footnote goes on (there is one)
            else:
                in_notes = False
                body.append(Line(text, where))
    _unglue_markers(body, sorted(footnotes))
    return Extracted(body, {n: join_wrapped(parts) for n, parts in footnotes.items()})


def _marked(body: list[Line], number: int) -> bool:
    """Whether the text so far has footnote `number`'s marker glued to a word, as a footnote's start needs."""
    marker = re.compile(_MARKER.format(n=number))
    return any(marker.search(line.text) for line in body[-60:])


_MARKER = r"(?:(?<=[^\W\d_])|(?<=[^\W\d_]\s\d{{4}})){n}(?![\d/])"


def _unglue_markers(body: list[Line], numbers: list[int]) -> None:
    """Remove each footnote's marker from the first word it is glued to after the previous marker."""
    at_line, at_col = 0, 0
    for number in numbers:
        marker = re.compile(_MARKER.format(n=number))
        for index in range(at_line, len(body)):
            line = body[index]
            found = marker.search(line.text, at_col if index == at_line else 0)
            if found:
                line.text = line.text[: found.start()] + line.text[found.end() :]
                line.markers.append((found.start(), number))
                at_line, at_col = index, found.start()
                break


def join_wrapped(parts: list[str]) -> str:
    """Lines of one paragraph as one line: a word cut at a hyphen ("501/KH-" "UBND") is joined back."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if text.endswith("-") and len(text) > 1 and not text[-2].isspace():
            text += part
        else:
            text = f"{text} {part}" if text else part
    return " ".join(text.split())
