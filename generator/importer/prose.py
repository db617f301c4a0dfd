"""Tasks from running text: who is told to do what, sentence by sentence.

The grammar of an instruction in Vietnamese administrative prose:

- subject first: "<body> [chủ trì, phối hợp với <bodies>] <verb> …" ("Sở Y tế chỉ đạo …", "UBND các huyện căn cứ …
  tổ chức …"), possibly after an opening clause ("Trên cơ sở …, Sở Kế hoạch và Đầu tư chủ trì …");
- governed: "<issuer> yêu cầu | giao | đề nghị <bodies> <verb> …" ("Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở …
  triển khai …"); "đề nghị" asks a body the issuer does not command (role requested);
- no subject: a sentence or item that opens with its verb does the work of the subject before it: of the paragraph,
  or of the lead-in or heading over the list ("đề nghị UBND các tỉnh thực hiện các nội dung sau:", "Giao Sở Y tế:").

A sentence that only adds the deadline of the work before it ("Hoàn thành trước ngày …") belongs to that task.
Whoever "phối hợp với" names cooperates. What recounts rather than assigns ("Sở đã ban hành …"), the enforcement
clause of a decision and the closing formulas are not tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer import tables
from generator.importer.bodies import HEAD, NARRATIVE, VERB, name_at, split_names
from generator.importer.deadlines import find_deadlines
from generator.importer.extract import Line
from generator.importer.restated import merge_restated
from generator.importer.sentences import Block, blocks, sentences

_GOVERNING = re.compile(
    r"(?<![^\W\d_])(?P<verb>đề nghị|kính đề nghị|trân trọng đề nghị|kính gửi|yêu cầu|giao(?! thông)(?:\s*cho)?|chỉ đạo|"
    r"ủy quyền(?:\s+cho)?|phân công|đồng ý để|cho phép)\s*:?\s+(?=\S)",
    re.IGNORECASE,
)
# Bodies that give the work rather than take it, when they are the subject of "yêu cầu", "giao", "đề nghị".
_ISSUERS = re.compile(
    r"^(?:(?:Chủ\s+tịch|Phó\s+Chủ\s+tịch)\s+)?(?:UBND|Ủy\s*ban\s+nhân\s+dân|Uỷ\s*ban\s+nhân\s+dân)\s+(?:tỉnh|thành\s+phố|"
    r"huyện|thị\s+xã|xã)\b|^(?:Phó\s+)?Thủ\s+tướng|^Văn\s+phòng\s+(?:Chính\s+phủ|UBND|Ủy\s+ban)|^Chính\s+phủ|"
    r"^Bộ\s+trưởng|^Thường\s+trực|^Ban\s+Thường\s+vụ",
    re.IGNORECASE,
)
_NOT_TASK = re.compile(
    r"(?:chịu|có)\s+trách\s+nhiệm\s+thi\s+hành|căn cứ Quyết định(?: này)? (?:để )?thi hành|"
    r"thi hành (?:Quyết định|Chỉ thị) này\W*$|có hiệu lực|thông báo để .{0,80}biết|để (?:quý cơ quan )?biết|"
    r"^(?:Đồng ý|Cho phép|Nhận được|Trên đây là|Kính gửi|Nơi nhận)\b|chịu trách nhiệm trước",
    re.IGNORECASE,
)
# An opening clause before the subject: "Trên cơ sở …,", "Theo đó,", "Để …,", "Thực hiện …,", "Đối với …,".
_OPENER = re.compile(
    r"^(?:Trên cơ sở|Theo đó|Để|Căn cứ|Thực hiện|Quán triệt|Nhằm|Đối với|Trong|Sau khi|Về|Ngoài ra|Đồng thời|"
    r"Bên cạnh đó|Riêng|Tại|Qua|Từ|Do|Vì|Trước|Khi|Nếu|Trường hợp|Cùng với|Như vậy|Vì vậy|Do đó|Ngày|Hiện nay|"
    r"Theo|Tiếp theo|Sau|Với|Xét|Thời gian qua|Năm)\b",
    re.IGNORECASE,
)
# The grounds a text opens with, joined by ";": what follows the last of them is no new task of theirs.
_GROUNDS = re.compile(r"^\s*(?:Căn cứ|Thực hiện|Theo|Xét|Trên cơ sở|Để|Nhằm)\b", re.IGNORECASE)
# "Sở A chủ trì …; Sở B, UBND các huyện phối hợp (thực hiện)": the bodies before "phối hợp" cooperate on the task.
_PARTNERS = re.compile(r"phối hợp(?!\s+với)", re.IGNORECASE)
_COOPERATE = re.compile(r"phối hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+(?=\S)", re.IGNORECASE)
_JOIN = re.compile(
    r"^(?:Đồng thời|Thời gian|Thời hạn|Hoàn thành|Báo cáo kết quả|Báo cáo gửi|Báo cáo về|Gửi|Kết quả|Trường hợp|Nếu)\b",
    re.IGNORECASE,
)
# Sections that state aims, not work: their items give no one a task.
_AIMS = re.compile(r"^(?:[IVX]+\.\s*|\d+\.\s*)?(?:Mục đích|Mục tiêu|Quan điểm|Nguyên tắc)", re.IGNORECASE)
_SHORT = 18  # words: a sentence this short that sets a deadline completes the work before it


@dataclass
class Person:
    name: str
    role: str  # lead, cooperating, requested


@dataclass
class Found:
    text: str
    where: str
    people: list[Person] = field(default_factory=list)
    when: str = ""  # a deadline written apart from the task's text (a table's deadline column)


def _who_is_told(sentence: str) -> tuple[list[Person], int] | None:
    """The bodies a sentence gives its work to (with their roles, not yet the cooperating ones) and where the
    work begins, or None when the sentence names no one to do it."""
    starts = [0]
    if _OPENER.match(sentence):  # "Trên cơ sở …, Sở Kế hoạch và Đầu tư chủ trì …": the subject after the clause
        cooperating = _COOPERATE.search(sentence)
        end = cooperating.start() if cooperating else len(sentence)  # not a body "phối hợp với" names
        starts += [m.end() for m in re.finditer(r",\s+", sentence[:end])]
    for start in starts:
        subject = name_at(sentence, start)
        if subject is None:
            continue
        name, verb_at = subject
        rest = sentence[verb_at:]
        governing = _GOVERNING.match(rest)
        asks = governing and not governing.group("verb").lower().startswith("chỉ")
        # A province named ("UBND tỉnh Thái Nguyên chỉ đạo …") is told by a central body: it is the assignee.
        named_province = re.search(r"\b(?:tỉnh|thành phố)\s+[A-ZĐÀ-Ỹ]", name)
        if governing and (asks or (_ISSUERS.search(name) and not named_province)):
            return _governed(sentence, verb_at + governing.end(), governing.group("verb"))
        if (_ISSUERS.search(name) and not named_province) or NARRATIVE.match(rest):
            if start == 0:
                break  # the issuer's own doing, or a recount: look for whom it tells
            continue
        return [Person(n, "lead") for n in split_names(name)], verb_at
    for governing in _GOVERNING.finditer(sentence):
        if governing.group("verb").lower().startswith("chỉ"):
            continue  # "chỉ đạo X" without an issuer before it: the subject's own work of steering X
        told = _governed(sentence, governing.end(), governing.group("verb"))
        if told:
            return told
    return None


def _governed(sentence: str, at: int, verb: str) -> tuple[list[Person], int] | None:
    subject = name_at(sentence, at)
    if subject is None:
        return None
    name, verb_at = subject
    if NARRATIVE.match(sentence[verb_at:]):
        return None
    role = "requested" if verb.lower().startswith(("đề nghị", "kính", "trân trọng")) else "lead"
    return [Person(n, role) for n in split_names(name)], verb_at


def _cooperating(text: str) -> list[Person]:
    people = []
    for m in re.finditer(r";\s*", text):
        partners = name_at(text, m.end())
        if partners and _PARTNERS.match(text, partners[1]):
            people += [Person(n, "cooperating") for n in split_names(partners[0])]
    for m in _COOPERATE.finditer(text):
        found = name_at(text, m.end())
        if found is None and HEAD.match(text, m.end()):  # the list runs to the end of the sentence
            found = (text[m.end() :].split(".")[0], 0)
        if found:
            people += [Person(n, "cooperating") for n in split_names(found[0])]
    return people


def clauses(sentence: str) -> list[str]:
    """A sentence cut where a new subject begins after ";" ("Công an tỉnh bố trí …; các đơn vị quản lý đường bộ
    tăng cường …"): each body's part is its own task. Not cut inside a list of bodies ("yêu cầu Giám đốc các sở;
    các cơ quan Trung ương … triển khai"), where the part before ";" names no one with work of their own."""
    parts, start = [], 0
    for semicolon in re.finditer(r";\s*", sentence):
        after = sentence[semicolon.end() :]
        subject = name_at(after, 0)
        if subject is None or NARRATIVE.match(after[subject[1] :]) or _PARTNERS.match(after[subject[1] :]):
            continue  # no new subject, a recount, or "…; Sở Y tế phối hợp": the partners of the same task
        before = sentence[start : semicolon.start()]
        if _who_is_told(before) is None and (
            not _opens_with_verb(before) or _GOVERNING.search(before) or _GROUNDS.match(before)
        ):
            continue  # a list of bodies, or the grounds of the text ("Căn cứ …; Thực hiện …;"), not a task
        if _ends_with_object(before):
            continue  # "Sở X đôn đốc các sở, ngành liên quan; UBND các huyện …": the list of whom it urges goes on
        parts.append(before.strip(" ;"))
        start = semicolon.end()
    return [*parts, sentence[start:].strip()]


def _ends_with_object(clause: str) -> bool:
    """Whether a clause ends with the bodies its last verb acts on ("… đôn đốc các sở, ngành liên quan")."""
    verbs = list(VERB.finditer(clause))
    if not verbs:
        return False
    rest = clause[verbs[-1].end() :].strip(" ,")
    return bool(HEAD.match(rest)) and len(rest.split()) <= 12


def _opens_with_verb(sentence: str) -> bool:
    first = VERB.match(sentence[:1].lower() + sentence[1:])
    return first is not None


def _sets_deadline_only(sentence: str) -> bool:
    return (len(sentence.split()) <= _SHORT and bool(find_deadlines(sentence))) or bool(_JOIN.match(sentence))


def read_tasks(lines: list[Line]) -> list[Found]:
    """Every task of the text, with who is given it: of its prose, and of its tables of tasks, in reading order."""
    found: list[Found] = []
    prose: list = []
    columns = None
    for line in lines:
        heading = tables.header(line.text)
        if heading:
            found += _read_prose(prose)
            prose, columns = [], heading
            continue
        task = tables.row(line.text, line.where, columns) if columns else None
        if task:
            people = [Person(n, "lead") for n in task.lead] + [Person(n, "cooperating") for n in task.cooperating]
            found.append(Found(task.task, task.where, people, task.when))
        elif not (columns and "|" in line.text):  # a table's other rows (a group's title) are no prose
            columns = None if line.text.strip() and "|" not in line.text else columns
            prose.append(line)
    found += _read_prose(prose)
    return merge_restated(found, lambda text: {d.deadline for d in find_deadlines(text) if d.deadline})


def _read_prose(lines: list[Line]) -> list[Found]:
    """Every task of the running text, with who is given it."""
    found: list[Found] = []
    context: list[Person] = []  # the lead-in's or heading's bodies, for the items under it
    requested = False  # a lead-in that asks ("đề nghị … như sau:"): its list's own subjects are asked too
    aims = False
    every = blocks(lines)
    for n, block in enumerate(every):
        if _AIMS.match(block.text) and len(block.text.split()) <= 8:
            aims = True
            continue
        if _title(block, n + 1 == len(every)):
            aims = aims and not block.text.isupper()  # a new part in capitals ends the aims
            continue
        if block.heads:
            aims = False
            told = _who_is_told(block.text)
            if told:
                context = told[0]
                requested = any(p.role == "requested" for p in context)
            elif block.mark is None:
                context = []
            continue
        if not aims:
            _read_block(block, found, context, requested, found[-1] if found and block.mark is None else None)
    return found


def _title(block: Block, last: bool = False) -> bool:
    """A title, a caption or a heading: short, without the final punctuation of a sentence."""
    limit = (30 if block.mark is None else 12) if not last else 6  # the last may be a text cut short: a task
    return len(block.text.split()) <= limit and not re.search(r"[.;:!?…)\"”]$", block.text)


def _read_block(block: Block, found: list[Found], context: list[Person], requested: bool, before: Found | None) -> None:
    subject: list[Person] = []
    own: Found | None = before  # the last task, which a sentence without subject may complete
    labelled = re.match(r"^(?P<who>[^:]{3,80}):\s+(?P<rest>\S.*)$", block.text)
    text = block.text
    listing = labelled and re.match(r"^(?:Các|các|Giao các)\s+(?:Sở|sở|Bộ|bộ)$", labelled.group("who"))
    if labelled and not listing and HEAD.match(labelled.group("who")) and not VERB.search(labelled.group("who")):
        subject = [Person(n, "lead") for n in split_names(labelled.group("who"))]  # "2. Công an tỉnh: …"
        text = labelled.group("rest")
    for sentence in (clause for whole in sentences(text) for clause in clauses(whole)):
        if _NOT_TASK.search(sentence):
            continue
        told = _who_is_told(sentence)
        if told:
            people, _at = told
            if requested:
                people = [Person(p.name, "requested" if p.role == "lead" else p.role) for p in people]
            subject = people
        elif own is not None and _sets_deadline_only(sentence):
            own.text += " " + sentence
            continue
        elif subject or context:
            if not _opens_with_verb(sentence) and block.mark is None:
                continue
            people = subject or context
        else:
            continue
        own = Found(sentence, block.where, [*people, *_cooperating(sentence)])
        found.append(own)
