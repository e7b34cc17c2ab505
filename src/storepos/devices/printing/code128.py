"""CODE128 data for the printer's own barcode command (GS k 73): code set B for text, switching to
code set C for runs of digits (two digits a bar pattern), so long numbers still fit 58 mm paper.
Standard library only.
"""

from __future__ import annotations

import re

_DIGIT_RUN = re.compile(r"\d{4,}")


class BarcodeDataError(ValueError):
    pass


def encode(text: str) -> str:
    """Escaped data for GS k 73: "{B" text, "{C" + one byte per digit pair for digit runs."""
    if not text or any(not 32 <= ord(c) < 127 for c in text):
        raise BarcodeDataError(f"CODE128 text must be printable ASCII: {text!r}")
    parts: list[str] = []
    mode = ""
    position = 0
    for match in _DIGIT_RUN.finditer(text):
        start, end = match.span()
        if (end - start) % 2:  # keep an even run in code set C; the odd digit goes in B
            if start == position:
                end -= 1
            else:
                start += 1
        if end - start < 4:
            continue
        if start > position:
            parts.append(("{B" if mode != "B" else "") + _escape_b(text[position:start]))
            mode = "B"
        digits = text[start:end]
        parts.append(("{C" if mode != "C" else "") +
                     "".join(chr(int(digits[i:i + 2])) for i in range(0, len(digits), 2)))
        mode = "C"
        position = end
    if position < len(text):
        parts.append(("{B" if mode != "B" else "") + _escape_b(text[position:]))
    return "".join(parts)


def _escape_b(text: str) -> str:
    return text.replace("{", "{{")


def decode(data: str) -> str:
    """The human-readable text of GS k 73 data (inverse of `encode`)."""
    out: list[str] = []
    mode = ""
    i = 0
    while i < len(data):
        char = data[i]
        if char == "{" and i + 1 < len(data):
            nxt = data[i + 1]
            if nxt in "ABC":
                mode = nxt
                i += 2
                continue
            if nxt == "{":
                out.append("{")
                i += 2
                continue
        if mode == "C":
            out.append(f"{ord(char):02d}")
        else:
            out.append(char)
        i += 1
    return "".join(out)


def symbols(data: str) -> int:
    """Symbol characters in the encoded data (each code-set switch counts as one)."""
    count = 0
    i = 0
    while i < len(data):
        if data[i] == "{" and i + 1 < len(data):
            i += 2
        else:
            i += 1
        count += 1
    return count


def module_width(data: str, dots: int) -> int:
    """The widest bar module (2 or 3 dots) for which the symbol fits the printable width; 0 if none.

    The first code-set mark is the start character; add the check character and the stop bar.
    The quiet zones are the paper's own margins outside the printable width (4 mm or more).
    """
    modules = 11 * symbols(data) + 11 + 13
    for width in (3, 2):
        if modules * width <= dots:
            return width
    return 0
