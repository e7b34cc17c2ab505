"""Text for a printer's one fixed code page: every character either prints as itself or is
transliterated to the nearest thing the page has ("ß" -> "ss" on a page without it, "€" -> "EUR",
"•" -> "*"), never "?". Standard library only.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Characters that have a conventional spelling in plain Latin letters. Looked up only when the page
# lacks the character itself.
_SPELLED: dict[str, str] = {
    "ß": "ss", "ẞ": "SS", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "•": "*", "·": ".", "‣": ">", "◦": "o", "●": "*", "■": "#", "□": "[]",
    "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
    "‘": "'", "’": "'", "‚": ",", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "′": "'",
    "″": '"', "«": '"', "»": '"', "‹": "<", "›": ">", "…": "...",
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "å": "a", "Å": "A",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
    "ı": "i", "ĸ": "k", "ŋ": "ng", "Ŋ": "NG",
    "™": "TM", "©": "(c)", "®": "(R)", "№": "No", "℃": "C", "°": "o", "×": "x", "÷": "/",
    "±": "+/-", "≤": "<=", "≥": ">=", "≠": "!=", "→": "->", "←": "<-", "⇒": "=>", "✓": "v",
    "✔": "v", "✗": "x", "½": "1/2", "¼": "1/4", "¾": "3/4", "¹": "1", "²": "2", "³": "3",
    "¢": "c", "¤": "$", "§": "S", "¶": "P", "†": "+", "‡": "++", "‰": "o/oo",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u2008": " ", "\u3000": " ", "\t": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
}

# A small Greek and Cyrillic table, so a customer's name in either script still reads.
_GREEK = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
                  ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o",
                   "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o",
                   "A", "V", "G", "D", "E", "Z", "I", "TH", "I", "K", "L", "M", "N", "X", "O",
                   "P", "R", "S", "T", "Y", "F", "CH", "PS", "O"], strict=True))
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n",
                      "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y",
                      "", "e", "yu", "ya",
                      "A", "B", "V", "G", "D", "E", "E", "Zh", "Z", "I", "I", "K", "L", "M", "N",
                      "O", "P", "R", "S", "T", "U", "F", "Kh", "Ts", "Ch", "Sh", "Shch", "", "Y",
                      "", "E", "Yu", "Ya"], strict=True))
_SPELLED.update(_GREEK)
_SPELLED.update(_CYRILLIC)

# What stands for a character with no spelling at all (a CJK ideograph on a Latin page): visible,
# one column wide, and never the "?" that means "the printer could not".
UNPRINTABLE = "_"


class Charset:
    """One code page (a Python codec: cp1252, cp858, cp437 ...) and how text is fitted to it."""

    def __init__(self, codec: str) -> None:
        "".encode(codec)  # LookupError for an unknown codec
        self.codec = codec
        self._cache: dict[str, str] = {}

    def can_print(self, char: str) -> bool:
        if char == "\n":
            return True
        if ord(char) < 32 or ord(char) == 127:
            return False  # control codes would be read as printer commands
        try:
            char.encode(self.codec)
        except UnicodeEncodeError:
            return False
        return True

    def fit_char(self, char: str) -> str:
        cached = self._cache.get(char)
        if cached is not None:
            return cached
        result = self._transliterate(char)
        self._cache[char] = result
        return result

    def _transliterate(self, char: str) -> str:
        if self.can_print(char):
            return char
        spelled = _SPELLED.get(char)
        if spelled is not None:
            return "".join(self.fit_char(c) for c in spelled)
        # Decompose: "ř" -> "r" + caron, "ﬁ" -> "fi", full-width "Ａ" -> "A".
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if base and base != char:
            return "".join(self.fit_char(c) for c in base)
        if unicodedata.category(char).startswith(("C", "M")):
            return ""  # a stray control or combining mark
        if unicodedata.category(char) == "Zs":
            return " "
        return UNPRINTABLE

    def fit(self, text: str) -> str:
        """`text` with every character printable on this page (same meaning, maybe longer)."""
        try:
            text.encode(self.codec)
        except UnicodeEncodeError:
            pass
        else:
            if text.isprintable():
                return text
        return "".join(self.fit_char(c) for c in text)

    def encode(self, text: str) -> bytes:
        return self.fit(text).encode(self.codec)


@lru_cache(maxsize=16)
def charset(codec: str) -> Charset:
    return Charset(codec)
