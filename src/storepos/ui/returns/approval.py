"""A manager's approval for a return the policy refuses: manager number, PIN and a reason.

Stand-in until the shared ui/widgets/approval_dialog.py lands; the screen reaches it through
`ask_manager_approval` only, so switching to the shared dialog is one line in screen.py.
The PIN check (Argon2) runs on the background worker; a wrong PIN keeps the number and reason.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from storepos.services.auth import Approval
from storepos.ui.shell.context import AppContext


class ManagerApprovalDialog(QDialog):
    def __init__(self, context: AppContext, what: str, on_approved: Callable[[Approval], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ManagerApprovalDialog")
        self.setWindowTitle("Manager approval")
        self._context, self._on_approved = context, on_approved
        self.approval: Approval | None = None
        self.what = QLabel(f"{what}\nA manager approves this outside the policy, with a reason.")
        self.what.setWordWrap(True)
        self.number = QLineEdit()
        self.number.setAccessibleName("Manager's employee number")
        self.pin = QLineEdit()
        self.pin.setAccessibleName("Manager's PIN")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the override")
        self.reason.setPlaceholderText("e.g. long-standing customer, box lost in shipping")
        for field in (self.number, self.pin, self.reason):
            field.setMinimumHeight(40)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a40000; font-weight: bold;")
        self.error.setAccessibleName("Approval error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Approve")
        ok.setMinimumHeight(44)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setMinimumHeight(44)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Manager number", self.number)
        form.addRow("PIN", self.pin)
        form.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def submit(self) -> None:
        actor = self._context.actor
        if actor is None:
            self.error.setText("Nobody is signed in.")
            return
        number, pin, reason = self.number.text().strip(), self.pin.text(), self.reason.text()
        if not (number and pin and reason.strip()):
            self.error.setText("Type the manager's number, PIN and the reason.")
            return
        self.buttons.setEnabled(False)
        self.error.setText("Checking…")
        self._context.runner.run(
            lambda: self._context.counter.approve(actor, number, pin, reason),
            self._approved, self._refused,
        )

    def _approved(self, approval: Approval) -> None:
        self.approval = approval
        self.buttons.setEnabled(True)
        self.accept()
        self._on_approved(approval)

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.pin.clear()
        self.error.setText(getattr(exc, "message", None) or str(exc))
        self.pin.setFocus()


def ask_manager_approval(parent: QWidget, context: AppContext, what: str,
                         on_approved: Callable[[Approval], None]) -> ManagerApprovalDialog:
    """Open the approval prompt (window-modal, non-blocking); `on_approved` runs on a yes."""
    dialog = ManagerApprovalDialog(context, what, on_approved, parent)
    dialog.open()
    return dialog
