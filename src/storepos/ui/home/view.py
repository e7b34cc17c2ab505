"""Home: one scan field (it has the focus, so a keyboard-wedge scanner just works) and the
workflows as large buttons. No logic here."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from storepos.i18n import _
from storepos.ui.style import set_role
from storepos.ui.widgets.buttons import BigButton
from storepos.ui.widgets.labels import MessageLine
from storepos.ui.widgets.scan import ScanAndStatus, scan_field

COLUMNS = 3


class HomeView(QWidget, ScanAndStatus):
    sig_scanned = Signal(str)  # what the scanner (or a person) typed, then Enter
    sig_open = Signal(str)  # a workflow button: the screen's name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HomeView")
        self.prompt = QLabel(_("Scan a receipt, slip or card, or type its number"))
        set_role(self.prompt, "subtitle")
        self.scan = scan_field(_("Order, Return ID, pickup or gift card number, then Enter"),
                               _("Scan or type a number"), self.sig_scanned.emit)
        self.scan.setObjectName("ScanField")
        self.scan.setAccessibleDescription(
            _("Order number, Return ID, pickup number or gift card number, then Enter"))
        self.scan.setMaxLength(64)
        self.status = MessageLine(_("Scan message"), 36)

        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        set_role(self.empty, "hint")
        self.empty.hide()
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.buttons: dict[str, BigButton] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.prompt)
        layout.addWidget(self.scan)
        layout.addWidget(self.status)
        layout.addSpacing(8)
        layout.addLayout(self.grid, 4)  # buttons grow to their most (180 px), the rest stays below
        layout.addWidget(self.empty)
        layout.addStretch(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:  # home is as far back as it goes: clear the field
            self.clear_scan()
            self.show_status("")
            event.accept()
            return
        super().keyPressEvent(event)

    # --- setters ----------------------------------------------------------------------------
    def show_workflows(self, workflows: Sequence[tuple[str, str]]) -> None:
        """(name, title) per button, in order; replaces the buttons shown before."""
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        previous: QWidget = self.scan
        for index, (name, title) in enumerate(workflows):
            button = BigButton(title, accessible_name=_("Open {screen}").format(screen=title))
            button.clicked.connect(lambda _checked=False, n=name: self.sig_open.emit(n))
            self.grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons[name] = button
            self.setTabOrder(previous, button)
            previous = button
        for column in range(COLUMNS):
            self.grid.setColumnStretch(column, 1)
        self.empty.setText("" if workflows else
                           _("Nothing else is set up for your role on this till yet."))
        self.empty.setVisible(not workflows)

    def select_scan(self) -> None:
        self.scan.selectAll()
        self.focus_scan()
