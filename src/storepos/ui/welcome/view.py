"""Two doors for a till that is not set up: "Open the demo store" and "Join your chain", and the
join dialog (service address, enrolment code, optional CA file). No logic here: the presenter
joins; the window only says what happened.

What was typed stays in the fields when joining is refused, so a cashier fixes one character
instead of typing a 19-character code again; the refusal is said in words under the fields.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.ui.style import apply_style, set_role
from storepos.ui.widgets.buttons import BigButton, TouchButton
from storepos.ui.widgets.labels import MessageLine

MINIMUM = (1024, 768)  # the smallest counter screen


class DoorsWindow(QWidget):
    """The first window of a till that is not set up (`storepos --choose`)."""

    demo_chosen = Signal()
    join_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DoorsWindow")
        self.setWindowTitle(_("storepos · first start"))
        apply_style(self)
        self.setMinimumSize(*MINIMUM)

        title = QLabel(_("Welcome to storepos"))
        set_role(title, "title")
        lead = QLabel(_("This till is not set up yet. How do you want to start?"))
        lead.setWordWrap(True)
        set_role(lead, "subtitle")

        self.demo = BigButton(_("Open the demo store"))
        self.join = BigButton(_("Join your chain"))
        self.demo.clicked.connect(self.demo_chosen.emit)
        self.join.clicked.connect(self.join_chosen.emit)
        doors = QHBoxLayout()
        doors.setSpacing(32)
        doors.addLayout(self._door(self.demo, _("A made-up shoe store with staff, PINs and orders "
                                                "to try every screen. Nothing leaves this "
                                                "computer.")))
        doors.addLayout(self._door(self.join, _("Head office gave you the service address and a "
                                                "one-time enrolment code for this till.")))
        self.status = MessageLine(_("First start message"), 48)

        card = QFrame()
        card.setObjectName("DoorsCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(900)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(18)
        inner.addWidget(title)
        inner.addWidget(lead)
        inner.addLayout(doors)
        inner.addWidget(self.status)

        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 4)
        centre.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(centre)
        layout.addStretch(2)
        self.setTabOrder(self.demo, self.join)

    @staticmethod
    def _door(button: BigButton, hint: str) -> QVBoxLayout:
        words = QLabel(hint)
        words.setWordWrap(True)
        set_role(words, "hint")
        column = QVBoxLayout()
        column.setSpacing(10)
        button.setMinimumHeight(120)
        column.addWidget(button)
        column.addWidget(words, 0, Qt.AlignmentFlag.AlignTop)
        return column

    def show_status(self, text: str) -> None:
        self.status.show_status(text)

    def show_at_the_counter(self) -> None:
        self.showMaximized()
        self.demo.setFocus(Qt.FocusReason.OtherFocusReason)


class JoinDialog(QDialog):
    """Service address, enrolment code, CA file (optional); Join or Cancel."""

    sig_join = Signal(str, str, str)  # address, code, CA file ("" for the system's CAs)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("JoinDialog")
        self.setWindowTitle(_("Join your chain"))
        self.setModal(True)
        if parent is None:
            apply_style(self)
        self.setMinimumWidth(760)

        title = QLabel(_("Join your chain"))
        set_role(title, "title")
        lead = QLabel(_("Type what head office gave you for this till. The code works once, "
                        "within 24 hours."))
        lead.setWordWrap(True)
        set_role(lead, "hint")

        self.address = QLineEdit()
        self.address.setAccessibleName(_("Service address"))
        self.address.setPlaceholderText("https://central.example.com:8443")
        self.code = QLineEdit()
        self.code.setAccessibleName(_("Enrolment code"))
        self.code.setPlaceholderText("ABCD-EFGH-JKLM-NPQR")
        self.ca_file = QLineEdit()
        self.ca_file.setAccessibleName(_("CA file"))
        self.ca_file.setPlaceholderText(_("only if head office gave you one"))
        self.browse = TouchButton(_("Choose…"), accessible_name=_("Choose the CA file"))
        self.browse.clicked.connect(self._choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.browse)
        for field in (self.address, self.code, self.ca_file):
            field.setMinimumWidth(420)
            field.returnPressed.connect(self._emit)

        form = QFormLayout()
        form.setVerticalSpacing(14)
        form.setHorizontalSpacing(16)
        form.addRow(_("Service address"), self.address)
        form.addRow(_("Enrolment code"), self.code)
        form.addRow(_("CA file"), ca_row)

        self.message = MessageLine(_("Join message"), 72)
        self.cancel = TouchButton(_("Cancel"))
        self.join = TouchButton(_("Join"), primary=True)
        self.cancel.clicked.connect(self.reject)
        self.join.clicked.connect(self._emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.join)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(lead)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setTabOrder(self.address, self.code)
        self.setTabOrder(self.code, self.ca_file)
        self.setTabOrder(self.ca_file, self.join)

    def _choose_ca_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Head office's CA file"), "",
            _("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if chosen:
            self.ca_file.setText(chosen)

    def _emit(self) -> None:
        if self.join.isEnabled():
            self.sig_join.emit(self.address.text(), self.code.text(), self.ca_file.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        # Enter in a field joins (returnPressed), never the dialog's default button twice.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.join.isEnabled():  # not while the service is being asked
            super().reject()

    # --- setters ----------------------------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        for widget in (self.join, self.cancel, self.browse):
            widget.setEnabled(not busy)
        for field in (self.address, self.code, self.ca_file):
            field.setReadOnly(busy)

    def show_status(self, text: str) -> None:
        self.message.show_status(text)
        self._fit()

    def show_error(self, text: str) -> None:
        self.message.show_error(text)
        self._fit()

    def _fit(self) -> None:
        # Grow to show the whole message (never shrink below what it was: the fields stay put).
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width())
        if wanted > self.height():
            self.resize(self.width(), wanted)
