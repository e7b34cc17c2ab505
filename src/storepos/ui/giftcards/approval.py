"""A manager-only action behind the shared manager approval dialog, in one function.

    run_approved(parent, context, what, action, on_ok, on_err, on_cancel)

The shared dialog (ui/widgets/approval_dialog.request_approval) checks the manager's PIN on the
background runner, in its own unit of work (wrong PINs count toward the lockout). Then
`action(session, manager_actor, reason)` runs as the approving manager, in one transaction, so
the audit names who approved and the reason they typed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QWidget

from storepos.domain.vocabulary import Role
from storepos.services.base.work import Actor, WorkSession
from storepos.services.staff.auth import Approval
from storepos.ui.shell.context import AppContext
from storepos.ui.widgets.approval_dialog import request_approval
from storepos.ui.widgets.decision import Decision

T = TypeVar("T")


def manager_actor(actor: Actor, approval: Approval) -> Actor:
    """The signed-in till's actor, acting as the manager who approved."""
    return dataclasses.replace(actor, employee_id=approval.manager_id,
                               employee_number=approval.manager_number,
                               employee_name=approval.manager_name, role=Role.MANAGER)


def run_approved(parent: QWidget, context: AppContext, what: Decision,
                 action: Callable[[WorkSession, Actor, str], T], on_ok: Callable[[T], None],
                 on_err: Callable[[Exception], None], on_cancel: Callable[[], None]) -> QDialog | None:
    """Ask for a manager's approval (non-blocking), then run `action` as that manager."""
    actor = context.actor
    if actor is None:
        on_err(RuntimeError("Nobody is signed in."))
        return None

    def approved(approval: Approval) -> None:
        manager = manager_actor(actor, approval)
        context.runner.run(
            lambda: context.counter.run(manager, lambda s, a: action(s, a, approval.reason)),
            on_ok, on_err)

    dialog = request_approval(parent, context, what, approved, on_cancel)
    if dialog is not None and actor.is_manager:
        dialog.number.setText(actor.employee_number)  # the signed-in manager types their PIN
        dialog.focus_field("pin")
    return dialog
