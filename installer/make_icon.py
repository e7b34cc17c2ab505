"""Draws the app icon (a till receipt over a shoe-box teal square) with Qt, no image files kept
in git: build/icon/storepos.png (256 px), .ico (Windows) and .icns (macOS).

    python installer/make_icon.py [OUT_DIR]

ICO and ICNS both accept a PNG payload, so they are written here by hand (Qt's image plugins for
them are not in PySide6-Essentials).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

SIZE = 256


def draw(size: int = SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#0f6e6e"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    # the receipt, with a torn-off bottom edge
    p.setBrush(QColor("#ffffff"))
    p.drawRect(QRectF(72 * s, 40 * s, 112 * s, 150 * s))
    for i in range(7):
        p.drawEllipse(QRectF((72 + i * 16) * s, 182 * s, 16 * s, 16 * s))
    p.setPen(QPen(QColor("#0f6e6e"), 8 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for row, width in enumerate((80, 56, 72, 40)):
        y = (68 + row * 26) * s
        p.drawLine(int(88 * s), int(y), int((88 + width) * s), int(y))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(png: bytes) -> bytes:
    # ICONDIR (reserved, type 1 = icon, 1 image) + ICONDIRENTRY (0 = 256 px) + the PNG itself.
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(png), 22) + png


def icns(png: bytes) -> bytes:
    chunk = b"ic08" + struct.pack(">I", 8 + len(png)) + png  # ic08: 256x256 PNG
    return b"icns" + struct.pack(">I", 8 + len(chunk)) + chunk


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "build" / "icon"
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    png = png_bytes(draw())
    (out / "storepos.png").write_bytes(png)
    (out / "storepos.ico").write_bytes(ico(png))
    (out / "storepos.icns").write_bytes(icns(png))
    del app
    print(f"icon: {out / 'storepos.png'} ({len(png)} bytes), .ico, .icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
