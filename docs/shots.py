"""What every screenshot script shares: where pictures go, waiting for the app, saving, dialogs.

The scripts in docs/ are run directly (`python docs/make_screenshots.py`), so this module sits
beside them and is imported as `shots`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1024, 768)  # the smallest counter screen we support


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def settle(until: Callable[[], object] = lambda: True, timeout_ms: int = 120_000,
           extra_ms: int = 300) -> bool:
    """Run the event loop until `until()` (then a little more, for late paints)."""
    waited = 0
    while not until() and waited < timeout_ms:
        pause(50)
        waited += 50
    pause(extra_ms)
    QApplication.processEvents()
    return bool(until())


def save(picture: QPixmap | QWidget, name: str) -> None:
    path = OUT / f"{name}.png"
    OUT.mkdir(parents=True, exist_ok=True)
    (picture.grab() if isinstance(picture, QWidget) else picture).save(str(path))
    print(f"  docs/screenshots/{path.name}")


def with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with a dialog drawn over it, dimmed behind, as the cashier sees it."""
    shot = window.grab()
    over = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 90))
    painter.drawPixmap(QPoint((shot.width() - over.width()) // 2,
                              max(0, (shot.height() - over.height()) // 3)), over)
    painter.end()
    return shot
