"""Vietnamese names compared as people read them, whatever keyboard typed them.

"Sở Y tế", "SỞ Y TẾ", "So Y te" and the same name typed with combining accents (as some keyboards and PDF
copies give it) are one name. Text read from the data files is already NFC (see `yamlio`); folding goes further,
for matching only: what is shown keeps the text as written.
"""

from __future__ import annotations

from slugify import slugify

from .model import Registry


def fold(text: str) -> str:
    """Lower case, no diacritics, đ as d, words separated by single spaces: as `fold` in tracker.js does."""
    return slugify(text, separator=" ", lowercase=True)


def ids_named(registry: Registry, text: str) -> list[str]:
    """The agencies and groups whose name or short name is `text`, ignoring case, diacritics and spacing."""
    wanted = fold(text)
    if not wanted:
        return []
    found = [a.id for a in registry.agencies.values() if wanted in (fold(a.name), fold(a.short_name or ""))]
    return found + [g.id for g in registry.groups.values() if fold(g.name) == wanted]
