"""Manager approval, anywhere: a manager types their number, PIN and the reason.

Two ways to ask, both with the same dialog:

    request_approval(self, self.context,
                     Decision("Deny warranty claim W-TOR1-000002-1", "Deny claim"),
                     on_approved=self._on_approved)      # preferred: returns at once
    approval = ask_manager_approval(self, self.context, "Refund outside the return window")

The dialog's heading says what is decided and its button says the decision (`Decision`); a plain
string is a request to approve that thing (the button says "Approve").

`request_approval` opens the dialog window-modal and calls `on_approved(approval)` once a manager's
PIN checks out (`on_cancelled()` on Cancel / Escape, or when the till signs out). Nothing waits:
the screen goes on from the callback. `ask_manager_approval` is the blocking form for code that
reads better top to bottom: it runs the dialog's own event loop (the PIN check still runs on the
background runner, so the window keeps painting) and returns the Approval, or None on cancel.

The PIN is checked by `Counter.approve` on the background runner: Argon2id, wrong PINs counting
toward that manager's lockout, a non-manager refused. The Approval is a signed token bound to the
Decision's `binding` (what is approved); the service call that needs it verifies it against what
it does, spends it once and records it with the action in the audit journal.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from storepos.domain.errors import StoreposError
from storepos.i18n import _
from storepos.services.staff.approvals import Binding
from storepos.services.staff.auth import PermissionDenied, check_reason
from storepos.ui.style import set_role
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.decision import Decision

__all__ = ["ApprovalPresenter", "Decision", "ManagerApprovalDialog", "ask_manager_approval",
           "request_approval"]

if TYPE_CHECKING:
    from storepos.services.staff.approvals import Approval
    from storepos.ui.shell.context import AppContext

log = logging.getLogger(__name__)

PIN_PATTERN = QRegularExpression(r"\d{0,8}")
NUMBER_PATTERN = QRegularExpression(r"[0-9A-Za-z-]{0,16}")


class ApprovalViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_error(self, text: str) -> None: ...
    def clear_pin(self) -> None: ...
    def focus_field(self, which: str) -> None: ...  # "number", "pin" or "reason"
    def finish(self, approval: Approval) -> None: ...


class Runner(Protocol):
    def run(self, work: Callable[[], Any], on_success: Callable[[Any], None],
            on_failure: Callable[[Exception], None]) -> None: ...


class ApprovalPresenter:
    """Checks the form, asks `approve(number, pin, reason)` off the GUI thread, says what went wrong."""

    def __init__(self, view: ApprovalViewPort, approve: Callable[[str, str, str], Approval],
                 runner: Runner) -> None:
        self._view, self._approve, self._runner = view, approve, runner
        self._busy = False
        self._closed = False

    def submit(self, number: str, pin: str, reason: str) -> None:
        if self._busy or self._closed:
            return
        number = number.strip()
        if not number:
            self._refuse(_("Type the manager's employee number."), "number")
            return
        if not pin:
            self._refuse(_("The manager types their PIN."), "pin")
            return
        try:
            reason = check_reason(reason)
        except StoreposError as exc:
            self._refuse(_(exc.message), "reason")
            return
        self._busy = True
        self._view.show_busy(True)
        self._runner.run(lambda: self._approve(number, pin, reason), self._on_approved, self._on_refused)

    def close(self) -> None:
        """The dialog went away (cancelled, signed out): a late answer is dropped."""
        self._closed = True

    def _refuse(self, message: str, field: str) -> None:
        self._view.show_error(message)
        self._view.focus_field(field)

    def _on_approved(self, approval: Approval) -> None:
        self._busy = False
        if self._closed:
            return
        self._view.show_busy(False)
        self._view.finish(approval)

    def _on_refused(self, exc: Exception) -> None:
        self._busy = False
        if self._closed:
            return
        self._view.show_busy(False)
        self._view.clear_pin()
        if isinstance(exc, StoreposError):
            self._refuse(_(exc.message), "number" if isinstance(exc, PermissionDenied) else "pin")
        else:
            log.error("manager approval failed", exc_info=exc)
            self._refuse(_("The approval could not be checked. Try again; if it keeps failing, "
                         "restart the app."), "pin")


def as_decision(what: Decision | str) -> Decision:
    return what if isinstance(what, Decision) else Decision.approve(what)


def unbroken(text: str) -> str:
    """`text` with non-breaking hyphens inside words, so a wrapped line never splits a number
    ("W-TOR1-000002-1") across two lines."""
    return re.sub(r"(?<=\w)-(?=\w)", "\u2011", text)


class ManagerApprovalDialog(QDialog):
    """What is decided, manager number + PIN (masked) + reason, and a button that says the
    decision; Enter decides, Escape cancels."""

    sig_approve = Signal(str, str, str)  # number, pin, reason
    presenter: ApprovalPresenter  # set by _open: the presenter lives as long as the dialog

    def __init__(self, what: Decision | str, parent: QWidget | None = None, *,
                 reason: str = "") -> None:
        super().__init__(parent)
        self.decision = decision = as_decision(what)
        self.setObjectName("ManagerApprovalDialog")
        self.setWindowTitle(_("Manager approval: {decision}").format(decision=decision.title))
        self.setAccessibleName(_("Manager approval"))
        self.approval: Approval | None = None

        self.what = QLabel(unbroken(decision.title))
        self.what.setWordWrap(True)
        self.what.setAccessibleName(_("What the manager decides"))
        set_role(self.what, "title")
        self.details = QLabel(unbroken(decision.details))
        self.details.setWordWrap(True)
        self.details.setAccessibleName(_("What follows from it"))
        self.details.setVisible(bool(decision.details))
        set_role(self.details, "subtitle")
        hint = QLabel(_("A manager other than the one asking confirms with their number and "
                      "PIN. Kept on record: the manager's name, the time and the reason."))
        hint.setWordWrap(True)
        set_role(hint, "hint")

        form = self._form(reason)

        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Approval message"))
        set_role(self.error, "error")

        buttons = self._buttons(decision)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(self.what)
        layout.addWidget(self.details)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(640)
        self.setTabOrder(self.number, self.pin)
        self.setTabOrder(self.pin, self.reason)
        self.setTabOrder(self.reason, self.approve_button)
        self.setTabOrder(self.approve_button, self.cancel_button)
        self.number.setFocus()

    def _form(self, reason: str) -> QFormLayout:
        """The manager's number, PIN (masked) and reason."""
        self.number = QLineEdit()
        self.number.setAccessibleName(_("Manager's employee number"))
        self.number.setValidator(QRegularExpressionValidator(NUMBER_PATTERN, self.number))
        self.pin = QLineEdit()
        self.pin.setAccessibleName(_("Manager's PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(PIN_PATTERN, self.pin))
        self.reason = QLineEdit(reason)
        self.reason.setAccessibleName(_("Reason for the approval"))
        self.reason.setMaxLength(300)
        self.reason.setPlaceholderText(_("Why, in a few words"))
        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.addRow(_("Manager number"), self.number)
        form.addRow(_("PIN"), self.pin)
        form.addRow(_("Reason"), self.reason)
        return form

    def _buttons(self, decision: Decision) -> QHBoxLayout:
        """Cancel, and the button that says the decision (the default: Enter decides)."""
        self.cancel_button = TouchButton(_("Cancel"), accessible_name=_("Cancel the approval"))
        self.approve_button = TouchButton(decision.button, accessible_name=decision.button,
                                          primary=True)
        self.approve_button.setDefault(True)
        self.approve_button.setAutoDefault(True)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.approve_button.clicked.connect(self._emit_approve)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.approve_button)
        return buttons

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        # Wrapped lines are measured once the style is on: grow to them, never squash the form.
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else 0
        if self.height() < needed:
            self.resize(self.width(), needed)

    def _emit_approve(self) -> None:
        self.sig_approve.emit(self.number.text(), self.pin.text(), self.reason.text())

    # --- setters the presenter calls ------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        self.approve_button.setEnabled(not busy)
        self.approve_button.setText(_("Checking…") if busy else self.decision.button)
        for field in (self.number, self.pin, self.reason):
            field.setReadOnly(busy)
        if busy:
            self.error.setText("")

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def clear_pin(self) -> None:
        self.pin.clear()

    def focus_field(self, which: str) -> None:
        {"number": self.number, "pin": self.pin, "reason": self.reason}[which].setFocus(
            Qt.FocusReason.OtherFocusReason)

    def finish(self, approval: Approval) -> None:
        self.approval = approval
        self.accept()


def _open(parent: QWidget | None, context: AppContext, what: Decision | str,
          reason: str) -> tuple[ManagerApprovalDialog, ApprovalPresenter] | None:
    actor = context.actor
    if actor is None:
        return None
    dialog = ManagerApprovalDialog(what, parent, reason=reason)
    binding = as_decision(what).binding or Binding("unbound", "")
    presenter = ApprovalPresenter(
        dialog, lambda number, pin, why: context.counter.approve(actor, number, pin, why, binding),
        context.runner,
    )
    dialog.sig_approve.connect(presenter.submit)
    dialog.finished.connect(lambda _result: presenter.close())
    dialog.presenter = presenter
    return dialog, presenter


def request_approval(parent: QWidget | None, context: AppContext, what: Decision | str,
                     on_approved: Callable[[Approval], None],
                     on_cancelled: Callable[[], None] | None = None, *,
                     reason: str = "") -> ManagerApprovalDialog | None:
    """Open the approval dialog (window-modal) and return at once; see the module docstring."""
    opened = _open(parent, context, what, reason)
    if opened is None:
        if on_cancelled is not None:
            on_cancelled()
        return None
    dialog, _presenter = opened

    def finished(result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.approval is not None:
            on_approved(dialog.approval)
        elif on_cancelled is not None:
            on_cancelled()
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog


def ask_manager_approval(parent: QWidget | None, context: AppContext, what: Decision | str, *,
                         reason: str = "") -> Approval | None:
    """The blocking form: the Approval once a manager's PIN checks out, None on cancel."""
    opened = _open(parent, context, what, reason)
    if opened is None:
        return None
    dialog, _presenter = opened
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.approval if accepted else None
    finally:
        dialog.deleteLater()
