"""Choosing a PIN at the till: the first sign-in of an employee head office added, or after head
office reset their PIN. Employee number, the set-up code head office gave them, the new PIN twice.

The presenter checks the form and hands it to `Counter.set_up_pin` off the GUI thread: head office's
service checks the code and keeps the PIN (so every till of the store gets it by pull); the
employee is then signed in with it. Offline, the service's words say that setting a PIN needs head
office to be reachable; the view shows every refusal as it is worded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from storepos.domain.errors import StoreposError
from storepos.i18n import N_, _
from storepos.services.base.context import Actor
from storepos.ui.refusals import worded
from storepos.ui.signin.presenter import Runner
from storepos.ui.style import set_role
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.labels import MessageLine

log = logging.getLogger(__name__)

# `Counter.set_up_pin`: (number, set-up code, PIN, PIN again) -> the signed-in Actor
SetUpPin = Callable[[str, str, str, str], Actor]

HINT = N_("Head office gave you a set-up code when they added you, or when they reset your PIN. "
          "Type it with your employee number, then choose a PIN of 4 to 8 digits. This needs head "
          "office's service to be reachable; once set, your PIN works at every till of the store, "
          "online or not.")


class SetPinViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def clear_pins(self) -> None: ...
    def focus_field(self, which: str) -> None: ...  # "number", "code", "pin" or "again"
    def finish(self) -> None: ...


class SetPinPresenter:
    def __init__(self, view: SetPinViewPort, runner: Runner, set_up_pin: SetUpPin,
                 on_signed_in: Callable[[Actor], None]) -> None:
        self._view, self._runner = view, runner
        self._set_up_pin, self._on_signed_in = set_up_pin, on_signed_in
        self.busy = False

    def submit(self, number: str, code: str, pin: str, again: str) -> None:
        if self.busy:
            return
        for value, which, words in ((number.strip(), "number", _("Type your employee number.")),
                                    (code.strip(), "code", _("Type the set-up code from head "
                                                             "office.")),
                                    (pin, "pin", _("Choose a PIN of 4 to 8 digits.")),
                                    (again, "again", _("Type the new PIN again."))):
            if not value:
                self._view.show_error(words)
                self._view.focus_field(which)
                return
        if pin != again:
            self._view.show_error(_("The two PINs are not the same. Type your new PIN twice."))
            self._view.clear_pins()
            self._view.focus_field("pin")
            return
        self.busy = True
        self._view.show_busy(True)
        self._view.show_status(_("Asking head office…"))
        set_up = self._set_up_pin
        self._runner.run(lambda: set_up(number.strip(), code.strip(), pin, again),
                         self._succeeded, self._failed)

    def _succeeded(self, actor: Actor) -> None:
        self.busy = False
        self._view.show_busy(False)
        self._view.finish()
        self._on_signed_in(actor)

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self._view.show_busy(False)
        self._view.clear_pins()
        if isinstance(exc, StoreposError):
            self._view.show_error(worded(exc))
        else:
            log.error("setting a PIN failed", exc_info=exc)
            self._view.show_error(_("Setting your PIN did not work. Try again; if it keeps "
                                    "failing, call a manager."))
        self._view.focus_field("code" if "code" in str(exc) else "pin")


class SetPinDialog(QDialog):
    """Number, set-up code, new PIN twice; Enter in the last field sets the PIN."""

    sig_set = Signal(str, str, str, str)

    def __init__(self, runner: Runner, set_up_pin: SetUpPin,
                 on_signed_in: Callable[[Actor], None], parent: QWidget | None = None,
                 number: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("SetPinDialog")
        self.setWindowTitle(_("Set your PIN"))
        self.setModal(True)
        self.setMinimumWidth(560)
        title = QLabel(_("Set your PIN"))
        set_role(title, "title")
        hint = QLabel(_(HINT))
        hint.setWordWrap(True)
        set_role(hint, "hint")
        self.number = self._field(_("Employee number"), r"[0-9A-Za-z-]{0,16}")
        self.number.setText(number)
        self.code = self._field(_("Set-up code"), r"[0-9A-Za-z -]{0,32}")
        self.pin = self._field(_("New PIN"), r"\d{0,8}", secret=True)
        self.again = self._field(_("New PIN again"), r"\d{0,8}", secret=True)
        form = QFormLayout()
        form.setVerticalSpacing(12)
        for field in (self.number, self.code, self.pin, self.again):
            form.addRow(field.accessibleName(), field)
        self.status = MessageLine(_("Set-up message"), 48)
        self.set_button = TouchButton(_("Set PIN and sign in"), primary=True)
        self.cancel = TouchButton(_("Cancel"))
        self.set_button.setDefault(True)
        self.set_button.setAutoDefault(True)
        self.cancel.setAutoDefault(False)
        self.set_button.clicked.connect(self._emit)
        self.cancel.clicked.connect(self.reject)
        self.again.returnPressed.connect(self._emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.set_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        for widget in (title, hint):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.presenter = SetPinPresenter(self, runner, set_up_pin, on_signed_in)
        self.sig_set.connect(self.presenter.submit)
        self.focus_field("code" if number else "number")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Wrapped lines are measured once the style is on: grow to them, never squash the form."""
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else 0
        if self.height() < needed:
            self.resize(self.width(), needed)

    def _field(self, name: str, pattern: str, *, secret: bool = False) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setMinimumWidth(280)
        field.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), field))
        if secret:
            field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _emit(self) -> None:
        self.sig_set.emit(self.number.text(), self.code.text(), self.pin.text(),
                          self.again.text())

    def reject(self) -> None:
        if not self.presenter.busy:  # the answer is on its way: wait for it
            super().reject()

    # --- SetPinViewPort ---------------------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        self.set_button.setEnabled(not busy)
        self.cancel.setEnabled(not busy)
        for field in (self.number, self.code, self.pin, self.again):
            field.setReadOnly(busy)

    def show_status(self, text: str) -> None:
        self.status.show_status(text)
        self._fit()

    def show_error(self, text: str) -> None:
        self.status.show_error(text)
        self._fit()

    def clear_pins(self) -> None:
        self.pin.clear()
        self.again.clear()

    def focus_field(self, which: str) -> None:
        field = {"number": self.number, "code": self.code, "pin": self.pin,
                 "again": self.again}[which]
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self) -> None:
        self.accept()
