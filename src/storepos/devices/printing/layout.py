"""Printer-independent layout: a document becomes a list of ops (lines already fitted to the
paper's columns and to its code page, barcodes, QR codes, a cut). Standard library only; the
ESC/POS renderer and the on-screen preview both draw these ops.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from storepos.devices.printing.charset import Charset, charset
from storepos.devices.printing.definitions import PrinterModel
from storepos.devices.printing.documents import CopyMark


@dataclass(frozen=True)
class Text:
    """One printed line. `size` 2 doubles width and height (half the columns); `tall` doubles only
    the height (same columns)."""

    text: str
    bold: bool = False
    size: int = 1
    tall: bool = False
    align: str = "left"
    font: str = "a"


@dataclass(frozen=True)
class Barcode:
    data: str  # CODE128, printed by the printer itself, human-readable text below
    height: int = 64


@dataclass(frozen=True)
class QRCode:
    data: str
    size: int = 6  # module size in dots


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


@dataclass(frozen=True)
class OpenDrawer:
    pin: int = 2


Op = Text | Barcode | QRCode | Feed | Cut | OpenDrawer


class Sheet:
    """Builds the ops of one document for one printer model; no line is wider than the paper."""

    def __init__(self, model: PrinterModel, mark: CopyMark | None = None) -> None:
        self.model = model
        self.mark = mark  # COPY / REPRINT: every piece of paper of the job says so
        self.cs: Charset = charset(model.code_page)
        self.width = model.columns_a
        self.ops: list[Op] = []

    # -- plain text -----------------------------------------------------------------------
    def fit(self, text: str) -> str:
        return self.cs.fit(text)

    def columns(self, size: int = 1, font: str = "a") -> int:
        return self.model.columns(font) // size

    def line(self, text: str = "", *, bold: bool = False, size: int = 1, tall: bool = False,
             align: str = "left", font: str = "a", indent: int = 0) -> None:
        """Wrapped to the paper; continuation lines indented by `indent`."""
        width = self.columns(size, font)
        text = self.fit(text)
        if not text:
            self.ops.append(Text("", font=font))
            return
        for part in wrap(text, width, indent):
            self.ops.append(Text(part, bold=bold, size=size, tall=tall, align=align, font=font))

    def center(self, text: str, **style: Any) -> None:
        self.line(text, align="center", **style)

    def lines(self, text: str, **style: Any) -> None:
        for part in text.splitlines():
            self.line(part, **style)

    def pair(self, left: str, right: str, *, bold: bool = False, tall: bool = False,
             indent: int = 0, size: int = 1) -> None:
        """`left` at the margin and `right` flush right; `left` wraps if both do not fit."""
        width = self.columns(size)
        left = " " * indent + self.fit(left)
        right = self.fit(right)
        if len(right) > width:
            right = right[:width]
        if len(left) + 1 + len(right) <= width:
            self.ops.append(Text(left + " " * (width - len(left) - len(right)) + right,
                                 bold=bold, tall=tall, size=size))
            return
        room = width - len(right) - 1
        if room >= width // 2:  # the right-hand value stays on the first line
            parts = wrap(left, room, indent + 2)
            parts[0] = parts[0] + " " * (width - len(parts[0]) - len(right)) + right
        else:
            parts = wrap(left, width, indent + 2)
            parts.append(" " * (width - len(right)) + right)
        for part in parts:
            self.ops.append(Text(part, bold=bold, tall=tall, size=size))

    def label(self, label: str, value: str, *, bold: bool = False) -> None:
        """"Label  value" with the value wrapping under itself; never "Labelvalue".

        A label too long for the left half of narrow paper ("Proof of purchase" on 58 mm) is not
        cut: the pair stays on one line when both fit, else the label (wrapped at its words) takes
        its own line and the value follows under it, indented."""
        if not value:
            return
        label = self.fit(label)
        value = self.fit(value)
        pad = len(label) + 2
        if pad <= self.width // 2 or pad + len(value) <= self.width:
            parts = wrap(value, self.width - pad, 0)
            for index, part in enumerate(parts):
                prefix = label + "  " if index == 0 else " " * pad
                self.ops.append(Text(prefix + part, bold=bold))
            return
        for part in wrap(label, self.width, 2):
            self.ops.append(Text(part, bold=bold))
        for part in wrap(value, self.width - 2, 0):
            self.ops.append(Text("  " + part, bold=bold))

    def bullet(self, text: str, *, mark: str = "-", indent: int = 2, font: str = "a") -> None:
        width = self.columns(1, font)
        prefix = " " * indent + mark + " "
        body = self.fit(text)
        parts = wrap(body, width - len(prefix), 0)
        for index, part in enumerate(parts):
            lead = prefix if index == 0 else " " * len(prefix)
            self.ops.append(Text(lead + part, font=font))

    def rule(self, char: str = "-") -> None:
        self.ops.append(Text(char * self.width))

    def blank(self, lines: int = 1) -> None:
        self.ops.append(Feed(lines))

    # -- codes, paper, drawer -------------------------------------------------------------
    def barcode(self, data: str) -> None:
        if self.model.barcode:
            self.ops.append(Barcode(data, height=64 if self.model.dots >= 512 else 48))
        else:
            self.center(data, bold=True)

    def qr(self, data: str) -> None:
        if self.model.qr:
            self.ops.append(QRCode(data, size=6 if self.model.dots >= 512 else 5))

    def open_drawer(self) -> None:
        if self.model.drawer:
            self.ops.insert(0, OpenDrawer(self.model.drawer_pin))

    def cut(self) -> None:
        if self.model.has_cutter:
            self.ops.append(Cut())
        else:
            self.ops.append(Feed(4))  # past the tear bar


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Word-wrap to `width`; long words are broken; continuation lines indented."""
    if len(text) <= width:
        return [text]
    lead = len(text) - len(text.lstrip(" "))
    first_indent = " " * lead
    return textwrap.wrap(
        text.strip(" "), width, initial_indent=first_indent,
        subsequent_indent=" " * min(indent, width // 3), break_long_words=True,
        break_on_hyphens=False,
    ) or [""]
