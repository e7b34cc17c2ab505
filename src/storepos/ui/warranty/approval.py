"""A manager's approval (number + PIN + reason -> auth.Approval), for the pickup and warranty
screens. `ask_approval` is the one function they call: when the shared
ui/widgets/approval_dialog.py lands, only its body changes.

The PIN is checked by `context.counter.approve` on the background worker (Argon2 is slow on
purpose, and wrong PINs must count); a refusal keeps the number and reason typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storepos.services.auth import Approval
from storepos.ui.shell.context import AppContext

TARGET = 44


class ManagerApprovalDialog(QDialog):
    sig_approved = Signal(object)  # auth.Approval

    def __init__(self, context: AppContext, prompt: str, parent: QWidget | None = None, *,
                 reason: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("ManagerApprovalDialog")
        self.setWindowTitle("Manager approval")
        self.setMinimumWidth(520)
        self._context = context
        text = QLabel(prompt)
        text.setWordWrap(True)
        self.number = QLineEdit()
        self.number.setAccessibleName("Manager number")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("Manager PIN")
        self.reason = QLineEdit(reason)
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Kept with the approval")
        for field in (self.number, self.pin, self.reason):
            field.setMinimumHeight(TARGET)
        form = QFormLayout()
        form.addRow("Manager number", self.number)
        form.addRow("PIN", self.pin)
        form.addRow("Reason", self.reason)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a40000; font-weight: bold;")
        self.approve_button = QPushButton("Approve")
        self.approve_button.setAccessibleName("Approve with manager PIN")
        self.cancel = QPushButton("Cancel")
        for button in (self.cancel, self.approve_button):
            button.setMinimumHeight(TARGET)
            button.setMinimumWidth(140)
        self.approve_button.setDefault(True)
        self.cancel.setAutoDefault(False)
        self.approve_button.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.approve_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.number.setFocus()

    def confirm(self) -> None:
        actor = self._context.actor
        if actor is None:
            self.error.setText("Nobody is signed in.")
            return
        number, pin, reason = self.number.text(), self.pin.text(), self.reason.text()
        self.error.setText("")
        self.approve_button.setText("Checking …")
        self.approve_button.setEnabled(False)
        self._context.runner.run(
            lambda: self._context.counter.approve(actor, number, pin, reason),
            self._approved, self._refused)

    def _approved(self, approval: Approval) -> None:
        self.approve_button.setText("Approve")
        self.approve_button.setEnabled(True)
        self.error.setText("")
        self.accept()
        self.sig_approved.emit(approval)

    def _refused(self, exc: Exception) -> None:
        self.approve_button.setText("Approve")
        self.approve_button.setEnabled(True)
        self.pin.clear()
        self.error.setText(getattr(exc, "message", None) or str(exc) or "Not approved.")
        self.pin.setFocus()


def ask_approval(parent: QWidget, context: AppContext, prompt: str,
                 on_approved: Callable[[Approval], None], *, reason: str = "") -> QDialog:
    """Open the approval dialog (without blocking); `on_approved` runs once a manager's PIN is
    verified. Returns the dialog (tests fill it in)."""
    dialog = ManagerApprovalDialog(context, prompt, parent, reason=reason)
    dialog.sig_approved.connect(on_approved)
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    return dialog
