"""Bytes from a case or policy file as text: UTF-8, with or without a byte order mark.

Another encoding is named rather than guessed, and a byte that is not UTF-8 is placed by line and
column, so the one-line answer says what to fix.
"""

from __future__ import annotations

import codecs

# UTF-32's marks first: UTF-32-LE's starts with UTF-16-LE's.
_WIDE_BOMS = {codecs.BOM_UTF32_LE: "UTF-32", codecs.BOM_UTF32_BE: "UTF-32",
              codecs.BOM_UTF16_LE: "UTF-16", codecs.BOM_UTF16_BE: "UTF-16"}


class NotUtf8(ValueError):
    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem, self.line = problem, line


def decode_utf8(data: bytes) -> str:
    for bom, encoding in _WIDE_BOMS.items():
        if data.startswith(bom):
            raise NotUtf8(f"is {encoding} text, not UTF-8")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NotUtf8(f"is not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line} column {column} "
                      "cannot be read", line) from None
