"""A small search index that finds Vietnamese without its diacritics ("so y te" finds "Sở Y tế").

It holds names and short titles, not page text, so it stays a few bytes per task at national scale.
"""

from __future__ import annotations

import json

from generator.core.collation import vi_key
from generator.core.names import fold
from generator.core.progress import Progress
from generator.core.wording import directive_title, item_title


def _extra(shown: str, *terms: str | None) -> str:
    """The folded words of `terms` that the shown text lacks: the page folds the shown text itself."""
    have = set(fold(shown).split())
    words = dict.fromkeys(w for term in terms if term for w in fold(term).split() if w not in have)
    return " ".join(words)


def search_index(progress: Progress) -> bytes:
    """[[kind, text shown, path from the site root, other words to match], …]; kinds: agency, directive, task."""
    registry = progress.dataset.registry
    entries = []
    # Agencies in Vietnamese alphabetical order: the order results are listed in.
    for agency_id in sorted(progress.rows_by_agency, key=lambda a: (vi_key(registry.display_name(a)), a)):
        name = registry.display_name(agency_id)
        short = registry.agencies[agency_id].short_name if agency_id in registry.agencies else None
        entries.append(["agency", name, f"co-quan/{agency_id}/", _extra(name, short, agency_id)])
    for directive in progress.dataset.directives:
        title = directive_title(directive)
        entries.append(["directive", title, f"van-ban/{directive.id}/", _extra(title, directive.number)])
    for item in progress.items:
        title = item_title(item)
        entries.append(["task", title, f"van-ban/{item.directive.id}/#{item.anchor}", _extra(title, item.key)])
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
