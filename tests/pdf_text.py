"""Text out of a reportlab PDF, with the standard library only (tests; no PDF library needed).

Decodes each content stream (ASCII85 and/or Flate), then reads the strings shown by Tj and TJ in
order, as WinAnsi (Windows-1252) text, one shown string per line.
"""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(rb"<<(.*?)>>\s*stream\r?\n(.*?)endstream", re.S)
_SHOW = re.compile(rb"\((?P<s>(?:\\.|[^\\)])*)\)\s*Tj|\[(?P<a>[^\]]*)\]\s*TJ", re.S)
_PART = re.compile(rb"\(((?:\\.|[^\\)])*)\)")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i:i + 1]
        if c == b"\\" and i + 1 < len(raw):
            nxt = raw[i + 1:i + 2]
            if nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
                assert digits is not None
                out.append(int(digits.group(), 8))
                i += 1 + len(digits.group())
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += c
        i += 1
    return bytes(out)


def _decode(head: bytes, body: bytes) -> bytes:
    body = body.rstrip(b"\r\n")
    if b"/ASCII85Decode" in head:
        body = base64.a85decode(body.strip().removeprefix(b"<~").removesuffix(b"~>"))
    if b"/FlateDecode" in head:
        body = zlib.decompress(body)
    return body


def pdf_text(data: bytes) -> str:
    lines = []
    for head, body in _STREAM.findall(data):
        if b"/Subtype /Image" in head:
            continue
        try:
            content = _decode(head, body)
        except (ValueError, zlib.error):
            continue
        for match in _SHOW.finditer(content):
            if match.group("s") is not None:
                shown = _unescape(match.group("s"))
            else:
                shown = b"".join(_unescape(part) for part in _PART.findall(match.group("a")))
            # reportlab writes the bullet as WinAnsi 0x7F (the PDF spec's bullet for that slot)
            lines.append(shown.decode("cp1252").replace("\x7f", "\u2022"))
    return "\n".join(lines)


def image_count(data: bytes) -> int:
    return len(re.findall(rb"/Subtype /Image", data))


def media_box(data: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", data)
    assert match is not None
    return float(match.group(1)), float(match.group(2))
