"""The scan field a keyboard-wedge scanner types into (then Enter), and the setters of a screen
that has one above a message line: home and the pickup list share them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from storepos.ui.widgets.labels import MessageLine


def scan_field(hint: str, accessible_name: str,
               on_enter: Callable[[str], None]) -> QLineEdit:
    """A field whose text goes to `on_enter` when Enter is pressed (a scanner sends one); `hint`
    is the grey text it shows while empty."""
    field = QLineEdit()
    field.setPlaceholderText(hint)
    field.setAccessibleName(accessible_name)
    field.returnPressed.connect(lambda: on_enter(field.text()))
    return field


class ScanAndStatus:
    """Setters for a view with a scan field (`scan`) and a message line (`status`)."""

    scan: QLineEdit
    status: MessageLine

    def show_status(self, text: str) -> None:
        self.status.show_status(text)

    def show_error(self, text: str) -> None:
        self.status.show_error(text)

    def clear_scan(self) -> None:
        self.scan.clear()

    def focus_scan(self) -> None:
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)
