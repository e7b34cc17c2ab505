"""The sign-in form: employee number, PIN (masked), Sign in. Enter signs in; no logic here.

The fields never move: a cashier types by position. What may come and go (why the till signed
out, a wrong PIN, the demo hint) is below the Sign in button, and the card's top is set by the
window's height alone, not by how tall those lines make the card.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from storepos.ui.style import set_role
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.labels import MessageLine

CARD_HEIGHT = 560  # px: about the card with a notice and a message, for placing it a third down


class SignInView(QWidget):
    sig_sign_in = Signal(str, str)  # employee number, PIN
    sig_set_pin = Signal(str)  # the employee number typed so far: first sign-in or a new PIN

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignInView")

        self.title = QLabel("Sign in")
        set_role(self.title, "title")
        self.store = QLabel("")
        self.store.setAccessibleName("Store")
        set_role(self.store, "subtitle")

        form = self._form()

        self.notice = QLabel("")  # why the till signed out, kept until someone signs in
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        set_role(self.notice, "hint")
        self.status = MessageLine("Sign-in message", 64)
        self.demo = QLabel("")
        self.demo.setWordWrap(True)
        self.demo.setAccessibleName("Demo sign-ins")
        set_role(self.demo, "hint")
        self.demo.hide()

        card = self._card(form)

        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 3, Qt.AlignmentFlag.AlignTop)
        centre.addStretch(1)
        self._above = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.addItem(self._above)
        layout.addLayout(centre)
        layout.addStretch(1)

        self.setTabOrder(self.number, self.pin)
        self.setTabOrder(self.pin, self.sign_in)

    def _form(self) -> QFormLayout:
        """Employee number and PIN (masked); Enter in either signs in."""
        self.number = QLineEdit()
        self.number.setAccessibleName("Employee number")
        self.number.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9A-Za-z-]{0,16}"),
                                                             self.number))
        self.pin = QLineEdit()
        self.pin.setAccessibleName("PIN")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self.pin))
        self.sign_in = TouchButton("Sign in", accessible_name="Sign in", primary=True)
        for field in (self.number, self.pin):
            field.setMinimumWidth(280)
            field.returnPressed.connect(self._emit)
        self.sign_in.clicked.connect(self._emit)
        # Head office's staff choose their PIN here (shown only on a till set up with head office).
        self.set_pin = TouchButton("First sign-in or new PIN?", accessible_name="Set your PIN")
        self.set_pin.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.set_pin.clicked.connect(lambda: self.sig_set_pin.emit(self.number.text().strip()))
        self.set_pin.hide()

        form = QFormLayout()
        form.setVerticalSpacing(14)
        form.setHorizontalSpacing(16)
        form.addRow("Employee number", self.number)
        form.addRow("PIN", self.pin)
        return form

    def _card(self, form: QFormLayout) -> QFrame:
        """The sign-in card: the store, the form, Sign in, and what to know."""
        card = QFrame()
        card.setObjectName("SignInCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(640)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(self.title)
        inner.addWidget(self.store)
        inner.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.set_pin)
        row.addStretch(1)
        row.addWidget(self.sign_in)
        inner.addLayout(row)
        inner.addWidget(self.notice)
        inner.addWidget(self.status)
        inner.addWidget(self.demo)
        return card

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        # The card a third of the way down, by the window's height only: never by its own.
        self._above.changeSize(0, max(0, (event.size().height() - CARD_HEIGHT) // 3),
                               QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
        super().resizeEvent(event)

    def _emit(self) -> None:
        self.sig_sign_in.emit(self.number.text(), self.pin.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:  # nothing to go back to: start over
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- setters ----------------------------------------------------------------------------
    def show_store(self, text: str) -> None:
        self.store.setText(text)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_demo(self, text: str) -> None:
        self.demo.setText(text)
        self.demo.setVisible(bool(text))

    def show_set_pin(self, shown: bool) -> None:
        self.set_pin.setVisible(shown)

    def show_busy(self, busy: bool) -> None:
        self.sign_in.setEnabled(not busy)
        self.number.setReadOnly(busy)
        self.pin.setReadOnly(busy)

    def show_status(self, text: str) -> None:
        self.status.show_status(text)

    def show_error(self, text: str) -> None:
        self.status.show_error(text)

    def clear_pin(self) -> None:
        self.pin.clear()

    def clear(self) -> None:
        self.number.clear()
        self.pin.clear()
        self.show_status("")
        self.focus_number()

    def focus_number(self) -> None:
        self.number.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_pin(self) -> None:
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
