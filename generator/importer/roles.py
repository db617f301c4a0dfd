"""Whether "đề nghị" (request) commands or asks: it depends on who writes it to whom.

A provincial people's committee or its chairman (and the chairman's task force), like the Prime Minister and the
Government, commands its own departments, boards, sectors and lower committees even when it writes "đề nghị"
(role lead). Whatever a department, a ministry, an office or a central body requests is asked (role requested),
and so is what anyone requests of a body outside its command: the Fatherland Front and mass organisations, central
bodies and ministries, the branches of central agencies in the province (Kho bạc, Bảo hiểm xã hội, Cục Thuế),
businesses, investors and citizens.
"""

from __future__ import annotations

import re

_COMMANDS = re.compile(
    r"^(?:(?:Phó\s+)?Chủ\s+tịch\s+)?(?:UBND|Ủy\s*ban\s+nhân\s+dân|Uỷ\s*ban\s+nhân\s+dân)\s+"
    r"(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã)\b|^Tổ\s+công\s+tác\s+của\s+Chủ\s+tịch|"
    r"^(?:Phó\s+)?Thủ\s+tướng|^Chính\s+phủ",
    re.IGNORECASE,
)
_OUTSIDE = re.compile(
    r"Mặt\s+trận|MTTQ|đoàn\s+thể|chính\s+trị\s*-\s*xã\s+hội|\b[Hh]ội\b|\b[Bb]ộ\b|[Tt]rung\s+ương|"
    r"doanh\s+nghiệp|[Cc]ông\s+ty|[Tt]ập\s+đoàn|[Nn]gân\s+hàng|Kho\s+bạc|Bảo\s+hiểm|Cục\s+Thuế|Hải\s+quan|"
    r"[Vv]iện\b|cá\s+nhân|nhà\s+đầu\s+tư|chủ\s+đầu\s+tư|người\s+dân|[Nn]hân\s+dân|^[Qq]uý\b|[Tt]òa\s+án|"
    r"Viện\s+kiểm\s+sát|[Cc]ác\s+tỉnh|UBND\s+tỉnh|Ủy\s*ban\s+nhân\s+dân\s+tỉnh"
)


def commands(asker: str | None) -> bool:
    """Whether the body that writes "đề nghị" commands the bodies of its own administration."""
    return bool(asker and _COMMANDS.search(" ".join(asker.split())))


# A body's own units: named as under it ("các đơn vị thuộc Bộ", "công chức thuộc Sở"), or a unit of its own field
# ("Chi cục Kiểm lâm" to "Hạt Kiểm lâm khu vực", "Sở Y tế" to "Trung tâm Y tế các huyện").
_UNDER = re.compile(r"\b(?:trực\s+)?thuộc\s+(?:Bộ|Sở|Cục|Chi\s+cục|Tổng\s+cục|Ban|Đài|Văn\s+phòng)\s*$")
_UNIT = re.compile(r"^(?:Hạt|Đội|Trạm|Trung\s+tâm|Phòng|Chi\s+cục|Chi\s+nhánh)\s+")
_ASKER_FIELD = re.compile(r"^(?:Sở|Cục|Chi\s+cục|Tổng\s+cục|Bộ)\s+(?P<field>(?:[A-ZĐÀ-Ỹ]\w*\s*){1,3})")


def own_unit(asker: str | None, body: str) -> bool:
    """Whether `body` is one of the asker's own units, which it commands whatever its word."""
    if _UNDER.search(body):
        return True
    field = _ASKER_FIELD.match(" ".join((asker or "").split()))
    return bool(field and _UNIT.match(body) and re.search(rf"\b{re.escape(field['field'].strip())}\b", body))


def requested_role(asker: str | None, body: str) -> str:
    """The role of a body named after "đề nghị": lead when the asker commands it, else requested."""
    commanded = commands(asker) and not _OUTSIDE.search(body)
    return "lead" if commanded or own_unit(asker, body) else "requested"


def subject_role(body: str) -> str:
    """The role of a body a sentence opens with: lead, but a body addressed as "Quý" (an honorific no one gives its
    own departments: "Quý cơ quan, đơn vị có ý kiến xin gửi về …") is asked."""
    return "requested" if re.match(r"[Qq]uý\b", body) else "lead"
