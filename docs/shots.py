"""What every screenshot script shares: where pictures go, waiting for the app, saving, dialogs.

The scripts in docs/ are run directly (`python docs/make_screenshots.py`), so this module sits
beside them and is imported as `shots`. make_screenshots.py runs each feature script once per window
size, telling it the folder and the size by two environment variables (STOREPOS_SHOTS_OUT,
STOREPOS_SHOTS_SIZE="1280x800"); a picture at a size other than the smallest gets the size in its
name (screen-returns@1280x800.png), so the README's links to the 1024x768 pictures stay the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

SMALLEST = (1024, 768)  # the smallest counter screen we support
SIZES = (SMALLEST, (1280, 800), (1920, 1080))  # every size make_screenshots.py renders


def parse_size(text: str) -> tuple[int, int]:
    width, height = text.lower().split("x")
    return int(width), int(height)


OUT = Path(os.environ.get("STOREPOS_SHOTS_OUT") or Path(__file__).resolve().parent / "screenshots")
SIZE = parse_size(os.environ.get("STOREPOS_SHOTS_SIZE") or "1024x768")
# The language of the pictures ("fr_CA"): make_screenshots.py --locale; None: the store's.
LOCALE = os.environ.get("STOREPOS_SHOTS_LOCALE") or None


def speak_shots_locale() -> None:
    """A feature script's screens in the pictures' language (set before they are built)."""
    if LOCALE:
        from storepos.i18n import set_language

        set_language(LOCALE)


def choose_language(signin_view: object) -> None:
    """Press the sign-in page's toggle for the pictures' language, as an employee would (the app
    speaks the store's language until someone signs in, then theirs)."""
    if LOCALE:
        from storepos.i18n import language_of

        signin_view.languages[language_of(LOCALE)].click()  # type: ignore[attr-defined]
        settle(extra_ms=50)


def shot_name(name: str, size: tuple[int, int] = SIZE) -> str:
    """screen-returns.png at the smallest size, screen-returns@1280x800.png at another."""
    return f"{name}.png" if size == SMALLEST else f"{name}@{size[0]}x{size[1]}.png"


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


def save(picture: QPixmap | QWidget, name: str, size: tuple[int, int] = SIZE,
         out: Path = OUT) -> None:
    path = out / shot_name(name, size)
    out.mkdir(parents=True, exist_ok=True)
    (picture.grab() if isinstance(picture, QWidget) else picture).save(str(path))
    print(f"  {path}")


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
