"""A draft directive read from its text: metadata, recipients, references, numbered sections, tasks, deadlines.

The rules follow how Vietnamese administrative documents are written (Nghị định 30/2020/NĐ-CP): a header with the
issuing body, number and date; "Kính gửi:" and its list; numbered sections whose heading names who acts ("2. Sở Y tế
chủ trì, phối hợp với …", "5. Đề nghị …"), with a task per bullet; a closing sentence; "Nơi nhận:"; the signature.
Every value keeps where it was read; whatever cannot be resolved is left for a person (`todo`), never guessed.

One module for the document's reading order: each part is found where the previous one ended, over the same
located lines, so the parts are read together rather than by separate passes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from slugify import slugify

from generator.core.model import Registry
from generator.core.names import Names, fold, provinces_of
from generator.importer.deadlines import DATE, Due, find_deadlines, parse_date
from generator.importer.extract import Extracted, Line, join_wrapped

_SECTION = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*)$")
_PART = re.compile(r"^\s*([IVX]{1,4})\.\s+(\S.*)$")  # "II. NHIỆM VỤ VÀ GIẢI PHÁP": sections are numbered anew
_BULLET = re.compile(r"^\s*(?:[-–•]|[a-zđ]\))\s+(.*)$")  # "- …", "a) …"
# "1. Giao Sở Y tế chủ trì, phối hợp với … tham mưu …": the numbered item is itself the task.
_VERBS = (
    r"chủ trì|phối hợp|khẩn trương|tổ chức|tham mưu|rà soát|triển khai|thực hiện|hướng dẫn|xây dựng|nghiên cứu|"
    r"kiểm tra|theo dõi|báo cáo|tiếp tục|chỉ đạo|đôn đốc|tổng hợp|đề xuất|trình"
)
_GIVEN = re.compile(rf"^Giao\s+(?P<who>.+?)\s+(?=(?:{_VERBS})\b)")
_WITH = re.compile(rf"chủ trì,?\s+phối hợp với\s+(?P<coop>.+?)\s+(?=(?:{_VERBS})\b)")
_SUB_BULLET = re.compile(r"^\s*\+\s*(.*)$")
_CLOSING = re.compile(
    r"^\s*(?:Yêu cầu (?:các|Thủ trưởng)|Nhận được văn bản|Trên đây là|Trong quá trình (?:tổ chức )?thực hiện|"
    r"Ủy ban nhân dân tỉnh (?:yêu cầu|đề nghị) (?:các|Thủ trưởng)|Nơi nhận)"
)
_TO = re.compile(r"^\s*Kính\s+gửi\s*:?\s*(.*)$")
_COPY = re.compile(r"^\s*Nơi\s+nhận\s*:?\s*$")
_ISSUER = re.compile(r"^\s*(ỦY BAN NHÂN DÂN|UBND)\s+(TỈNH|THÀNH PHỐ)\s+(.+?)\s*$")
_NUMBER = re.compile(r"Số\s*:\s*(\S+)")
_PLACE_DATE = re.compile(r"^\s*([^\d,:]{2,40}),\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_TYPES = {"KH": "Kế hoạch", "CT": "Chỉ thị", "TB": "Thông báo", "QĐ": "Quyết định", "NQ": "Nghị quyết"}
_TITLES = ("KẾ HOẠCH", "CHỈ THỊ", "THÔNG BÁO", "QUYẾT ĐỊNH", "CÔNG VĂN", "NGHỊ QUYẾT")
_CAPACITY = re.compile(r"^\s*(TM\.|KT\.|Q\.|TL\.|TUQ\.)?\s*((?:PHÓ )?CHỦ TỊCH|ỦY BAN NHÂN DÂN|CHÁNH VĂN PHÒNG)\s*$")
_PERSON = re.compile(r"^\s*([A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4})\s*$")
DOC_NUMBER = r"\d+(?:[-/][0-9A-Za-zĐđ]+)+"
_REFERENCE = re.compile(
    rf"(?P<kind>[Vv]ăn bản|[Cc]ông văn|Kế hoạch|Quyết định|Chỉ thị|Thông báo|Nghị quyết|Nghị định|Thông tư|"
    rf"Quy chế phối hợp liên ngành|Luật)\s+số\s+(?P<number>{DOC_NUMBER})\s+ngày\s+(?P<date>{DATE.pattern})"
)
_STOPS = r"về|Về việc|Thông báo|thực hiện|triển khai|ban hành|tại|trong|và|đã|để"
_ISSUER_AFTER = re.compile(rf"\s+của\s+(?P<issuer>.+?)(?=\s+(?:{_STOPS})\b|[;.(]|,\s+(?:{_STOPS})\b|$)")
_TITLE = re.compile(r"\s*(?P<title>(?:[Vv]ề|Thông báo|triển khai|thực hiện|ban hành)\b[^;.]*)")
_ISSUER_BEFORE = re.compile(r"của\s+(?P<issuer>[^,;]+?)\s+tại\s+$")  # "… của Bộ Y tế tại Văn bản số …"
_LOOK_BACK = 300  # characters before a citation where its issuer may be named
_LEAD_COOP = re.compile(r"^(?P<lead>.+?)\s+chủ trì,?\s+phối hợp (?:với\s+)?(?P<coop>.+)$", re.IGNORECASE)
_TASK_COOP = re.compile(
    r"^(?P<lead>Chủ trì,\s+)?[Pp]hối hợp (?:với\s+)?(?P<coop>.+?(?:có liên quan|liên quan))(?=[\s,;.])"
)
_ALL_ADDRESSED = ("cac don vi dia phuong", "cac co quan don vi", "cac co quan don vi dia phuong")
_SPECIFIC = re.compile(r"^(Sở|Ủy ban|UBND|Công an|Ban|Hội|Bộ|Thanh tra|Văn phòng|Đài|Báo|Trường|Bệnh viện)\b")


@dataclass
class Assignee:
    role: str  # lead, cooperating, requested
    text: str  # as written
    agency: str | None = None
    todo: str | None = None


@dataclass
class Task:
    id: str
    text: str
    where: str
    assignees: list[Assignee] | None = None  # None: the section's
    dues: list[Due] = field(default_factory=list)


@dataclass
class Section:
    number: str
    heading: str
    where: str
    assignees: list[Assignee]
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Reference:
    number: str
    date: date | None
    issuer: str | None
    title: str | None
    footnote: int | None
    where: str


@dataclass
class Draft:
    number: tuple[str, str] | None = None  # (value, where)
    type: tuple[str, str] | None = None
    place: tuple[str, str] | None = None
    date: tuple[date, str] | None = None
    issuer: tuple[str, str] | None = None
    subject: tuple[str, str] | None = None
    signer: dict[str, tuple[str, str]] = field(default_factory=dict)  # name, capacity, on_behalf_of
    recipients: list[tuple[str, Assignee, str]] = field(default_factory=list)  # (text, resolved, where)
    copy_to: list[tuple[str, list[str], str]] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    preamble: str | None = None
    closing: str | None = None
    sections: list[Section] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    province: str | None = None


# -- who is given the work ----------------------------------------------------------------------------------


def assignees_in(phrase: str, role: str, names: Names) -> list[Assignee]:
    found, left = names.find(phrase)
    people = [Assignee(role, text, agency) for agency, text in found]
    for text in left:
        candidates = names.ids(text)
        if candidates:
            todo = f"nhiều cơ quan cùng tên: {', '.join(candidates)}; hãy chọn một (--province)"
        elif _SPECIFIC.match(text):
            todo = "không có trong agencies.yaml: thêm cơ quan vào danh mục hoặc ghi `agency:`"
        else:
            todo = None  # "các đơn vị có liên quan": named by the text only, as the directive does
        people.append(Assignee(role, text, None, todo))
    return people


def heading_assignees(heading: str, names: Names) -> list[Assignee]:
    """Who a section's heading names, and in which role."""
    text = heading.strip().rstrip(":.")
    if fold(text).startswith("de nghi "):  # "Đề nghị X, Y": bodies the committee asks, not commands
        return assignees_in(text.split(maxsplit=2)[2], "requested", names)
    both = _LEAD_COOP.match(text)
    if both:
        return assignees_in(both.group("lead"), "lead", names) + assignees_in(both.group("coop"), "cooperating", names)
    return assignees_in(text, "lead", names)


