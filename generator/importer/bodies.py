"""Names of bodies in Vietnamese administrative prose, and where such a name ends.

A body's name opens with a head word (Sở, Ban, Bộ, UBND, Ủy ban, Công an, Văn phòng, Cục …, or "các" before a kind
of body: "các sở, ban, ngành", "các cơ quan, đơn vị", "các địa phương"), may be preceded by the title of its head
("Thủ trưởng", "Chủ tịch", "Giám đốc") and runs until the verb of its clause: "Sở Y tế chỉ đạo …", "UBND các huyện
căn cứ …". A verb is told from a word of the name by case: names capitalise their words after the head ("Ban Chỉ
đạo", "Ban Quản lý"), the verb of the clause is lower case.
"""

from __future__ import annotations

import re
from typing import cast

# Words a body's name opens with (after an optional title of its head).
_HEADS = (
    r"Tổng\s+Thanh\s+tra|Sở|Ban(?!\s+hành)|Bộ|UBND|Ủy\s*ban|Uỷ\s*ban|Công\s+an|Văn\s+phòng|Thanh\s+tra|Tổng\s+cục|Cục|Chi\s+cục|Kho\s+bạc|"
    r"Ngân\s+hàng|Bảo\s+hiểm\s+xã\s+hội|Đài|Báo(?!\s+cáo)|Hội|Liên\s+đoàn|Tỉnh\s+đoàn|Thành\s+đoàn|Đoàn|Trung\s+tâm|"
    r"Bộ\s+Chỉ\s+huy|Bộ\s+đội|Viện|Tòa\s+án|Trường(?!\s+hợp)|Bệnh\s+viện|Hạt|Tập\s+đoàn|Tổng\s+công\s+ty|Công\s+ty|"
    r"Thông\s+tấn\s+xã|Phòng|Hội\s+đồng|Mặt\s+trận|(?:UB\.?\s*)?MTTQ(?:VN)?|Liên\s+minh|Chính\s+phủ|Học\s+viện|Đại\s+học|Cảng\s+vụ|Kiểm\s+toán|"
    r"Cảnh\s+sát|Đội|Trạm|Tổ\s+công\s+tác|Tổ\s+giúp\s+việc|Ngành|Quân\s+khu|Bộ\s+Tư\s+lệnh"
)
# "các" + a kind of body: the groups a directive addresses.
_KINDS = (
    r"(?:[Cc]ác|[Nn]hững|[Mm]ọi)\s+(?:Bộ|bộ|sở|Sở|ban|Ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|huyện|xã|tỉnh|"
    r"thành\s+phố|phường|doanh\s+nghiệp|tổ\s+chức|trường|cơ\s+sở|hội|đoàn\s+thể|tập\s+đoàn|tổng\s+công\s+ty|"
    r"công\s+ty|chủ\s+đầu\s+tư|lực\s+lượng|phòng|Ủy\s+ban|ủy\s+ban|UBND|Thành\s+viên|thành\s+viên|nhà\s+trường|"
    r"bệnh\s+viện|cấp|ngân\s+hàng|hợp\s+tác\s+xã|cán\s+bộ|công\s+chức|viên\s+chức|cá\s+nhân|hộ\s+gia\s+đình|"
    r"chủ\s+rừng|nhà\s+đầu\s+tư|Công\s+ty|Doanh\s+nghiệp|Hợp\s+tác\s+xã)|[Qq]uý\s+(?:[Cc]ơ\s+quan|[Đđ]ơn\s+vị)"
)
# The title of a body's head, capitalised or not ("…, thủ trưởng các cơ quan, đơn vị tổ chức …").
_TITLE = (
    r"(?:(?:[Tt]hủ\s+trưởng|[Cc]hủ\s+tịch|(?:Phó\s+)?[Gg]iám\s+đốc|[Ll]ãnh\s+đạo|[Nn]gười\s+đứng\s+đầu|"
    r"[Hh]iệu\s+trưởng|[Tt]rưởng\s+ban|Bí\s+thư|Chánh(?=\s+(?:Văn|Thanh)))\s+)"
)
# A head glued to the next word by the source ("BộCông Thương") is still a head.
HEAD = re.compile(
    rf"(?:{_TITLE}?(?:(?:{_HEADS})(?:\b|(?=[A-ZĐ]))(?!\s+(?:này|trên|đó)\b)|{_KINDS}\b)|{_TITLE}(?:{_KINDS}))"
)

# Words the source glued together ("GiaoBộ Công Thương", "quanđể", "năm2009", "12năm"): a body's head straight after
# a lower-case letter, and a date's word against its number. No Vietnamese word has a capital inside it.
_GLUED_HEAD = re.compile(rf"(?<=[^\W\d_])(?=(?:{_HEADS})(?:\b|(?=[A-ZĐ])))")
_GLUED_DATE = re.compile(r"(?<![^\W\d_])(ngày|tháng|năm)(?=\d)|(?<=\d)(ngày|tháng|năm)(?![^\W\d_])")


