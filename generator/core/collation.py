"""Vietnamese alphabetical order, the one sort key for every list of names the tracker shows or exports.

Vietnamese has its own alphabet (a ă â b c d đ e ê … o ô ơ … u ư …) with the tones ordered after the base letter;
code-point order puts "Đắk Glei" after "Tu Mơ Rông" and "Ủy ban" after "Văn phòng". ICU's Vietnamese collation (the
CLDR tailoring, the same rules the browser's `Intl.Collator("vi")` follows) gives the order people expect, so the
server's lists and a click on a column header in the browser agree.
"""

from __future__ import annotations

import functools
import unicodedata

import icu

_COLLATOR = icu.Collator.createInstance(icu.Locale("vi"))


@functools.lru_cache(maxsize=65536)
def vi_key(text: str) -> bytes:
    """The sort key of `text` in Vietnamese alphabetical order (tones after the base letter, case ignored first)."""
    return _COLLATOR.getSortKey(unicodedata.normalize("NFC", text))


def vi_sorted(texts):
    """`texts` in Vietnamese alphabetical order."""
    return sorted(texts, key=vi_key)
