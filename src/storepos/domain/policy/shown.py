"""Input as it appears in a one-line message: short, escaped, printable on any terminal.

Whatever a case or policy file holds (a 5,000-digit number, a 100,000-character name, a newline in a
key, a lone surrogate) is named in a message without making it long, multi-line or unprintable.
"""

from __future__ import annotations

import reprlib

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 40
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 2, 4, 4
_LONGEST = 60


def shown(value: object) -> str:
    """`repr(value)`, cut short: repr escapes newlines and lone surrogates."""
    if isinstance(value, int) and value.bit_length() > 128:  # repr of >4,300 digits raises
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    text = _REPR.repr(value)  # each part cut short; the whole cut too (dicts of dicts add up)
    return text if len(text) <= _LONGEST else text[:_LONGEST - 3] + "..."


def key_name(key: str) -> str:
    """A key inside a field path: as is when plain, else quoted and cut short."""
    plain = (0 < len(key) <= 40 and key.isascii() and (key[0].isalpha() or key[0] == "_")
             and key.replace("_", "a").isalnum())  # [A-Za-z_][A-Za-z0-9_]{0,39}, without importing re
    return key if plain else shown(key)


def one_line(text: str) -> str:
    """Control characters, line and paragraph separators and lone surrogates written as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