def unglue(text: str) -> str:
    """`text` with the words the source glued together apart (see above); nothing else changes."""
    if not text.isascii():  # every head and date word has a letter outside ASCII, or a capital after a glued word
        text = _GLUED_DATE.sub(lambda m: f"{m[1]} " if m[1] else f" {m[2]}", text)
    places = [m.start() for m in _GLUED_HEAD.finditer(text) if text[m.start() - 1].islower()]
    for at in reversed(places):
        text = f"{text[:at]} {text[at:]}"
    return text


# The verbs (and openers of a predicate) that end a body's name: the work the body is given.
VERBS = (
    # "tổ chức" between commas ("các cơ quan, tổ chức, đơn vị") or before "cá nhân", and "quản lý" after "đơn
    # vị", "cơ quan", "Ban" are words of a name, not its verb.
    r"(?<!Ban\s)chỉ đạo|(?<!,\s)(?<![Cc]ác\s)(?<!những\s)tổ chức(?!,?\s+(?:cá\s+nhân|đơn\s+vị|doanh\s+nghiệp))|"
    r"(?<![Cc]ác\s)(?<!những\s)tổ chức(?!\s*,|\s+và\s)|"
    r"triển khai|thực hiện|tăng cường|kiểm tra|"
    r"rà soát|(?<!tư\s)xây dựng|"
    "tham mưu|báo cáo|phối hợp|chủ trì|"
    "nghiên cứu|xem xét|xử lý|giải quyết|hướng dẫn|đôn đốc|theo dõi|tổng hợp|đề xuất|trình|chuẩn bị|bố trí|"
    "khẩn trương|tiếp tục|chủ động|quán triệt|tập trung|đẩy mạnh|căn cứ|có trách nhiệm|cung cấp|gửi|lập|ban hành|"
    r"thẩm định|phê duyệt|cập nhật|(?<!vị\s)(?<!quan\s)(?<![Bb]an\s)quản lý|tuyên truyền|vận động|phổ biến|"
    "đánh giá|giám sát|thanh tra|làm việc|"
    "làm đầu mối|là đầu mối|là cơ quan đầu mối|nghiêm túc|kịp thời|khắc phục|hoàn thành|hoàn thiện|bảo đảm|đảm bảo|"
    "phân công|cử|sắp xếp|thống nhất|trả lời|tiếp thu|lấy ý kiến|góp ý|tham gia|huy động|hỗ trợ|kiện toàn|"
    "thông báo|truyền đạt|công khai|thường xuyên|sớm|tích cực|lưu ý|ngăn chặn|cần|phải|có ý kiến|chịu trách nhiệm|"
    r"rà|tiến hành|thực thi|áp dụng|(?<![Nn]goại\s)giao(?!\sthông)|yêu cầu|đề nghị|nắm|tạo điều kiện|dừng|"
    "tạm dừng|thu hồi|điều chỉnh|"
    "bổ sung|sửa đổi|ký|duy trì|vận hành|khai thác|xác minh|làm rõ|giải trình|tiếp nhận|đăng tải|"
    "chuyển|lựa chọn|tuyển|đào tạo|bồi dưỡng|mở|phát động|hoàn tất|dự kiến|thẩm tra|kiểm soát|"
    r"cân đối|tính toán|thanh toán|giải ngân|quyết định|là|để|định kỳ|sẽ|"
    r"có(?!\sliên\squan)|rất mong|mong|xin|xác định|tổng kết|sơ kết|thống kê|chuyển giao|bàn giao|"
    "nâng cao|cải thiện|phát huy|gắn|nhanh chóng|khẩn cấp|ưu tiên|kiên quyết|quyết liệt|không|chấp hành|thi hành|"
    "nhắc nhở|quan tâm|rút kinh nghiệm|thành lập|cho ý kiến|bám sát|đặc biệt|vừa|đã|theo|trong phạm vi|"
    "trong việc|trong công tác|trong quá trình|"
    "trên cơ sở|kính|trân trọng|xét thấy|nhận thấy|"
    # A governing verb written with a capital after the issuer's name ("UBND tỉnh Giao Sở Kế hoạch và Đầu tư …"):
    # a name's word is never followed by a body's head.
    rf"(?:Giao(?:\s+cho)?|Yêu\s+cầu|Đề\s+nghị)(?=\s+(?:{_TITLE}?(?:{_HEADS})|{_KINDS})\b)"
)
# Words glued by the source ("chủtrì", "thựchiện") are still the verb.
_GLUED = VERBS.replace(" ", r"\s*")
VERB = re.compile(rf"(?<![^\W\d_])(?:{_GLUED})(?![^\W\d_])")
# A clause that recounts rather than assigns: "Sở Y tế đã ban hành", "Ban vừa có văn bản".
NARRATIVE = re.compile(
    r"^(?:đã|vừa|đang|cũng đã|được|xét thấy|nhận thấy|là cơ quan(?!\s+(?:chủ trì|đầu mối|thường trực))|"
    r"có (?:văn bản|Công văn|tờ trình|Tờ trình|báo cáo|đơn)|rất mong|mong|xin|"
    r"ban hành (?:Công văn|Kế hoạch|Quyết định|Chỉ thị|văn bản|Thông báo)|"
    # The press that reported what a letter answers: "Thông tấn xã Việt Nam ngày 09/11/2011, có bài: …".
    r"có bài|đưa tin)\b"
)
# "Sở Kế hoạch và Đầu tư - cơ quan thường trực …": what follows the dash describes the body, it is not its name.
# Not inside the compounds bodies are named with: "chính trị - xã hội", "(phát|truyền) thanh - truyền hình" (every
# district's radio station), and between the levels of a committee ("Ủy ban nhân dân quận - huyện", "xã - phường").
_APPOSITION = re.compile(
    r"(?<!chính trị)(?<! thanh)\s[-–]\s(?=[a-zđà-ỹ])(?!(?:huyện|quận|thị xã|thành phố|xã|phường|thị trấn)\b)"
)
_MAX_WORDS = 60  # a name with its list of members ("các Bộ: Kế hoạch và Đầu tư, Tài chính, …") is long


