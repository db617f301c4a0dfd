""" "Kính gửi:" and its list: whom the document is addressed to."""

from __future__ import annotations

import re

from generator.core.names import Names
from generator.importer.assignees import assignees_in
from generator.importer.extract import Line, join_wrapped
from generator.importer.header import _header_line
from generator.importer.parts import _BULLET, _TO, Assignee, Draft


def _recipients(draft: Draft, lines: list[Line], names: Names) -> int:
    """Read "Kính gửi:" and its list (or the list the text opens with); return where the preamble starts."""
    start = next((i for i, line in enumerate(lines) if _TO.match(line.text)), None)
    items: list[tuple[list[str], str]] = []
    i = 0 if start is None else start + 1
    opening = _TO.match(lines[start].text) if start is not None else None
    if start is not None and opening is not None and (rest := opening.group(1).strip()):
        items.append(([rest], lines[start].where))  # "Kính gửi: Sở Y tế": the only recipient, on the same line
    while i < len(lines):
        text = lines[i].text
        bullet = _BULLET.match(text)
        if bullet:
            items.append(([bullet.group(1)], lines[i].where))
        elif not text.strip() or _header_line(text):
            pass
        elif items and not items[-1][0][-1].rstrip().rstrip("|").rstrip().endswith((";", ".")) and _wraps(text):
            items[-1][0].append(text)  # the item goes on: it has not ended with ";" or "."
        elif items or start is not None:
            break
        i += 1
    for parts, where in items:
        text = join_wrapped(parts).strip().rstrip(";.").strip()
        people = assignees_in(text, "lead", names) if text else []
        if len(people) == 1:
            draft.recipients.append((text, people[0], where))
        elif text:  # "Các Sở: Tài chính; Nội vụ; …": the group, if the registry has it
            head = text.split(":")[0]
            group = assignees_in(head, "lead", names)
            first = group[0] if len(group) == 1 and group[0].agency else Assignee("lead", text)
            draft.recipients.append((text, first, where))
    return i if items else (start + 1 if start is not None else 0)


_LETTER_OPENS = re.compile(
    r"^\s*(?:Xét|Thực hiện|Căn cứ|Theo|Ngày|Giao|Để|Trên cơ sở|Sau khi|Thủ tướng|Phó Thủ tướng|Văn phòng Chính phủ|"
    r"Ủy ban nhân dân tỉnh (?:nhận|có ý kiến)|Vừa qua|Hiện nay)(?:\b|(?=[a-zđà-ỹ]))"  # glued: "Xétbáo cáo"
)


def _wraps(text: str) -> bool:
    """A recipient's name wrapped onto the next line goes on it; the letter's first sentence does not."""
    return not _LETTER_OPENS.match(text)


def _addressed(draft: Draft, names: Names) -> list[Assignee]:
    """Everyone the directive is addressed to, each listed department on its own ("Các Sở: Tài chính; Nội vụ")."""
    people: list[Assignee] = []
    for text, resolved, _where in draft.recipients:
        listed = re.match(r"^(Các Sở|Các sở)\s*:\s*(.+)$", text)
        if listed:
            for item in listed.group(2).split(";"):
                people += assignees_in(f"Sở {item.strip()}", "lead", names)
        else:
            people.append(Assignee("lead", text, resolved.agency, resolved.todo))
    return people
