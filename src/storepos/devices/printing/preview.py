"""A picture of the paper: ESC/POS bytes decoded (as a printer reads them) and drawn with Pillow.

The print preview on screen and the sample images in docs/printing/ come from here. One pixel is
one printer dot (a TM-T88 line is 512 px); text sits on the printer's character grid (font A is
12 x 24 dots), double sizes are drawn double, barcodes and QR codes are drawn from their data.
Pillow, python-barcode and qrcode come with python-escpos; they are imported only when a preview
is asked for.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from storepos.devices.printing.definitions import PrinterModel
from storepos.devices.printing.escpos_decode import (
    Decoded,
    DrawerKick,
    PaperCut,
    PrintedBarcode,
    PrintedLine,
    PrintedQR,
    decode,
)

MARGIN = 18  # grey around the paper's printable width
_FONT_PLACES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSansMono.ttf", "/usr/share/fonts/TTF/DejaVuSansMono-Bold.ttf"),
    ("/Library/Fonts/Courier New.ttf", "/Library/Fonts/Courier New Bold.ttf"),
    ("C:/Windows/Fonts/consola.ttf", "C:/Windows/Fonts/consolab.ttf"),
]


@lru_cache(maxsize=8)
def _fonts(size: int) -> tuple[Any, Any]:
    from PIL import ImageFont

    for regular, bold in _FONT_PLACES:
        if Path(regular).exists():
            bold_path = bold if Path(bold).exists() else regular
            return ImageFont.truetype(regular, size), ImageFont.truetype(bold_path, size)
    try:  # reportlab ships Courier as Type 1, which FreeType reads
        import reportlab

        folder = Path(reportlab.__file__).parent / "fonts"
        return (ImageFont.truetype(str(folder / "com_____.pfb"), size),
                ImageFont.truetype(str(folder / "cob_____.pfb"), size))
    except Exception:  # noqa: BLE001
        font = ImageFont.load_default()
        return font, font


def preview_image(data: bytes, model: PrinterModel) -> Any:
    """A PIL image of the paper one job prints."""
    decoded = decode(data, {model.code_page_table: model.code_page})
    return draw(decoded, model)


def preview_bytes(data: bytes, model: PrinterModel, *, scale: float = 1.0) -> bytes:
    image = preview_image(data, model)
    if scale != 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def draw(decoded: Decoded, model: PrinterModel) -> Any:
    from PIL import Image, ImageDraw

    width = model.dots
    cell_a = (width // model.columns_a, 24)
    cell_b = (width // model.columns_b, 17)
    pieces: list[tuple[Any, str]] = []  # (image, align) stacked top to bottom

    for element in decoded.elements:
        if isinstance(element, PrintedLine):
            pieces.append((_text_image(element, cell_a if element.font == "a" else cell_b),
                           element.align))
        elif isinstance(element, PrintedBarcode):
            pieces.append((_barcode_image(element, cell_a), "center"))
        elif isinstance(element, PrintedQR):
            pieces.append((_qr_image(element), "center"))
        elif isinstance(element, PaperCut):
            pieces.append((_cut_image(width), "left"))
        elif isinstance(element, DrawerKick):
            pieces.append((_note_image("[ cash drawer opens ]", width), "center"))

    height = sum(p.height for p, _ in pieces) + 2 * MARGIN
    page = Image.new("RGB", (width + 2 * MARGIN, height), (236, 236, 236))
    paper = ImageDraw.Draw(page)
    paper.rectangle([MARGIN // 2, 0, width + MARGIN * 3 // 2, height], fill="white")
    y = MARGIN
    for piece, align in pieces:
        x = MARGIN
        if align == "center":
            x += (width - piece.width) // 2
        elif align == "right":
            x += width - piece.width
        page.paste(piece, (max(MARGIN, x), y))
        y += piece.height
    return page


def _text_image(line: PrintedLine, cell: tuple[int, int]) -> Any:
    from PIL import Image, ImageDraw

    cw, ch = cell
    text = line.text
    base = Image.new("L", (max(1, len(text)) * cw, ch), 255)
    if text.strip():
        regular, bold = _fonts(round(cw / 0.6))
        pen = ImageDraw.Draw(base)
        for index, char in enumerate(text):
            if char != " ":
                pen.text((index * cw, ch // 2), char, fill=0, anchor="lm",
                         font=bold if line.bold else regular)
    if line.width > 1 or line.height > 1:
        base = base.resize((base.width * line.width, base.height * line.height))
    return base.convert("RGB")


def _barcode_image(code: PrintedBarcode, cell: tuple[int, int]) -> Any:
    from PIL import Image, ImageDraw

    try:
        from barcode.codex import Code128

        modules = Code128(code.text).build()[0]
    except Exception:  # noqa: BLE001 - drawn as its text only
        modules = ""
    bars = Image.new("RGB", (max(1, len(modules)) * code.module, code.height + cell[1] + 4),
                     "white")
    pen = ImageDraw.Draw(bars)
    for index, module in enumerate(modules):
        if module == "1":
            x = index * code.module
            pen.rectangle([x, 0, x + code.module - 1, code.height - 1], fill="black")
    label = _text_image(PrintedLine(code.text), cell)
    bars.paste(label, ((bars.width - label.width) // 2, code.height + 2))
    return bars


def _qr_image(code: PrintedQR) -> Any:
    import qrcode
    from PIL import Image, ImageDraw

    qr = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_L)
    qr.add_data(code.data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix) * code.module
    image = Image.new("RGB", (size + 8, size + 8), "white")
    pen = ImageDraw.Draw(image)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                x, y = 4 + col * code.module, 4 + row * code.module
                pen.rectangle([x, y, x + code.module - 1, y + code.module - 1], fill="black")
    return image


def _cut_image(width: int) -> Any:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, 28), (236, 236, 236))
    pen = ImageDraw.Draw(image)
    for x in range(0, width, 12):
        pen.line([x, 14, x + 6, 14], fill=(120, 120, 120), width=2)
    return image


def _note_image(text: str, width: int) -> Any:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, 22), "white")
    regular, _ = _fonts(14)
    ImageDraw.Draw(image).text((width // 2, 11), text, fill=(140, 140, 140), anchor="mm",
                               font=regular)
    return image