# -- reading --------------------------------------------------------------------------------------------------


def read_draft(source: Extracted, registry: Registry, province: str | None = None) -> Draft:
    draft = Draft()
    lines = source.lines
    names = Names(registry, province or _province_in(lines, registry))
    draft.province = names.province
    if not names.province:
        draft.todo.append("không xác định được tỉnh: các cơ quan trùng tên ở nhiều tỉnh chưa được gán (--province)")
    starts = (i for i, line in enumerate(lines) if _SECTION.match(line.text) or _PART.match(line.text))
    first_section = next(starts, len(lines))
    copy_at = next((i for i, line in enumerate(lines) if _COPY.match(line.text)), len(lines))
    _header(draft, lines[:first_section])
    addressed_end = _recipients(draft, lines[:first_section], names)
    subject_at = draft.subject[1] if draft.subject else None
    preamble = [
        line for line in lines[addressed_end:first_section] if not _header_line(line.text) and line.where != subject_at
    ]
    draft.preamble = join_wrapped([line.text for line in preamble]) or None
    closing_at = _sections(draft, lines[first_section:copy_at], names, first_section)
    draft.closing = join_wrapped([line.text for line in lines[closing_at:copy_at]]) or None
    _copy_and_signer(draft, lines[copy_at:])
    draft.references = _references(lines, source.footnotes)
    signed = draft.date[0] if draft.date else None
    for section in draft.sections:
        for task in section.tasks:
            task.dues = find_deadlines(task.text, signed)
    return draft


