"""A manager's approval (number + PIN + reason -> auth.Approval) for the pickup and warranty
screens: the one function they call, over the shared ui/widgets/approval_dialog.py.

The PIN is checked by `context.counter.approve` on the background worker (Argon2 is slow on
purpose, and wrong PINs must count); a refusal keeps the number and reason typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from storepos.ui.widgets.approval_dialog import request_approval
from storepos.ui.widgets.decision import Decision

if TYPE_CHECKING:
    from storepos.services.staff.approvals import Approval
    from storepos.ui.shell.context import AppContext


def ask_approval(parent: QWidget, context: AppContext, prompt: Decision,
                 on_approved: Callable[[Approval], None], *, reason: str = "") -> QDialog | None:
    """Open the approval dialog (window-modal, without blocking); `on_approved` runs once a
    manager's PIN checks out. Returns the dialog (tests fill it in)."""
    return request_approval(parent, context, prompt, on_approved, reason=reason)
