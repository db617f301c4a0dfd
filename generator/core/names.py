"""Vietnamese names compared as people read them, whatever keyboard typed them.

"Sở Y tế", "SỞ Y TẾ", "So Y te" and the same name typed with combining accents (as some keyboards and PDF
copies give it) are one name. Text read from the data files is already NFC (see `yamlio`); folding goes further,
for matching only: what is shown keeps the text as written.
"""

from __future__ import annotations

import re

from slugify import slugify

from generator.core.model import Registry


def fold(text: str) -> str:
    """Lower case, no diacritics, đ as d, words separated by single spaces: as `fold` in tracker.js does."""
    return slugify(text, separator=" ", lowercase=True)


def provinces_of(registry: Registry) -> set[str]:
    """The provinces the registry's agency names end with ("… tỉnh Kon Tum")."""
    return {a.name.split(" tỉnh ")[-1] for a in registry.agencies.values() if " tỉnh " in a.name}


class Names:
    """The registry's agencies and groups by every way a directive writes them: within one province, or in all."""

    def __init__(self, registry: Registry, province: str | None = None) -> None:
        self.by_name: dict[str, set[str]] = {}
        self.province = province
        # Names end with their province ("Sở Y tế tỉnh Kon Tum"); the directive of a province leaves it out.
        provinces = [province] if province else sorted(provinces_of(registry))
        suffixes = [s for p in provinces for s in (f" tinh {fold(p)}", f" {fold(p)}")]
        entries: list[tuple[str, str, str | None]] = [(a.id, a.name, a.short_name) for a in registry.agencies.values()]
        entries += [(g.id, g.name, None) for g in registry.groups.values()]
        wanted = fold(province) if province else None
        for agency_id, name, short in entries:
            if wanted and not fold(name).endswith(wanted):
                continue
            full = _key(name)
            variants = {full, _key(short or "")} | {full[: -len(s)].strip() for s in suffixes if full.endswith(s)}
            for variant in filter(None, variants):
                self.by_name.setdefault(variant, set()).add(agency_id)
        self.longest = max((len(k.split()) for k in self.by_name), default=0)

    def find(self, phrase: str) -> tuple[list[tuple[str, str]], list[str]]:
        """The (id, words as written) of each name in `phrase`, longest first, and the pieces left over."""
        words = list(re.finditer(r"[^\W_]+", phrase))
        keys = [fold(w.group(0)) for w in words]
        found, leftover_from, pieces, i = [], 0, [], 0
        while i < len(words):
            for j in range(min(len(words), i + self.longest), i, -1):
                ids = self.by_name.get(_same(" ".join(keys[i:j])))
                if ids and len(ids) == 1:
                    start, end = words[i].start(), words[j - 1].end()
                    pieces.append(phrase[leftover_from:start])
                    found.append((next(iter(ids)), phrase[start:end]))
                    leftover_from, i = end, j
                    break
            else:
                i += 1
        pieces.append(phrase[leftover_from:])
        left = [p for piece in pieces for p in re.split(r";", piece)]
        left = [p.strip(" ,;.:").removeprefix("và ").strip(" ,") for p in left]
        return found, [p for p in left if re.search(r"[^\W\d_]{2}", p) and fold(p) not in ("va", "cua tinh")]

    def ids(self, text: str) -> list[str]:
        """Every agency and group that `text` names, whole: one, several (a name two provinces share) or none."""
        return sorted(self.by_name.get(_key(text), ()))


def _same(folded: str) -> str:
    """Folded text with "thuộc tỉnh" written as "của tỉnh": both say the same."""
    return folded.replace("thuoc tinh", "cua tinh")


def _key(text: str) -> str:
    return _same(fold(text))
