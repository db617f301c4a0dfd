"""A sentence of a directive cut into the parts that are tasks of their own: where a new subject begins.

"Công an tỉnh bố trí …; các đơn vị quản lý đường bộ tăng cường …" is two tasks; so is "…, sau khi Quốc hội thông
qua …, Bộ Nội vụ sẽ chủ trì …" (the condition goes with the new subject). Clauses of one subject joined by ";" stay
one task, and so do a list of bodies, the grounds of the text and the partners of the same work.
"""

from __future__ import annotations

import re

from generator.importer.bodies import HEAD, NARRATIVE, VERB, name_at
from generator.importer.told import GOVERNING, PARTNERS, opens_with_verb, who_is_told

# The grounds a text opens with, joined by ";": what follows the last of them is no new task of theirs.
GROUNDS = re.compile(r"^\s*(?:Căn cứ|Thực hiện|Theo|Xét|Trên cơ sở|Để|Nhằm)\b", re.IGNORECASE)
# Where a sentence may be cut: ";", or ", sau khi / khi / nếu / trường hợp …" before a new subject.
_CUT = re.compile(r";\s*|,\s+(?=(?P<condition>sau khi|khi|nếu|trường hợp)\b)", re.IGNORECASE)


def clauses(sentence: str) -> list[str]:
    """A sentence cut where a new subject begins after ";" ("Công an tỉnh bố trí …; các đơn vị quản lý đường bộ
    tăng cường …"), or after a comma that opens a condition for it (", sau khi Quốc hội thông qua …, Bộ Nội vụ sẽ
    chủ trì …"): each body's part is its own task. Not cut inside a list of bodies ("yêu cầu Giám đốc các sở; các
    cơ quan Trung ương … triển khai"), where the part before ";" names no one with work of their own."""
    parts, start = [], 0
    for cut in _CUT.finditer(sentence):
        if cut.start() < start:
            continue
        after = sentence[cut.end() :]
        subject = name_at(after, 0)
        conditional = cut.group("condition") is not None
        if conditional:  # the subject comes after the condition's own clause
            commas = re.finditer(r",\s+", after.split(";")[0].split(". ")[0])
            subject = next((found for c in commas if (found := name_at(after, c.end()))), None)
        if subject is None or NARRATIVE.match(after[subject[1] :]) or PARTNERS.match(after[subject[1] :]):
            continue  # no new subject, a recount, or "…; Sở Y tế phối hợp": the partners of the same task
        before = sentence[start : cut.start()]
        if who_is_told(before) is None and (
            not opens_with_verb(before) or GOVERNING.search(before) or GROUNDS.match(before)
        ):
            continue  # a list of bodies, or the grounds of the text ("Căn cứ …; Thực hiện …;"), not a task
        if _ends_with_object(before):
            continue  # "Sở X đôn đốc các sở, ngành liên quan; UBND các huyện …": the list of whom it urges goes on
        parts.append(before.strip(" ;,"))
        start = cut.end()
    return [*parts, sentence[start:].strip()]


def _ends_with_object(clause: str) -> bool:
    """Whether a clause ends with the bodies its last verb acts on ("… đôn đốc các sở, ngành liên quan")."""
    verbs = list(VERB.finditer(clause))
    if not verbs:
        return False
    rest = clause[verbs[-1].end() :].strip(" ,")
    return bool(HEAD.match(rest)) and len(rest.split()) <= 12
