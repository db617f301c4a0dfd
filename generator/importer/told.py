"""Who a sentence of a directive gives its work to, and in which role.

- subject first: "<body> [chủ trì, phối hợp với <bodies>] <verb> …", possibly after an opening clause ("Trên cơ sở
  …, Sở Kế hoạch và Đầu tư chủ trì …");
- governed: "<issuer> yêu cầu | giao | đề nghị <bodies> <verb> …"; whether "đề nghị" commands or asks depends on
  who writes it (`roles`), which may be said sentences before ("UBND thành phố ban hành văn bản … Trong đó, đề
  nghị các sở …"): the text's voice;
- whoever "phối hợp với" names, or the bodies before "phối hợp" after ";", cooperate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.core.names import fold
from generator.importer.bodies import HEAD, NARRATIVE, VERB, name_at, split_names
from generator.importer.roles import requested_role, subject_role

GOVERNING = re.compile(  # not named as a subject ("chỉ đạo của UBND thành phố về (việc) giao Sở X …")
    r"(?<![^\W\d_])(?<!về\s)(?<!về việc\s)(?P<verb>đề nghị|kính đề nghị|trân trọng đề nghị|kính gửi|yêu cầu|"
    r"giao(?! thông)(?:\s+(?:trách nhiệm|nhiệm vụ))?(?:\s*cho)?|chỉ đạo|"
    r"ủy quyền(?:\s+cho)?|phân công|đồng ý để|cho phép)\s*:?\s+(?=\S)",
    re.IGNORECASE,
)
# Bodies that give the work rather than take it, when they are the subject of "yêu cầu", "giao", "đề nghị".
ISSUERS = re.compile(
    r"^(?:(?:Chủ\s+tịch|Phó\s+Chủ\s+tịch)\s+)?(?:UBND|Ủy\s*ban\s+nhân\s+dân|Uỷ\s*ban\s+nhân\s+dân)\s+(?:tỉnh|thành\s+phố|"
    r"huyện|thị\s+xã|xã)\b|^(?:Phó\s+)?Thủ\s+tướng|^Văn\s+phòng\s+(?:Chính\s+phủ|UBND|Ủy\s+ban)|^Chính\s+phủ|"
    r"^Bộ\s+trưởng|^Thường\s+trực|^Ban\s+Thường\s+vụ",
    re.IGNORECASE,
)
# An opening clause before the subject: "Trên cơ sở …,", "Theo đó,", "Để …,", "Thực hiện …,", "Đối với …,".
_OPENER = re.compile(
    r"^(?:Trên cơ sở|Theo đó|Để|Căn cứ|Thực hiện|Quán triệt|Nhằm|Đối với|Trong|Sau khi|Về|Ngoài ra|Đồng thời|"
    r"Bên cạnh đó|Riêng|Tại|Qua|Từ|Do|Vì|Trước|Khi|Nếu|Trường hợp|Cùng với|Như vậy|Vì vậy|Do đó|Ngày|Hiện nay|"
    r"Theo|Tiếp theo|Sau|Với|Xét|Thời gian qua|Năm)\b",
    re.IGNORECASE,
)
_SOURCE_TAG = re.compile(r"^\((?:[\w.-]+\.(?:vn|com|net|org))\)\s*[-–]?\s*", re.IGNORECASE)
_PURPOSE = re.compile(r"^(?:Để|Nhằm)\b", re.IGNORECASE)
# A connective that goes on with the work of the sentence before: "Đồng thời, chú trọng …".
CONNECTIVE = re.compile(r"^(?:Đồng thời|Bên cạnh đó|Ngoài ra|Mặt khác),?\s+(?=[a-zđà-ỹ])")
# "Sở A chủ trì …; Sở B, UBND các huyện phối hợp (thực hiện)": the bodies before "phối hợp" cooperate on the task.
PARTNERS = re.compile(r"phối hợp(?!\s+với)", re.IGNORECASE)
# What a body does when it writes: "vừa ban hành văn bản", "có Công văn".
_ISSUES = re.compile(r"(?:vừa |đã )?(?:ban hành|có (?:văn bản|[Cc]ông văn|[Tt]hông báo))", re.IGNORECASE)
_COOPERATE = re.compile(r"phối hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+(?=\S)", re.IGNORECASE)


@dataclass
class Person:
    name: str
    role: str  # lead, cooperating, requested


def who_is_told(sentence: str, voice: str | None = None) -> tuple[list[Person], int] | None:
    """The bodies a sentence gives its work to (with their roles, not yet the cooperating ones) and where the
    work begins, or None when the sentence names no one to do it. `voice` is the body the text speaks for, which
    writes a "đề nghị" that names no one before it."""
    tag = _SOURCE_TAG.match(sentence)
    if tag:  # "(hocmon.gov.vn) Theo Công văn …, UBND huyện đề nghị …": a portal's tag before the sentence
        told = who_is_told(sentence[tag.end() :], voice)
        return (told[0], told[1] + tag.end()) if told else None
    goes_on = CONNECTIVE.match(sentence)
    if goes_on and opens_with_verb(sentence[goes_on.end() :]) and not GOVERNING.match(sentence, goes_on.end()):
        return None  # "Bên cạnh đó, tuyên truyền, vận động các tổ chức …": the bodies after the verb are its object
    starts = [0]
    if _OPENER.match(sentence):  # "Trên cơ sở …, Sở Kế hoạch và Đầu tư chủ trì …": the subject after the clause
        cooperating = _COOPERATE.search(sentence)
        end = cooperating.start() if cooperating else len(sentence)  # not a body "phối hợp với" names
        # After a purpose, the subject may follow ";" too: "Để có cơ sở …, trình …; Sở X gửi đến …".
        cuts = r"[,;]\s+" if _PURPOSE.match(sentence) else r",\s+"
        starts += [m.end() for m in re.finditer(cuts, sentence[:end])]
    for start in starts:
        bare = GOVERNING.match(sentence, start)
        if start and bare and not bare.group("verb").lower().startswith("chỉ"):
            # "Trong đó, đề nghị các sở, ban, ngành, UBND các quận …": the clause after the opener is the request
            return _governed(sentence, bare.end(), bare.group("verb"), voice)
        subject = name_at(sentence, start)
        if subject is None or _sent_to(sentence[:start]):
            continue
        name, verb_at = subject
        rest = sentence[verb_at:]
        governing = GOVERNING.match(rest)
        asks = governing and not governing.group("verb").lower().startswith("chỉ")
        # A province named ("UBND tỉnh Thái Nguyên chỉ đạo …") is told by a central body: it is the assignee.
        # … and so is a district or commune named ("UBND huyện Phong Thổ chủ trì …") told by its province.
        named_province = re.search(r"\b(?:tỉnh|thành phố|huyện|thị xã|quận|xã)\s+[A-ZĐÀ-Ỹ]", name)
        # The office of a committee is given work ("Văn phòng UBND tỉnh theo dõi, đôn đốc …") unless it announces.
        office_works = name.startswith("Văn phòng") and not _CONVEYS.match(rest) and not NARRATIVE.match(rest)
        if governing and (asks or (ISSUERS.search(name) and not named_province)):
            return _governed(sentence, verb_at + governing.end(), governing.group("verb"), name)
        request = _ANNOUNCES.match(rest) and _LATER_REQUEST.search(sentence, verb_at)
        if request:  # "Chi cục Kiểm lâm thông báo cấp dự báo …, đề nghị UBND xã … triển khai": the request is the work
            # … and so is what a body sends others to do ("Sở X gửi đến các cơ quan, đơn vị tham gia góp ý …").
            told = _governed(sentence, request.end(), request.group("verb") or "đề nghị", name)
            if told:
                return told
        if (ISSUERS.search(name) and not named_province and not office_works) or NARRATIVE.match(rest):
            if start == 0:
                break  # the issuer's own doing, or a recount: look for whom it tells
            continue
        return [Person(n, subject_role(n)) for n in split_names(name)], verb_at
    for governing in GOVERNING.finditer(sentence):
        if governing.group("verb").lower().startswith("chỉ"):
            continue  # "chỉ đạo X" without an issuer before it: the subject's own work of steering X
        told = _governed(sentence, governing.end(), governing.group("verb"), voice)
        if told:
            return told
    return None


def _sent_to(before: str) -> bool:
    """Whether the text before a comma ends inside the list of bodies a document is sent to ("…, gửi Sở Văn hóa,
    Thể thao và Du lịch, Sở Ngoại vụ …"): those are its recipients, not a subject."""
    verbs = list(VERB.finditer(before))
    return (
        bool(verbs)
        and fold(verbs[-1].group(0)) in ("gui", "toi", "cho")
        and bool(HEAD.match(before, verbs[-1].end() + 1))
    )


def _governed(sentence: str, at: int, verb: str, asker: str | None) -> tuple[list[Person], int] | None:
    subject = name_at(sentence, at)
    if subject is None:
        return None
    name, verb_at = subject
    if NARRATIVE.match(sentence[verb_at:]):
        return None
    if not verb.lower().startswith(("đề nghị", "kính", "trân trọng")):
        return [Person(n, "lead") for n in split_names(name)], verb_at
    return [Person(n, requested_role(asker, n)) for n in split_names(name)], verb_at


def speaker(sentence: str) -> str | None:
    """The body a sentence says writes or asks ("UBND thành phố ban hành văn bản …", "Sở Y tế đề nghị …"). An
    office that conveys its head's opinion ("Văn phòng UBND tỉnh truyền đạt ý kiến của đồng chí …, Chủ tịch UBND
    tỉnh") writes in the head's voice."""
    conveyed = _CONVEYED.search(sentence)
    if conveyed:
        return conveyed.group("who")
    starts = [0] + ([m.end() for m in re.finditer(r",\s+", sentence)] if _OPENER.match(sentence) else [])
    for start in starts:
        subject = name_at(sentence, start)
        if subject and (GOVERNING.match(sentence, subject[1]) or _ISSUES.match(sentence, subject[1])):
            return subject[0]
    return None


# Whose opinion an office conveys: the head named after "ý kiến (chỉ đạo | kết luận) của", past the person's name.
_CONVEYED = re.compile(
    r"(?:truyền đạt|thông báo)\s+(?:ý kiến|kết luận)(?:\s+chỉ đạo)?\s+của\s+(?:(?:đồng chí|ông|bà)\s+[^,]{2,40},\s*)?"
    r"(?P<who>(?:(?:Phó\s+)?Chủ\s+tịch\s+(?:UBND|Ủy\s*ban\s+nhân\s+dân|Uỷ\s*ban\s+nhân\s+dân)\s+(?:tỉnh|thành\s+phố|"
    r"huyện|quận|thị\s+xã)|(?:Phó\s+)?Thủ\s+tướng(?:\s+Chính\s+phủ)?))",
    re.IGNORECASE,
)
# A body that announces or issues something, then asks in the same sentence.
_ANNOUNCES = re.compile(r"(?:thông báo|ban hành|phát hành|gửi|có ý kiến)\b", re.IGNORECASE)
_LATER_REQUEST = re.compile(
    r",\s+(?P<verb>đề nghị|yêu cầu|giao)\s+(?=\S)|(?<=gửi)\s+(?:đến|tới)\s+(?=\S)", re.IGNORECASE
)
# How an office writes for its committee: it conveys, it is not given work.
_CONVEYS = re.compile(
    r"(?:xin |trân trọng |kính )?(?:thông báo|truyền đạt|chuyển|sao gửi|gửi|ban hành|phát hành|có ý kiến|"
    r"có văn bản|đề nghị|yêu cầu|giao)\b",
    re.IGNORECASE,
)
# A kind of body named without "các" after "phối hợp với".
_BARE_KIND = re.compile(r"(?:đơn vị|địa phương|cơ quan|ngành|lực lượng)\b")


def cooperating(text: str) -> list[Person]:
    people = []
    for m in re.finditer(r";\s*", text):
        partners = name_at(text, m.end())
        if partners and PARTNERS.match(text, partners[1]):
            people += [Person(n, "cooperating") for n in split_names(partners[0])]
    for m in _COOPERATE.finditer(text):
        found = name_at(text, m.end())
        if found is None and HEAD.match(text, m.end()):  # the list runs to the end of the sentence
            found = (text[m.end() :].split(".")[0], 0)
        if found is None and _BARE_KIND.match(text, m.end()):  # "phối hợp với đơn vị, địa phương có liên quan"
            verb = VERB.search(text, m.end())
            found = (text[m.end() : verb.start()].strip(" ,"), 0) if verb else None
        if found:
            people += [Person(n, "cooperating") for n in split_names(found[0])]
    return people


def partners_unfinished(sentence: str) -> bool:
    """Whether a sentence stops inside its list of partners, before any work ("Giao Sở A chủ trì, phối hợp với Sở B,
    Sở C."): a full stop typed for a comma, which the next sentence's bodies go on ("Sở D và UBND các huyện căn cứ
    … triển khai")."""
    last = next(reversed(list(_COOPERATE.finditer(sentence))), None)
    return bool(last and HEAD.match(sentence, last.end()) and not VERB.search(sentence, last.end()))


def opens_with_verb(sentence: str) -> bool:
    """Whether the sentence opens with its verb (its subject is the one before it). "Căn cứ …," at the start
    gives the grounds of what follows, not the work of "căn cứ" ("UBND các huyện căn cứ … tổ chức …")."""
    if re.match(r"Căn cứ\b", sentence, re.IGNORECASE):
        return False
    first = VERB.match(sentence[:1].lower() + sentence[1:])
    return first is not None
