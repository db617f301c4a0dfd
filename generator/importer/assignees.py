"""Who is given the work: names resolved against the registry, or kept with their role for a person."""

from __future__ import annotations

import re

from generator.core.names import Names, fold
from generator.importer.bodies import name_at
from generator.importer.parts import Assignee, Draft, Section, Task
from generator.importer.prose import Found

_LEAD_COOP = re.compile(r"^(?P<lead>.+?)\s+chủ trì,?\s+phối hợp (?:với\s+)?(?P<coop>.+)$", re.IGNORECASE)


_SPECIFIC = re.compile(
    r"^(Sở|Ủy ban|UBND|Công an|Ban|Hội|Bộ|Thanh tra|Văn phòng|Đài|Báo|Trường|Bệnh viện|Cục|Chi cục|Tổng cục|"
    r"Kho bạc|Ngân hàng|Bảo hiểm|Trung tâm|Tỉnh đoàn|Liên đoàn|Tòa án|Viện|Thông tấn xã|Tổng Thanh tra|Hạt|Đoàn)\b"
)


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
        asked = text.split(maxsplit=2)[2]
        named = name_at(asked, 0)  # "Đề nghị Ủy ban MTTQ tỉnh phối hợp tuyên truyền …": the name ends at its verb
        return assignees_in(named[0] if named else asked, "requested", names)
    both = _LEAD_COOP.match(text)
    if both:
        return assignees_in(both.group("lead"), "lead", names) + assignees_in(both.group("coop"), "cooperating", names)
    return assignees_in(text, "lead", names)


def unknown_bodies(draft: Draft) -> list[Assignee]:
    """The named bodies of the draft's tasks that the registry does not hold (a ministry, another province's
    department): kept with their name and role, for a person to add to agencies.yaml."""
    people = [a for s in draft.sections for a in s.assignees]
    people += [a for s in draft.sections for t in s.tasks for a in (t.assignees or [])]
    return [a for a in people if a.agency is None and a.todo and "agencies.yaml" in a.todo]


def _unless_province_unknown(person: Assignee, names: Names, provinces: set[str]) -> Assignee:
    """A name such as "các Sở" or "Công an tỉnh" fits the same body of every province: while the province is not
    known (no --province, none named in the text), it is not resolved to the one province the registry happens to
    hold, unless the text names that province with it."""
    if names.province or person.agency is None or any(fold(p) in fold(person.text) for p in provinces):
        return person
    todo = f"chưa rõ tỉnh: có thể là {person.agency}; hãy chọn (--province) hoặc ghi `agency:`"
    return Assignee(person.role, person.text, None, todo)


def _whole(name: str, role: str, names: Names) -> Assignee:
    ids = names.ids(name)
    if len(ids) > 1:
        return Assignee(role, name, None, f"nhiều cơ quan cùng tên: {', '.join(ids)}; hãy chọn một (--province)")
    if ids:
        return Assignee(role, name, ids[0])
    todo = (
        "không có trong agencies.yaml: thêm cơ quan vào danh mục hoặc ghi `agency:`" if _SPECIFIC.match(name) else None
    )
    return Assignee(role, name, None, todo)


def prose_sections(found: list[Found], names: Names, provinces: set[str]) -> list[Section]:
    """A section of one task for each task read from the prose, numbered in reading order."""
    sections = []
    for number, task in enumerate(found, start=1):
        if names.province:
            people = [a for p in task.people for a in assignees_in(p.name, p.role, names)]
        else:  # whole names: a part of one ("các sở" of "các sở, ngành") is not resolved on its own
            people = [_whole(p.name, p.role, names) for p in task.people]
        people = [_unless_province_unknown(a, names, provinces) for a in people]
        section = Section(str(number), " ".join(task.text.split()[:12]), task.where, people)
        section.tasks.append(Task(str(number), task.text, task.where, when=task.when))
        sections.append(section)
    return sections
