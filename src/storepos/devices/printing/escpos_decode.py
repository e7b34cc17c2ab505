"""ESC/POS bytes back to what the paper shows: lines of text with their style, barcodes, QR codes,
cuts and drawer kicks. Standard library only.

It reads the command set the renderer (and python-escpos) sends and refuses anything else, so the
tests check the real bytes, and the on-screen preview draws exactly what a printer would get.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storepos.devices.printing import code128

# ESC t n -> Python codec, for Epson's numbering (a printer model's own table number wins).
EPSON_CODE_PAGES = {0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 16: "cp1252",
                    17: "cp866", 18: "cp852", 19: "cp858"}


class DecodeError(ValueError):
    pass


@dataclass(frozen=True)
class PrintedLine:
    text: str
    bold: bool = False
    width: int = 1  # character width multiplier
    height: int = 1
    align: str = "left"
    font: str = "a"


@dataclass(frozen=True)
class PrintedBarcode:
    symbology: str
    text: str  # human-readable content
    module: int = 2  # bar width in dots
    height: int = 64


@dataclass(frozen=True)
class PrintedQR:
    data: str
    module: int = 3


@dataclass(frozen=True)
class PaperCut:
    partial: bool
    feed: bool  # True: GS V 65/66 n, the paper is fed to the cutter before cutting


@dataclass(frozen=True)
class DrawerKick:
    pin: int


@dataclass(frozen=True)
class StatusRequest:
    n: int  # DLE EOT n


Element = PrintedLine | PrintedBarcode | PrintedQR | PaperCut | DrawerKick | StatusRequest


@dataclass
class Decoded:
    elements: list[Element] = field(default_factory=list)
    code_pages: list[int] = field(default_factory=list)  # every ESC t n, in order
    resets: int = 0  # ESC @

    @property
    def lines(self) -> list[PrintedLine]:
        return [e for e in self.elements if isinstance(e, PrintedLine)]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.elements if isinstance(e, kind)]

    def widest(self, columns_a: int, columns_b: int) -> int:
        """Columns the widest line takes, in font-A columns."""
        widest = 0
        for line in self.lines:
            cols = columns_a if line.font == "a" else columns_b
            widest = max(widest, round(len(line.text.rstrip("\n")) * line.width * columns_a / cols))
        return widest


class _State:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """The printer's state after ESC @ (or power on)."""
        self.bold = False
        self.width = 1
        self.height = 1
        self.align = "left"
        self.font = "a"
        self.codec = "cp437"
        self.bar_module = 3
        self.bar_height = 162
        self.qr_module = 3
        self.qr_data = b""


def _need(data: bytes, i: int, count: int) -> bytes:
    """The command's `count` bytes from `i`, or an error when the job is cut short."""
    if i + count > len(data):
        raise DecodeError(f"command at byte {i} is cut short")
    return data[i:i + count]


def _esc(data: bytes, i: int, st: _State, out: Decoded, pages: dict[int, str]) -> int:
    """One ESC command at `i` (style, code page, feed, drawer): the index after it."""
    cmd = _need(data, i, 2)[1:2]
    if cmd == b"@":
        st.reset()
        out.resets += 1
        return i + 2
    if cmd == b"p":
        pin, _, _ = _need(data, i, 5)[2:5]
        out.elements.append(DrawerKick(2 if pin in (0, 48) else 5))
        return i + 5
    if cmd not in (b"t", b"E", b"M", b"a", b"d", b"-", b"!", b"G", b"2", b"3", b"J"):
        raise DecodeError(f"unknown command ESC {cmd!r} at byte {i}")
    arg = _need(data, i, 3)[2]
    if cmd == b"t":
        if arg not in pages:
            raise DecodeError(f"unknown code page ESC t {arg}")
        st.codec = pages[arg]
        out.code_pages.append(arg)
    elif cmd == b"E":
        st.bold = bool(arg & 1)
    elif cmd == b"M":
        st.font = "b" if arg in (1, 49) else "a"
    elif cmd == b"a":
        st.align = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center",
                    50: "right"}[arg]
    elif cmd == b"d":
        out.elements.extend(PrintedLine("") for _ in range(arg))
    elif cmd == b"!":
        st.font = "b" if arg & 1 else "a"
        st.bold = bool(arg & 8)
        st.height = 2 if arg & 16 else 1
        st.width = 2 if arg & 32 else 1
    return i + 3


