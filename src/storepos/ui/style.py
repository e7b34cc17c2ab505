"""The counter's look: resources/styles/counter.qss (large type, 48 px buttons, visible focus).

The main window applies it to itself, so every screen and every dialog parented to the window
gets it. Labels take a look by a `role` property ("title", "error", "hint", "money"): `set_role`.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from storepos.paths import resources_dir

BASE_POINT_SIZE = 14
TOUCH_HEIGHT = 48  # px: the smallest button


@lru_cache(maxsize=1)
def counter_stylesheet() -> str:
    return (resources_dir() / "styles" / "counter.qss").read_text(encoding="utf-8")


def apply_style(widget: QWidget) -> None:
    font = widget.font()
    font.setPointSize(BASE_POINT_SIZE)
    widget.setFont(font)
    widget.setStyleSheet(counter_stylesheet())


def set_role(widget: QWidget, role: str) -> None:
    """Give a label its look ("error", "ok", "hint", "title", ...); "" for plain text."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def plain_scroll_area(content: QWidget) -> QScrollArea:
    """`content` in a frameless area on the page's own background that scrolls only downwards
    (a long text beside a form: the claim's inspection, a sync problem's story)."""
    scroll = QScrollArea()
    scroll.setObjectName("PlainScroll")  # counter.qss: transparent
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    return scroll
