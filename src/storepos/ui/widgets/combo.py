"""A drop-down whose list opens inside the app's window, a few rows at a time, scrolling for more.

Qt's own list (Fusion) shows every choice at once over the box, as tall as the screen allows: 22
sizes and colours ran past the bottom of a 768-px window.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QComboBox, QWidget

VISIBLE_ROWS = 8


class WindowComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None, *, visible_rows: int = VISIBLE_ROWS) -> None:
        super().__init__(parent)
        self.setStyleSheet("QComboBox { combobox-popup: 0; }")  # a list under the box: max rows
        self.setMaxVisibleItems(visible_rows)

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        super().showPopup()
        popup = self.view().window()
        window = self.window()
        room = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
        shown = popup.geometry()
        shown.setHeight(min(shown.height(), room.height()))
        if shown.bottom() > room.bottom():  # no room below the box: open upwards
            shown.moveBottom(min(room.bottom(), self.mapToGlobal(QPoint(0, 0)).y() - 1))
        if shown.top() < room.top():
            shown.moveTop(room.top())
        popup.setGeometry(shown)
