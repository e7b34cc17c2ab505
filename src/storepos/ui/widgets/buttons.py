"""Buttons for touch and keyboard: large, named for screen readers, and Enter presses them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from storepos.ui.style import set_role


class TouchButton(QPushButton):
    """A push button that Enter (as well as Space) presses when it has the focus."""

    def __init__(self, text: str, parent: QWidget | None = None, *, accessible_name: str = "",
                 primary: bool = False) -> None:
        super().__init__(text, parent)
        self.setAccessibleName(accessible_name or text.replace("&", ""))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if primary:
            self.setProperty("primary", True)
            set_role(self, "")  # re-polish with the property

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.animateClick()
            event.accept()
            return
        super().keyPressEvent(event)


class BigButton(TouchButton):
    """A home-screen sized button: one workflow, a large target; a long title wraps, never clips."""

    def __init__(self, text: str, parent: QWidget | None = None, *, accessible_name: str = "") -> None:
        super().__init__("", parent, accessible_name=accessible_name or text.replace("&", ""))
        self.setObjectName("BigButton")
        self.title = text
        self.caption = QLabel(text, self)
        self.caption.setObjectName("BigButtonCaption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(104)
        self.setMaximumHeight(180)
