"""The registry entries a person should add for the bodies a draft names that `agencies.yaml` does not hold.

`tracker import --registry-out FILE` writes them as a YAML list in agencies.yaml's own shape, each with an id
proposed from its name (python-slugify, as the registry's ids are written) and a kind guessed from its head word; a
person checks each, adds the province to the id and name where the text left it out, and pastes them under
`agencies:`. Nothing is added to the registry by the importer itself.
"""

from __future__ import annotations

import json
import re

from slugify import slugify

from generator.importer.draft import Draft, unknown_bodies

_KINDS = (
    (r"^Công an", "police"),
    (r"^(?:UBND|Ủy ban nhân dân)\s+(?:các\s+)?(?:huyện|thị xã|thành phố|quận)", "district"),
    (r"^(?:UBND|Ủy ban nhân dân)\s+(?:các\s+)?(?:xã|phường|thị trấn)", "commune"),
    (r"Mặt trận|MTTQ", "front"),
    (r"^(?:Hội|Đoàn|Tỉnh đoàn|Liên đoàn)", "organisation"),
    (r"^(?:Sở|Văn phòng|Thanh tra|Ban)", "department"),
)


def kind_of(name: str) -> str:
    return next((kind for pattern, kind in _KINDS if re.search(pattern, name)), "other")


def render_entries(draft: Draft, source_name: str) -> str:
    """The entries as YAML (values JSON-quoted, which YAML reads as they are)."""
    lines = [
        f"# Cơ quan có trong {source_name} mà agencies.yaml chưa có (do `tracker import` đề xuất).",
        "# Kiểm tra từng mục: id và tên đầy đủ (thêm tỉnh nếu văn bản không ghi), loại cơ quan; rồi chép vào",
        "# mục `agencies:` của agencies.yaml.",
    ]
    seen: set[str] = set()
    for person in unknown_bodies(draft):
        proposed = slugify(person.text)
        if not proposed or proposed in seen:
            continue
        seen.add(proposed)
        q = json.dumps
        lines += [
            f"- id: {q(proposed)}",
            f"  name: {q(person.text, ensure_ascii=False)}",
            f"  short_name: {q(person.text, ensure_ascii=False)}",
            f"  kind: {kind_of(person.text)}",
            f"  note: {q(f'Vai trò trong văn bản: {person.role}. Đề xuất tự động; cần xác nhận.', ensure_ascii=False)}",
        ]
    if not seen:
        lines.append("[]")
    return "\n".join(lines) + "\n"