def _province_in(lines: list[Line], registry: Registry) -> str | None:
    """The province the text names ("tỉnh Kon Tum"), among those of the registry's agencies."""
    text = fold(" ".join(line.text for line in lines))
    named = [p for p in provinces_of(registry) if f"tinh {fold(p)}" in text]
    return named[0] if len(named) == 1 else None


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


def _recipients(draft: Draft, lines: list[Line], names: Names) -> int:
    """Read "Kính gửi:" and its list (or the list the text opens with); return where the preamble starts."""
    start = next((i for i, line in enumerate(lines) if _TO.match(line.text)), None)
    items: list[tuple[list[str], str]] = []
    i = 0 if start is None else start + 1
    if start is not None and (rest := _TO.match(lines[start].text).group(1).strip()):
        items.append(([rest], lines[start].where))  # "Kính gửi: Sở Y tế": the only recipient, on the same line
    while i < len(lines):
        text = lines[i].text
        bullet = _BULLET.match(text)
        if bullet:
            items.append(([bullet.group(1)], lines[i].where))
        elif not text.strip() or _header_line(text):
            pass
        elif items and not items[-1][0][-1].rstrip().endswith((";", ".")):
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


def _sections(draft: Draft, lines: list[Line], names: Names, offset: int) -> int:
    """Read the numbered sections and their tasks; return the index (in the whole text) where the closing starts."""
    expected, i, part = 1, 0, ""
    current: Section | None = None
    paragraphs: list[tuple[list[str], str]] = []

    def finish() -> None:
        if current is None:
            return
        if not any(a.agency or a.todo or a.role == "requested" or a.text.lower().startswith("các")
                   for a in current.assignees):  # fmt: skip
            draft.todo.append(f"mục {current.number} ({current.heading}) không giao việc cho đơn vị nào: bỏ qua")
            return
        texts = [(join_wrapped(parts), where) for parts, where in paragraphs]
        texts = [(t, w) for t, w in texts if t]
        bulleted = len(texts) > 1 or bool(texts and _BULLET.match(paragraphs[0][0][0]))
        for n, (text, where) in enumerate(texts, start=1):
            task_id = f"{current.number}.{n}" if bulleted else current.number
            current.tasks.append(_task(task_id, text, where, current, names))
        if not bulleted and current.tasks and current.tasks[0].assignees is not None:
            current.assignees, current.tasks[0].assignees = current.tasks[0].assignees, None
        draft.sections.append(current)

    while i < len(lines):
        line = lines[i]
        section, roman = _SECTION.match(line.text), _PART.match(line.text)
        if roman:
            finish()
            current, paragraphs, expected, part = None, [], 1, roman.group(1) + "."
            i += 1
            continue
        if section and int(section.group(1)) == expected:
            finish()
            heading, where = [section.group(2)], line.where
            i += 1
            while i < len(lines) and not _BULLET.match(lines[i].text):
                if lines[i].text.strip() and not lines[i].text.strip()[0].islower():
                    break  # a heading goes on over lines that start in lower case
                heading.append(lines[i].text)
                i += 1
            text = join_wrapped(heading)
            current, paragraphs = Section(f"{part}{expected}", text.rstrip(" :"), where, []), []
            expected += 1
            given = _GIVEN.match(text)
            title, colon, rest = text.partition(":")
            if given:  # the item is the task; its assignees are named after "Giao"
                current.assignees = assignees_in(given.group("who"), "lead", names)
                partners = _WITH.match(text, given.end())
                if partners:
                    current.assignees += assignees_in(partners.group("coop"), "cooperating", names)
                paragraphs.append(([text], where))
            elif colon and len(rest.split()) > 3:  # "1. Sở Y tế: chủ trì …": the heading, then the first task
                current.heading = title.strip()
                current.assignees = heading_assignees(title, names)
                paragraphs.append(([rest], where))
            else:
                current.assignees = heading_assignees(text, names)
            if not [a for a in current.assignees if a.agency] and fold(text).startswith(_ALL_ADDRESSED):
                current.assignees = _addressed(draft, names)
            continue
        if _CLOSING.match(line.text) and (current is not None or draft.sections):
            finish()
            return offset + i
        if current is not None and line.text.strip():
            bullet = _BULLET.match(line.text)
            sub = _SUB_BULLET.match(line.text)
            if bullet or not paragraphs:
                paragraphs.append(([line.text if bullet is None else "- " + bullet.group(1)], line.where))
            elif sub:
                paragraphs[-1][0].append(line.text.strip())
            else:
                paragraphs[-1][0].append(line.text)
        i += 1
    finish()
    return offset + len(lines)