def name_at(text: str, start: int) -> tuple[str, int] | None:
    """The body's name that opens `text` at `start` and where its clause's verb begins, if a verb follows."""
    head = HEAD.match(text, start)
    if not head:
        return None
    for verb in VERB.finditer(text, head.end()):
        name = _APPOSITION.split(text[start : verb.start()])[0].strip(" ,;:")
        if len(name.split()) > _MAX_WORDS or re.search(r"[.!?]\s|\(\d", name):
            return None
        return (name, verb.start()) if name else None
    colon = text.find(":", head.end())  # a lead-in: "… giao Ban Quản lý dự án đầu tư xây dựng tỉnh:"
    if colon > 0 and text[colon + 1 :].strip() == "" and len(text[start:colon].split()) <= 15:
        return text[start:colon].strip(" ,;"), colon
    return None


# Who a list names besides bodies: "các đơn vị chức năng và chủ rừng", "doanh nghiệp và toàn thể Nhân dân".
_OTHERS = r"(?:địa\s+phương|chủ\s+rừng|toàn\s+thể|[Nn]hân\s+dân|người\s+dân|tổ\s+chức,\s+cá\s+nhân|cá\s+nhân)"
_BETWEEN = re.compile(
    rf"\s*[;,/]\s*(?={_TITLE}?(?:{_HEADS}|{_KINDS})\b)|\s*;\s*|\s+và\s+(?={_TITLE}?(?:{_HEADS}|{_KINDS}|{_OTHERS})\b)"
)


def split_names(phrase: str) -> list[str]:
    """The bodies a phrase lists: "Sở Y tế, Sở Giáo dục và Đào tạo" is two; "UBND các huyện, thành phố" one;
    "các Bộ: Quốc phòng, Công an" is "Bộ Quốc phòng", "Bộ Công an"."""
    phrase = " ".join(phrase.split()).strip(" ,;:.")
    listed = re.match(r"^(?:[Cc]ác|Giao các)\s+(Bộ|Sở|sở|bộ)\s*:\s*(.+)$", phrase)
    if listed:  # "Các Sở: Kế hoạch và Đầu tư, Tài chính; UBND các huyện": each item is "Sở …" until another body
        kind, listed_names = listed.group(1).capitalize(), cast(list[str], [])
        items = [item.strip() for item in re.split(r"\s*[,;]\s*", listed.group(2)) if item.strip()]
        for n, item in enumerate(items):
            head = HEAD.match(item)
            if head and item[head.end() :].strip():  # another body ("UBND các huyện"), not "Công an" of "Bộ"
                return listed_names + split_names(", ".join(items[n:]))
            listed_names.append(f"{kind} {item}")
        return listed_names
    names: list[str] = []
    for part in (p.strip(" ,;:") for p in re.split(_BETWEEN, phrase)):
        if names and _KIND_ONLY.match(names[-1]) and part:  # "các Sở, Ban, ngành": one group of bodies, by kind
            names[-1] += ", " + part
        elif part:
            names.append(part)
    return names


# A group named by its kind alone, which the kinds after it go on: "các Sở, Ban, ngành", "các Bộ, ngành".
_KIND_ONLY = re.compile(rf"^(?:[Cc]ác|[Nn]hững|[Mm]ọi)\s+(?:{_HEADS})(?:,\s*(?:{_HEADS}))*$")
