"""A manager-only action behind the shared manager approval dialog, in one function.

    run_approved(parent, context, what, action, on_ok, on_err, on_cancel)

The shared dialog (ui/widgets/approval_dialog.request_approval) checks the manager's PIN on the
background runner, in its own unit of work (wrong PINs count toward the lockout). Then
`action(session, actor, approval)` runs as the signed-in actor, in one transaction; the service
verifies the manager's token (bound to what the Decision names) and writes as that manager, so the
audit names who approved and the reason they typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QWidget

from storepos.i18n import _
from storepos.services.base.work import Actor, WorkSession
from storepos.services.staff.approvals import Approval
from storepos.ui.shell.context import AppContext
from storepos.ui.widgets.approval_dialog import request_approval
from storepos.ui.widgets.decision import Decision

T = TypeVar("T")


def run_approved(parent: QWidget, context: AppContext, what: Decision,
                 action: Callable[[WorkSession, Actor, Approval], T], on_ok: Callable[[T], None],
                 on_err: Callable[[Exception], None], on_cancel: Callable[[], None]) -> QDialog | None:
    """Ask for a manager's approval (non-blocking), then run `action` with it."""
    actor = context.actor
    if actor is None:
        on_err(RuntimeError(_("Nobody is signed in.")))
        return None

    def approved(approval: Approval) -> None:
        context.runner.run(
            lambda: context.counter.run(actor, lambda s, a: action(s, a, approval)),
            on_ok, on_err)

    dialog = request_approval(parent, context, what, approved, on_cancel)
    if dialog is not None and actor.is_manager:
        dialog.number.setText(actor.employee_number)  # the signed-in manager types their PIN
        dialog.focus_field("pin")
    return dialog
