"""Text folding for lookups: case- and accent-insensitive ("Côté" matches "cote")."""

from __future__ import annotations

import unicodedata

# Letters Unicode does not decompose into a base letter + accent, written as staff would type them.
_PLAIN = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "ı": "i", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ß": "ss",
})


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().translate(_PLAIN))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
