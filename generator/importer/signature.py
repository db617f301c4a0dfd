""" "Nơi nhận:" and the signature: copies, the signer and the capacity signed in."""

from __future__ import annotations

import re

from generator.importer.extract import Line
from generator.importer.parts import _BULLET, _SUB_BULLET, Draft

_CAPACITY = re.compile(r"^\s*(TM\.|KT\.|Q\.|TL\.|TUQ\.)?\s*((?:PHÓ )?CHỦ TỊCH|ỦY BAN NHÂN DÂN|CHÁNH VĂN PHÒNG)\s*$")


_PERSON = re.compile(r"^\s*([A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4})\s*$")


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
