"""A one-line label that ends in "…" instead of being cut off when its room is short."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from storepos.i18n import _
from storepos.ui.style import set_role


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(60)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setToolTip(text)  # the whole text, when it had to be shortened
        self.setAccessibleDescription(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        return QSize(self.minimumWidth(), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()


class MessageLine(QLabel):
    """Where a screen tells staff what happened: plain text, or an error in the error style."""

    def __init__(self, accessible_name: str = "", min_height: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)
        self.setAccessibleName(accessible_name or _("Status"))
        if min_height:
            self.setMinimumHeight(min_height)

    def show_status(self, text: str) -> None:
        set_role(self, "")
        self.setText(text)

    def show_error(self, text: str) -> None:
        set_role(self, "error")
        self.setText(text)
