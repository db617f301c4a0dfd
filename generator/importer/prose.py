"""Tasks from running text: who is told to do what, sentence by sentence.

Who a sentence tells, and in which role, is read by `told`; where a sentence holds several tasks, by `clauses`.
A sentence or item that opens with its verb does the work of the subject before it: of the paragraph, or of the
lead-in or heading over the list ("đề nghị UBND các tỉnh thực hiện các nội dung sau:", "Giao Sở Y tế:").

A sentence that only adds the deadline of the work before it ("Hoàn thành trước ngày …") belongs to that task.
Whoever "phối hợp với" names cooperates. What recounts rather than assigns ("Sở đã ban hành …"), the enforcement
clause of a decision and the closing formulas are not tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.core.names import fold
from generator.importer import tables
from generator.importer.bodies import HEAD, VERB, name_at, split_names
from generator.importer.clauses import GROUNDS, clauses
from generator.importer.deadlines import find_deadlines
from generator.importer.extract import Line
from generator.importer.restated import merge_restated
from generator.importer.sentences import Block, blocks, sentences
from generator.importer.told import (
    CONNECTIVE,
    GOVERNING,
    Person,
    cooperating,
    opens_with_verb,
    partners_unfinished,
    speaker,
    who_is_told,
)

_NOT_TASK = re.compile(
    r"(?:chịu|có)\s+trách\s+nhiệm\s+thi\s+hành|căn cứ Quyết định(?: này)? (?:để )?thi hành|"
    r"thi hành (?:Quyết định|Chỉ thị) này\W*$|có hiệu lực|thông báo để .{0,80}biết|để (?:quý cơ quan )?biết|"
    r"^(?:Nhận được|Trên đây là|Kính gửi|Nơi nhận)\b|chịu trách nhiệm trước",
    re.IGNORECASE,
)
# A permission ("Đồng ý để Công ty X khảo sát …") is work to follow only when a deadline comes with it ("Thời hạn
# thực hiện và báo cáo kết quả … không quá 2 tháng …"); without one it is an answer, not a task.
_PERMITS = re.compile(r"^(?:Đồng ý|Cho phép|Chấp thuận)\b", re.IGNORECASE)
_COMPETENCE = re.compile(r"thẩm quyền|phân cấp|phân quyền", re.IGNORECASE)
# The closing formula that gives no work of its own: "yêu cầu X (tổ chức) triển khai thực hiện (nghiêm túc)."
_FORMULA = re.compile(
    r"(?:khẩn trương\s+|nghiêm túc\s+)?(?:tổ chức\s+)?(?:triển khai\s+)?(?:thực hiện|triển khai)"
    r"(?:\s+(?:nghiêm túc|theo quy định|nội dung (?:này|trên)|các nội dung trên))?\W*$",
    re.IGNORECASE,
)
_TITLED = re.compile(r"^(?:giam doc|thu truong|chu tich|lanh dao|nguoi dung dau)\s+")
# The deliverable as the subject of a sentence that says where it goes ("Báo cáo … gửi về …", "Các ý kiến góp ý
# gửi về …").
_DELIVERABLE = re.compile(
    r"^(?:(?:Các|Mọi)\s+)?(?:Báo cáo|Văn bản|[Ýý] kiến|Kết quả|Hồ sơ|Danh sách|Đề xuất)\b[^.;]*\b(?:gửi|nộp)\b"
)
# "Yêu cầu hoàn thiện …" with no body after it asks more of the same work.
_JOIN = re.compile(
    r"^(?:Yêu cầu|Đồng thời|Thời gian|Thời hạn|Hoàn thành|Báo cáo kết quả|Báo cáo gửi|Báo cáo về|Gửi|Kết quả|"
    r"Trường hợp|Nếu)\b",
    re.IGNORECASE,
)
# Sections that state aims, not work: their items give no one a task.
_AIMS = re.compile(r"^(?:[IVX]+\.\s*|\d+\.\s*)?(?:Mục đích|Mục tiêu|Quan điểm|Nguyên tắc)", re.IGNORECASE)
# An item that gives the time of the work above it ("2. Thời gian lấy ý kiến: đến hết ngày 28/11/2016.").
_TIME_ITEM = re.compile(r"^(?:Thời gian|Thời hạn)\b[^:.;]{0,60}:")
_LONG_GROUNDS = 40  # words of grounds (`clauses.GROUNDS`) before its work past which a task's text leaves them out
_SHORT = 18  # words: a sentence this short that sets a deadline completes the work before it


@dataclass
class Found:
    text: str
    where: str
    people: list[Person] = field(default_factory=list)
    when: str = ""  # a deadline written apart from the task's text (a table's deadline column)
    permitted: bool = False  # a permission, a task only if a deadline completes it


def _sets_deadline_only(sentence: str) -> bool:
    """Whether a sentence only adds the deadline, the form or the recipient of the work before it: short with a
    deadline, opening with a joining word, or sending the deliverable ("Báo cáo sơ kết … gửi về Ủy ban Dân tộc
    trước ngày 15 tháng 5 năm 2021")."""
    dated = bool(find_deadlines(sentence))
    sends = bool(_DELIVERABLE.match(sentence)) and dated
    return (len(sentence.split()) <= _SHORT and dated) or bool(_JOIN.match(sentence)) or sends


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
    found = [task for task in found if not task.permitted or find_deadlines(task.text)]
    _name_in_full(found)
    return merge_restated(found, lambda text: {d.deadline for d in find_deadlines(text) if d.deadline})


def _name_in_full(found: list[Found]) -> None:
    """A body named by its head alone after it was named in full ("Công an tỉnh tổ chức … giao Công an chủ trì
    …") is that body: the short name is given the full one, when one earlier name alone begins with it."""
    named: list[str] = []
    for task in found:
        for person in task.people:
            fuller = {n for n in named if n.startswith(person.name + " ")}
            if len(person.name.split()) <= 2 and len(fuller) == 1:
                person.name = fuller.pop()
            named.append(person.name)


def _read_prose(lines: list[Line]) -> list[Found]:
    """Every task of the running text, with who is given it."""
    found: list[Found] = []
    context: list[Person] = []  # the lead-in's or heading's bodies, for the items under it
    requested = False  # a lead-in that asks ("đề nghị … như sau:"): its list's own subjects are asked too
    aims = False
    voice: str | None = None  # the body the text last said writes or asks: who a bare "đề nghị" is from
    item = False  # in an item ("1. …", "- …") or a plain paragraph that goes on with one
    rules = False  # in the items of a lead-in that states competences
    every = blocks(lines)
    for n, block in enumerate(every):
        if _AIMS.match(block.text) and len(block.text.split()) <= 8:
            aims = True
            continue
        if _title(block, n + 1 == len(every)):
            aims = aims and not block.text.isupper()  # a new part in capitals ends the aims
            item = False
            continue
        if block.heads:
            aims, item = False, False
            # "Cụ thể thẩm quyền quyết định … như sau:": the items under it say who may decide, they give no work.
            rules = bool(_COMPETENCE.search(block.text)) and not GOVERNING.search(block.text)
            voice = speaker(block.text) or voice
            told = who_is_told(block.text, voice)
            if told:
                context = told[0]
                requested = any(p.role == "requested" for p in context)
            elif block.mark is None:
                context = []
            continue
        rules = rules and block.mark is not None
        if not aims and not rules:
            goes_on = block.mark is None or bool(_TIME_ITEM.match(block.text))
            before = found[-1] if found and goes_on else None
            item = item or block.mark is not None
            voice = _read_block(block, found, context, requested, before, voice, item)
    return found


def _without_grounds(sentence: str, work_at: int) -> str:
    """The task's words without the long grounds it opens with ("Xét đề nghị của: UBND tỉnh A tại các văn bản …; của
    UBND tỉnh B …, Phó Thủ tướng X giao các Bộ …"): from the comma before the clause that gives the work, when what
    comes before it is longer than the work's own clause would need to cite it."""
    if not GROUNDS.match(sentence):
        return sentence
    givers = [m.start() for m in GOVERNING.finditer(sentence, 0, work_at)]
    comma = sentence.rfind(", ", 0, givers[-1] if givers else work_at)
    if comma < 0 or len(sentence[:comma].split()) < _LONG_GROUNDS:
        return sentence
    return sentence[comma + 2 :]


def _distinct(people: list[Person]) -> list[Person]:
    """Each body once, in the role it was first named in: a subject named again among the partners after `;`
    ("đề nghị X; Y phối hợp …") is still the subject."""
    by_name: dict[str, Person] = {}
    for person in people:
        by_name.setdefault(person.name, person)
    return list(by_name.values())


def _already_given(people: list[Person], found: list[Found]) -> bool:
    def body(name: str) -> str:
        return _TITLED.sub("", fold(name))

    given = {body(p.name) for task in found for p in task.people}
    return all(body(p.name) in given for p in people)


def _title(block: Block, last: bool = False) -> bool:
    """A title, a caption or a heading: short, without the final punctuation of a sentence."""
    limit = (30 if block.mark is None else 12) if not last else 6  # the last may be a text cut short: a task
    if block.text.isupper() and len(block.text.split()) >= 2:  # a heading in capitals, however long
        return True
    return len(block.text.split()) <= limit and not re.search(r"[.;:!?…)\"”]$", block.text)


def _read_block(
    block: Block,
    found: list[Found],
    context: list[Person],
    requested: bool,
    before: Found | None,
    voice: str | None,
    item: bool = False,
) -> str | None:
    """Add the block's tasks to `found`; return the voice the text speaks in after it. In an item (or a paragraph
    that goes on with one) a sentence without a subject of its own goes on with the item's task: an item is one
    task, however many sentences and paragraphs it has."""
    subject: list[Person] = []
    own: Found | None = before  # the last task, which a sentence without subject may complete
    labelled = re.match(r"^(?P<who>[^:]{3,80}):\s+(?P<rest>\S.*)$", block.text)
    text = block.text
    listing = labelled and re.match(r"^(?:Các|các|Giao các)\s+(?:Sở|sở|Bộ|bộ)$", labelled.group("who"))
    if labelled and not listing and HEAD.match(labelled.group("who")) and not VERB.search(labelled.group("who")):
        role = "requested" if requested else "lead"  # under a lead-in that asks, its items' bodies are asked too
        subject = [Person(n, role) for n in split_names(labelled.group("who"))]  # "2. Công an tỉnh: …"
        text = labelled.group("rest")
    for sentence in (clause for whole in sentences(text) for clause in clauses(whole)):
        voice = speaker(sentence) or voice
        if _NOT_TASK.search(sentence):
            continue
        going_on = name_at(sentence, 0) if own is not None and partners_unfinished(own.text) else None
        if own is not None and going_on:  # "… phối hợp với Sở B, Sở C. Sở D và UBND các huyện căn cứ …"
            more = [Person(n, "cooperating") for n in split_names(going_on[0])]
            own.text += " " + sentence
            own.people = _distinct([*own.people, *more, *cooperating(sentence)])
            continue
        told = who_is_told(sentence, voice)
        permits = bool(_PERMITS.match(sentence))
        if permits and not told:
            continue
        if told and _FORMULA.match(sentence[told[1] :]) and _already_given(told[0], found):
            continue  # "… yêu cầu Giám đốc Sở X triển khai thực hiện.": Sở X's work was given before
        if told:
            people, _at = told
            if requested:
                people = [Person(p.name, "requested" if p.role == "lead" else p.role) for p in people]
            subject = people
        elif own is before and before is not None and CONNECTIVE.match(sentence) and not subject:
            # A paragraph that opens with a connective ("Đồng thời, chú trọng …") after a task: new work for the
            # same bodies.
            subject = [p for p in before.people if p.role != "cooperating"]
            people = subject
        elif own is not None and (item or _sets_deadline_only(sentence)):
            own.text += " " + sentence
            continue
        elif subject or context:
            if not opens_with_verb(sentence) and block.mark is None:
                continue
            people = subject or context
        else:
            continue
        text_of_task = _without_grounds(sentence, told[1]) if told else sentence
        own = Found(text_of_task, block.where, _distinct([*people, *cooperating(sentence)]), permitted=permits)
        found.append(own)
    return voice
