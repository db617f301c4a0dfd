"""Numbered sections ("1. Sở Y tế chủ trì …", "II. NHIỆM VỤ") and their bullets, as provincial plans write them."""

from __future__ import annotations

import re

from generator.core.names import Names, fold
from generator.importer.assignees import assignees_in, heading_assignees
from generator.importer.extract import Line, join_wrapped
from generator.importer.parts import _BULLET, _SUB_BULLET, Assignee, Draft, Section, Task
from generator.importer.recipients import _addressed

_SECTION = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*)$")


_PART = re.compile(r"^\s*([IVX]{1,4})\.\s+(\S.*)$")  # "II. NHIỆM VỤ VÀ GIẢI PHÁP": sections are numbered anew


# "1. Giao Sở Y tế chủ trì, phối hợp với … tham mưu …": the numbered item is itself the task.
_VERBS = (
    r"chủ trì|phối hợp|khẩn trương|tổ chức|tham mưu|rà soát|triển khai|thực hiện|hướng dẫn|xây dựng|nghiên cứu|"
    r"kiểm tra|theo dõi|báo cáo|tiếp tục|chỉ đạo|đôn đốc|tổng hợp|đề xuất|trình"
)


_GIVEN = re.compile(rf"^Giao\s+(?P<who>.+?)\s+(?=(?:{_VERBS})\b)")


_WITH = re.compile(rf"chủ trì,?\s+phối hợp với\s+(?P<coop>.+?)\s+(?=(?:{_VERBS})\b)")


_CLOSING = re.compile(
    r"^\s*(?:Yêu cầu (?:các|Thủ trưởng)|Nhận được văn bản|Trên đây là|Trong quá trình (?:tổ chức )?thực hiện|"
    r"Ủy ban nhân dân tỉnh (?:yêu cầu|đề nghị) (?:các|Thủ trưởng)|Nơi nhận)"
)


_TASK_COOP = re.compile(
    r"^(?P<lead>Chủ trì,\s+)?[Pp]hối hợp (?:với\s+)?(?P<coop>.+?(?:có liên quan|liên quan))(?=[\s,;.])"
)


_ALL_ADDRESSED = ("cac don vi dia phuong", "cac co quan don vi", "cac co quan don vi dia phuong")


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
                if text.rstrip().endswith(".") and len(text.split()) > 6:  # "4. Đề nghị X phối hợp …": the item
                    paragraphs.append(([text], where))  # is itself the task
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
