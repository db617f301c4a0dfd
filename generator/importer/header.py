"""The document's header: issuing body, number, type, place and date, from the letterhead or from prose."""

from __future__ import annotations

import re

from generator.importer.deadlines import DATE, parse_date
from generator.importer.extract import Line
from generator.importer.parts import Draft

_ISSUER = re.compile(r"^\s*(ỦY BAN NHÂN DÂN|UBND)\s+(TỈNH|THÀNH PHỐ)\s+(.+?)\s*$")


_NUMBER = re.compile(r"Số\s*:\s*(\S+)")


_PLACE_DATE = re.compile(r"^\s*([^\d,:]{2,40}),\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


_TYPES = {"KH": "Kế hoạch", "CT": "Chỉ thị", "TB": "Thông báo", "QĐ": "Quyết định", "NQ": "Nghị quyết"}


_TITLES = ("KẾ HOẠCH", "CHỈ THỊ", "THÔNG BÁO", "QUYẾT ĐỊNH", "CÔNG VĂN", "NGHỊ QUYẾT")


DOC_NUMBER = r"\d+(?:[-/][0-9A-Za-zĐđ]+)+"


_REPORT_TITLE = re.compile(r"^\s*(?:BÁO CÁO|Báo cáo|Kết quả (?:triển khai|thực hiện))(?:\s|$)")


_SUPERIOR = re.compile(
    r"^\s*(?:Thủ tướng Chính phủ|Chính phủ|Quốc hội|Ủy ban Thường vụ Quốc hội|Bộ Chính trị|Ban Bí thư|"
    r"(?:Ban Thường vụ |Thường trực )?Tỉnh ủy|(?:Thường trực )?(?:Hội đồng nhân dân|HĐND) tỉnh)\s*[.;]?\s*$",
    re.IGNORECASE,
)
_REPORTS = re.compile(r"\bbáo cáo\b", re.IGNORECASE)


# What a report does not say: it asks, assigns or requests nothing.
# Asking for a report ("yêu cầu báo cáo kết quả …") is asking, and so is asking the head of a body ("yêu cầu lãnh
# đạo các sở", "đề nghị Chủ tịch UBND các huyện").
_ASKS = re.compile(
    r"(?:yêu cầu|đề nghị|giao(?:\s+(?:trách nhiệm|nhiệm vụ))?(?:\s+cho)?|chỉ đạo)\s+"
    r"(?:các\s+|Sở|UBND|Ủy ban|Bộ|Công an|Ban|lãnh đạo|thủ trưởng|Chủ tịch|"
    r"Giám đốc|người đứng đầu|báo cáo)",
    re.IGNORECASE,
)


_OWN = re.compile(
    rf"(?:ban hành|đã ra|vừa có|đã có|có|gửi|[Tt]heo)\s+(?P<kind>[Cc]ông văn|[Vv]ăn bản|Chỉ thị|Kế hoạch|Quyết định|"
    rf"Thông báo)\s+số\s+(?P<number>{DOC_NUMBER})(?:\s*,)?(?:\s+ngày\s+(?P<date>{DATE.pattern}))?"
)


_OPENING_DATE = re.compile(rf"^\s*(?:Ngày\s+)?(?P<date>{DATE.pattern})\s*,")


def _is_report(draft: Draft, lines: list[Line]) -> bool:
    """A status report ("BÁO CÁO Tình hình …", "Số: 12/BC-UBND"): it tells what was done, it gives no work."""
    if draft.number and "/BC-" in draft.number[0]:
        return True
    if draft.recipients and all(_SUPERIOR.match(text) for text, _who, _where in draft.recipients):
        # Written to the Prime Minister, the Government, the party committee: it reports up, it commands no one.
        return any(_REPORTS.search(line.text) for line in lines[:60])
    opening = [line.text for line in lines if line.text.strip() and not line.text.startswith("# nguồn:")][:10]
    asks = any(_ASKS.search(line.text) for line in lines)
    return not asks and any(_REPORT_TITLE.match(text) for text in opening)


def _number_in_prose(draft: Draft, lines: list[Line]) -> None:
    """A post or letter that names its own document in its first sentences: "Ngày 23/4/2021, Văn phòng Chính phủ
    đã ra Công văn số 2748/VPCP-TH …", "UBND tỉnh vừa ban hành Kế hoạch số 12/KH-UBND ngày …"."""
    if draft.number:
        return
    for line in lines[:40]:
        found = _OWN.search(line.text)
        if not found:
            continue
        draft.number = (found.group("number").rstrip(".,;"), line.where)
        day = parse_date(found.group("date")) if found.group("date") else None
        opening = _OPENING_DATE.match(line.text)
        if day is None and opening:  # "Ngày 23/4/2021, … đã ra Công văn số …"
            day = parse_date(opening.group("date"))
        if day and not draft.date:
            draft.date = (day, line.where)
        kind = found.group("kind")
        if not draft.type:
            draft.type = (kind[0].upper() + kind[1:], line.where)
        return


_HEADER_CELL = re.compile(
    r"^(CỘNG HÒA|Độc lập|ỦY BAN NHÂN DÂN$|UBND$|TỈNH [A-ZĐÀ-Ỹ ]+$|THÀNH PHỐ [A-ZĐÀ-Ỹ ]+$|V/v|-{3,})"
)


def _cells(text: str) -> list[str]:
    """The columns of a header line, which extracted text puts side by side."""
    return [cell for cell in re.split(r"\s{3,}", text.strip()) if cell]


def _header_line(text: str) -> bool:
    return any(
        _ISSUER.match(cell)
        or _NUMBER.search(cell)
        or _PLACE_DATE.match(cell)
        or cell in _TITLES
        or _HEADER_CELL.match(cell)
        for cell in _cells(text)
    )


def _header(draft: Draft, lines: list[Line]) -> None:
    cells = [(cell, line) for line in lines for cell in _cells(line.text)]
    for n, (text, line) in enumerate(cells):
        below, below_line = next(((c, other) for c, other in cells[n + 1 :] if other is not line), ("", line))
        two_lines = text in ("ỦY BAN NHÂN DÂN", "UBND") and re.match(r"^(TỈNH|THÀNH PHỐ)\s+\S", below)
        if two_lines and not draft.issuer:  # the body's name over two lines
            text = f"{text} {below}"
        if (m := _ISSUER.match(text)) and not draft.issuer:
            draft.issuer = (f"Ủy ban nhân dân {m.group(2).lower()} {m.group(3).title()}", line.where)
        if (m := _NUMBER.search(text)) and not draft.number:
            draft.number = (m.group(1).rstrip(".,;"), line.where)
            kind = re.search(r"/([A-ZĐ]+)-", draft.number[0])
            if kind and kind.group(1) in _TYPES:
                draft.type = (_TYPES[kind.group(1)], line.where)
            elif re.search(r"/UBND-", draft.number[0]):
                draft.type = ("Công văn", line.where)
        if (m := _PLACE_DATE.match(text)) and not draft.date:
            day = parse_date(text)
            if day:
                draft.place, draft.date = (m.group(1).strip(), line.where), (day, line.where)
        if text in _TITLES:
            draft.type = (text.capitalize(), line.where)
            if below and not _header_line(below) and not draft.subject:  # the title's next line: what it is about
                draft.subject = (below, below_line.where)
        if m := re.match(r"^V/v\s+(.+)$", text):
            draft.subject = ("Về việc " + m.group(1).strip(), line.where)