def _task(task_id: str, text: str, where: str, section: Section, names: Names) -> Task:
    text = text.removeprefix("- ")  # bullets were written "- " whatever their mark (see _sections)
    task = Task(task_id, text, where)
    coop = _TASK_COOP.match(text)
    if coop:  # "Chủ trì, phối hợp với X …" / "Phối hợp với X …": the section's agencies lead, or cooperate
        own_role = "lead" if coop.group("lead") else "cooperating"
        leads = [Assignee(own_role, a.text, a.agency, a.todo) for a in section.assignees if a.role != "cooperating"]
        task.assignees = leads + assignees_in(coop.group("coop"), "cooperating", names)
    return task


def _copy_and_signer(draft: Draft, lines: list[Line]) -> None:
    capacity: list[str] = []
    for line in lines[1:]:
        text = line.text.strip()
        bullet, sub = _BULLET.match(line.text), _SUB_BULLET.match(line.text)
        if bullet:
            draft.copy_to.append((bullet.group(1).strip().rstrip(";.").strip(), [], line.where))
        elif sub and draft.copy_to:
            draft.copy_to[-1][1].append(sub.group(1).strip().rstrip(";.").strip())
        elif m := _CAPACITY.match(text):
            capacity.append(" ".join(filter(None, m.groups())))
            where = line.where
        elif capacity and _PERSON.match(text):
            draft.signer["name"] = (text, line.where)
    if capacity:
        behalf = [c for c in capacity if c.startswith("TM.")]
        rest = [c for c in capacity if not c.startswith("TM.")]
        if behalf:
            draft.signer["on_behalf_of"] = (_sentence_case(behalf[0]), where)
        if rest:
            draft.signer["capacity"] = (", ".join(_sentence_case(c) for c in rest), where)


def _sentence_case(text: str) -> str:
    """ "KT. CHỦ TỊCH" → "KT. Chủ tịch": the title as the tracker's other files write it."""
    prefix, _, words = text.rpartition(". ")
    words = words.lower().replace("chủ tịch", "Chủ tịch")
    words = words[0].upper() + words[1:]
    return f"{prefix}. {words}" if prefix else words


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
    places = [(" ".join(line.text for line in lines), None)]
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


def draft_id(draft: Draft, fallback: str) -> str:
    if draft.number:
        return slugify(draft.number[0])
    return slugify(fallback) or "van-ban-moi"
