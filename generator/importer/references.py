"""Documents the text cites (number, date, issuer, title), footnotes included, once each in reading order."""

from __future__ import annotations

import re
from bisect import bisect_right

from generator.importer.deadlines import DATE, parse_date
from generator.importer.extract import Line
from generator.importer.header import DOC_NUMBER
from generator.importer.parts import Reference

_REFERENCE = re.compile(
    rf"(?P<kind>[Vv]ăn bản|[Cc]ông văn|Kế hoạch|Quyết định|Chỉ thị|Thông báo|Nghị quyết|Nghị định|Thông tư|"
    rf"Quy chế phối hợp liên ngành|Luật)\s+số\s+(?P<number>{DOC_NUMBER})\s+ngày\s+(?P<date>{DATE.pattern})"
)


_STOPS = r"về|Về việc|Thông báo|thực hiện|triển khai|ban hành|tại|trong|và|đã|để"


_ISSUER_AFTER = re.compile(rf"\s+của\s+(?P<issuer>.+?)(?=\s+(?:{_STOPS})\b|[;.(]|,\s+(?:{_STOPS})\b|$)")


_TITLE = re.compile(r"\s*(?P<title>(?:[Vv]ề|Thông báo|triển khai|thực hiện|ban hành)\b[^;.]*)")


_ISSUER_BEFORE = re.compile(r"của\s+(?P<issuer>[^,;]+?)\s+tại\s+$")  # "… của Bộ Y tế tại Văn bản số …"


_LOOK_BACK = 300  # characters before a citation where its issuer may be named


def _references(lines: list[Line], footnotes: dict[int, str]) -> list[Reference]:
    """Every document cited with its number and date, once each, in reading order: a footnote's documents come
    where its marker is."""
    found: dict[str, tuple[tuple[int, int, int], Reference]] = {}
    starts, markers, at = [], {}, 0
    for line in lines:  # one text, so that a citation wrapped over two lines is read whole
        starts.append(at)
        markers.update({at + col: n for col, n in line.markers})
        at += len(line.text) + 1
    marker_at = {n: offset for offset, n in markers.items()}
    places: list[tuple[str, int | None]] = [(" ".join(line.text for line in lines), None)]
    places += [(text, n) for n, text in sorted(footnotes.items())]
    previous_issuer = None
    for text, in_note in places:
        for m in _REFERENCE.finditer(text):
            after = _ISSUER_AFTER.match(text, m.end())
            lead_in = text[max(0, m.start() - _LOOK_BACK) : m.start()]  # not the whole text before each citation
            before = _ISSUER_BEFORE.search(lead_in)
            issuer = after.group("issuer") if after else before.group("issuer") if before else None
            if issuer is None and lead_in.rstrip().endswith("và"):
                issuer = previous_issuer
            previous_issuer = issuer
            note = in_note or markers.get(m.end())
            title = _TITLE.match(text, after.end() if after else m.end())
            title_text = footnotes.get(note) if note and not in_note else title.group("title") if title else None
            title_text = " ".join(title_text.split()) if title_text else None
            where = f"chú thích {in_note}" if in_note else lines[bisect_right(starts, m.start()) - 1].where
            order = (marker_at.get(in_note, at), 1, m.start()) if in_note else (m.start(), 0, 0)
            number = m.group("number")
            if number not in found:
                reference = Reference(number, parse_date(m.group("date")), issuer, title_text, note, where)
                found[number] = (order, reference)
    return [reference for _order, reference in sorted(found.values(), key=lambda item: item[0])]
