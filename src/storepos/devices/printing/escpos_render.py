"""Layout ops to ESC/POS bytes, through python-escpos's Dummy printer.

Every job starts with ESC @ and then ESC t n for the model's one code page (python-escpos does not
re-send it after a reset); text is fitted to that page by the layout, so the printer never gets a
character it would print as "?". Styles are tracked so only changes are sent; sizes go as GS ! n
(ESC !, which python-escpos uses for double sizes, would also clear bold and the font).
QR codes are native
(GS ( k), barcodes the printer's own CODE128 (GS k), the cut is GS V 66 0 (feed to the cutter and
cut, no six blank lines).
"""

from __future__ import annotations

from typing import Any

from storepos.devices.printing import code128
from storepos.devices.printing.charset import charset
from storepos.devices.printing.definitions import PrinterModel
from storepos.devices.printing.escpos_lib import escpos, profile_for
from storepos.devices.printing.layout import Barcode, Cut, Feed, Op, OpenDrawer, QRCode, Text

ESC = b"\x1b"
GS = b"\x1d"


def new_printer(model: PrinterModel) -> Any:
    """A python-escpos Dummy set up for `model` (captures bytes instead of sending them)."""
    lib = escpos()
    features = {"barcodeA": model.barcode, "barcodeB": model.barcode, "qrCode": model.qr,
                "paperFullCut": model.has_cutter, "paperPartCut": model.cutter == "partial"}
    return lib["printer"].Dummy(profile=profile_for(model.profile, model.dots, features))


class _Style:
    __slots__ = ("align", "bold", "font", "size", "tall")

    def __init__(self) -> None:
        self.size = 1
        self.tall = False
        self.bold = False
        self.font = "a"
        self.align = "left"


def render(ops: list[Op], model: PrinterModel, printer: Any | None = None) -> bytes:
    """The bytes of one job. `printer` (a fresh Dummy) may be passed in to reuse its setup."""
    p = printer if printer is not None else new_printer(model)
    cs = charset(model.code_page)
    raw = p._raw  # the documented hook every python-escpos printer implements
    p.hw("INIT")
    raw(ESC + b"t" + bytes([model.code_page_table]))
    state = _Style()
    for op in ops:
        if isinstance(op, Text):
            _apply_style(p, state, op)
            raw(cs.encode(op.text) + b"\n")
        elif isinstance(op, Feed):
            raw(b"\n" * op.lines)
        elif isinstance(op, Barcode):
            _barcode(p, state, op, model)
        elif isinstance(op, QRCode):
            if state.align != "center":
                p.set(align="center")
                state.align = "center"
            p.qr(op.data, native=True, size=op.size)
            raw(b"\n")
        elif isinstance(op, Cut):
            p.cut(feed=False)
        elif isinstance(op, OpenDrawer):
            p.cashdraw(op.pin)
    output: bytes = p.output
    return output


def _apply_style(p: Any, state: _Style, op: Text) -> None:
    if op.size != state.size or op.tall != state.tall:
        # GS ! n (custom size) only: ESC ! would also clear bold and the font.
        height = 2 if op.size == 2 or op.tall else 1
        p.set(custom_size=True, width=op.size, height=height)
        state.size, state.tall = op.size, op.tall
    if op.bold != state.bold:
        p.set(bold=op.bold)
        state.bold = op.bold
    if op.font != state.font:
        p.set(font=op.font)
        state.font = op.font
    if op.align != state.align:
        p.set(align=op.align)
        state.align = op.align


def _barcode(p: Any, state: _Style, op: Barcode, model: PrinterModel) -> None:
    data = code128.encode(op.data)
    width = code128.module_width(data, model.dots)
    if not width:  # too long for this paper: print the number large instead
        _apply_style(p, state, Text(op.data, bold=True, align="center"))
        p._raw(charset(model.code_page).encode(op.data) + b"\n")
        return
    if state.size != 1 or state.tall:
        _apply_style(p, state, Text("", align=state.align))
    # _hw_barcode, not barcode(): barcode() prints "Using hardware barcode renderer" to stdout.
    p._hw_barcode(data, "CODE128", height=op.height, width=width, pos="BELOW", font="A",
                  align_ct=True, function_type="B")
    state.align = "center"
    p._raw(b"\n")
