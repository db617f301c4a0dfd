"""The running text of a directive as blocks (a paragraph, a numbered or bulleted item) and their sentences.

A sentence ends at ".", "!" or "?" before a capital letter or a dash, except after an abbreviation ("TP.", "KT.",
"ThS.") or inside a number ("1.2"). An item opens with its mark ("1.", "a)", "Điều 2.", "-", "+", "•"); a
bullet run into a paragraph (". - Tổ chức …") is a sentence of its own. ";" does not end a sentence: clauses of one
subject joined by ";" are one task; where a new subject begins after ";" the task reader splits (see `prose`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importer.extract import Line

_MARK = re.compile(
    r"^\s*(?P<mark>Điều\s+\d+\s*[.:]?|[IVX]{1,4}\s*[.:-]|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]|[a-zđ]\s*[.)]|"
    r"[-–—•+*·]|\(\d{1,2}\)|\([a-zđ]\))\s*(?=\S)"
)
_ABBREVIATION = re.compile(r"(?:\b(?:TP|Tp|KT|TM|TL|TUQ|ThS|TS|PGS|GS|BS|Q|v\.v|St|Ths|Đ/c|đ/c|Ông|Bà)|\b[A-ZĐ])\.$")
_END = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[\"“(]?[A-ZĐÀ-Ỹ\-–•]|\d+\.\s)")
_RUN_IN_BULLET = re.compile(r"(?<=[.;:])\s+[-–•]\s+(?=[A-ZĐÀ-Ỹ])")
_CHROME = re.compile(
    r"^\s*(?:#\s*nguồn:|Đăng ngày|Ngày đăng|Cập nhật|Lượt xem|Ngày cập nhật|In bài|Gửi email|Chia sẻ|Tác giả|"
    r"Nguồn:|\(?[Ảả]nh)",
)


@dataclass
class Block:
    text: str  # without its mark
    where: str
    mark: str | None  # "1.", "-", "Điều 2." …; None for a plain paragraph

    @property
    def heads(self) -> bool:
        """A lead-in or heading: it ends with ":" and announces what follows."""
        return self.text.rstrip().endswith(":")


def blocks(lines: list[Line]) -> list[Block]:
    """Each paragraph as a block. Text from a web page or a Word file has a line per paragraph; text wrapped at a
    width (a PDF, most legal libraries) is told by its lines, most of which end without a sentence's punctuation,
    and is joined back up to each line that ends one. Anywhere, a line that starts in lower case or with a number
    that is no item's mark goes on the paragraph before it, and so does the text after a mark left alone on its
    line ("Điều 2." then "Giao …")."""
    texts = [" ".join(line.text.split()) for line in lines]
    wrapped = _wrapped([t for t in texts if t])
    found: list[Block] = []
    for line, text in zip(lines, texts, strict=True):
        if not text or _CHROME.match(text):
            continue
        mark = _MARK.match(text)
        last = found[-1] if found else None
        if mark and last and re.match(r"^[-–]\s*\d", text) and re.search(r"\d$", last.text):
            mark = None  # "… giai đoạn 2016" / "- 2020; …": a range cut at its dash, not a bullet
        if last and not last.text.strip(" .:"):  # a mark alone on its line: its text is the next line
            last.text = text
            continue
        if (
            last
            and mark is None
            and not last.heads
            and (_goes_on(last.text, text) or (wrapped and not _ends(last.text) and not _heading_ends(last, text)))
        ):
            last.text += " " + text
            continue
        if mark:
            found.append(Block(text[mark.end() :], line.where, mark.group("mark").strip()))
        else:
            found.append(Block(text, line.where, None))
    return found


def _heading_ends(last: Block, text: str) -> bool:
    """Whether a heading in capitals ("I. ĐÁNH GIÁ TÌNH HÌNH …") stops before a line that is not in capitals."""
    letters = [c for c in last.text if c.isalpha()]
    return len(letters) > 3 and last.text.isupper() and not text.isupper()


def _ends(text: str) -> bool:
    return bool(re.search(r"[.;:!?…]\W*$", text))


def _wrapped(texts: list[str]) -> bool:
    return len(texts) >= 8 and sum(not _ends(t) for t in texts) > len(texts) / 2


def _goes_on(before: str, text: str) -> bool:
    """Whether a line continues the paragraph before it (a wrapped line): it starts in lower case or with a number
    that is no item's mark ("18/CT-TTg"), or the paragraph stopped at a comma or a hyphen."""
    return text[0].islower() or text[0].isdigit() or before.endswith((",", "-", "–"))


def sentences(text: str) -> list[str]:
    """The sentences of a block, in order, each with its final punctuation."""
    pieces: list[str] = []
    for part in _RUN_IN_BULLET.split(text):
        start = 0
        for end in _END.finditer(part):
            if _ABBREVIATION.search(part[: end.start()].rstrip('"”)')):
                continue
            pieces.append(part[start : end.start()].strip())
            start = end.end()
        pieces.append(part[start:].strip())
    return [p for p in pieces if p]