def _gs(data: bytes, i: int, st: _State, out: Decoded) -> int:
    """One GS command at `i` (size, cut, barcode, QR code): the index after it."""
    cmd = _need(data, i, 2)[1:2]
    if cmd in (b"!", b"h", b"w", b"H", b"f", b"B"):
        arg = _need(data, i, 3)[2]
        if cmd == b"!":
            st.width = (arg >> 4) + 1
            st.height = (arg & 0x0F) + 1
        elif cmd == b"h":
            st.bar_height = arg
        elif cmd == b"w":
            st.bar_module = arg
        return i + 3
    if cmd == b"V":
        mode = _need(data, i, 3)[2]
        if mode in (65, 66, 97, 98, 103, 104):
            _need(data, i, 4)
            out.elements.append(PaperCut(partial=mode in (66, 98, 104), feed=True))
            return i + 4
        out.elements.append(PaperCut(partial=mode in (1, 49), feed=False))
        return i + 3
    if cmd == b"k":
        return _barcode(data, i, st, out)
    if cmd == b"(":
        return _gs_paren(data, i, st, out)
    raise DecodeError(f"unknown command GS {cmd!r} at byte {i}")


def _barcode(data: bytes, i: int, st: _State, out: Decoded) -> int:
    """GS k: a barcode, with its length (m >= 65) or NUL-terminated."""
    m = _need(data, i, 3)[2]
    if m < 65:
        end = data.index(b"\x00", i + 3)
        out.elements.append(PrintedBarcode(f"GS k {m}", data[i + 3:end].decode("ascii"),
                                           st.bar_module, st.bar_height))
        return end + 1
    length = _need(data, i, 4)[3]
    payload = _need(data, i, 4 + length)[4:]
    name = {73: "CODE128", 72: "CODE93", 69: "CODE39"}.get(m, f"GS k {m}")
    text = payload.decode("latin-1")
    if m == 73:
        text = code128.decode(text)
    out.elements.append(PrintedBarcode(name, text, st.bar_module, st.bar_height))
    return i + 4 + length


def _gs_paren(data: bytes, i: int, st: _State, out: Decoded) -> int:
    """GS ( k: the QR code's size, data and print; GS ( H is skipped."""
    head = _need(data, i, 5)
    kind = head[2:3]
    length = head[3] + 256 * head[4]
    body = _need(data, i, 5 + length)[5:]
    i += 5 + length
    if kind == b"k" and body[:1] == b"1":  # QR code (cn = 49)
        fn = body[1]
        if fn == 67:
            st.qr_module = body[2]
        elif fn == 80:
            st.qr_data = body[3:]
        elif fn == 81:
            out.elements.append(PrintedQR(st.qr_data.decode("utf-8"), st.qr_module))
    elif kind not in (b"k", b"H"):
        raise DecodeError(f"unknown command GS ( {kind!r} at byte {i}")
    return i


def decode(data: bytes, code_pages: dict[int, str] | None = None) -> Decoded:
    """Read a job. `code_pages` maps ESC t numbers to codecs (Epson's numbering by default)."""
    pages = {**EPSON_CODE_PAGES, **(code_pages or {})}
    out = Decoded()
    st = _State()
    buf = bytearray()
    line_style: tuple[bool, int, int, str, str] | None = None
    i = 0

    def flush() -> None:
        nonlocal line_style
        style = line_style or (st.bold, st.width, st.height, st.align, st.font)
        text = bytes(buf).decode(st.codec)
        bold, width, height, align, font = style
        out.elements.append(PrintedLine(text, bold, width, height, align, font))
        buf.clear()
        line_style = None

    while i < len(data):
        byte = data[i]
        if byte == 0x0A:  # LF
            flush()
            i += 1
        elif byte == 0x0D:
            i += 1
        elif byte == 0x1B:  # ESC
            i = _esc(data, i, st, out, pages)
        elif byte == 0x1D:  # GS
            i = _gs(data, i, st, out)
        elif byte == 0x10:  # DLE EOT n: real-time status request
            if _need(data, i, 2)[1] != 0x04:
                raise DecodeError(f"unknown DLE command at byte {i}")
            out.elements.append(StatusRequest(_need(data, i, 3)[2]))
            i += 3
        elif byte < 0x20 and byte not in (0x09,):
            raise DecodeError(f"unexpected control byte {byte:#04x} at byte {i}")
        else:
            if line_style is None:
                line_style = (st.bold, st.width, st.height, st.align, st.font)
            buf.append(byte)
            i += 1
    if buf:
        flush()
    return out
