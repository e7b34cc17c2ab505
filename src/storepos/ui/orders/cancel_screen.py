"""Cancel an order from Find orders: the presenter with its dialog, the manager's approval and
the store's money format wired to the signed-in context (the screen calls `start(number)`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from storepos.i18n import formats
from storepos.services.orders import api
from storepos.services.staff.approvals import Approval
from storepos.ui.orders.cancel_dialog import CancelOrderDialog
from storepos.ui.orders.cancel_presenter import CancelDialogPort, CancelPresenter
from storepos.ui.shell.context import AppContext
from storepos.ui.widgets.approval_dialog import request_approval
from storepos.ui.widgets.decision import Decision


class CancelOrder:
    def __init__(self, parent: QWidget, context: AppContext) -> None:
        self._parent, self._context = parent, context
        self.dialog: CancelOrderDialog | None = None
        self.presenter = CancelPresenter(
            context.run, api,
            money=lambda value, currency: formats.money(value, currency or context.place.currency),
            ask_approval=self._ask_approval, open_dialog=self._open)

    def start(self, number: str) -> None:
        self.presenter.start(number)

    def _open(self) -> CancelDialogPort:
        if self.dialog is not None:
            self.dialog.close()
        dialog = self.dialog = CancelOrderDialog(self._parent)
        dialog.sig_confirm.connect(self.presenter.confirm)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()  # window-modal, nothing waits
        return dialog

    def _closed(self, dialog: CancelOrderDialog) -> None:
        if dialog is self.dialog:
            self.dialog = None
            self.presenter.closed()
        dialog.deleteLater()

    def _ask_approval(self, what: Decision, on_approved: Callable[[Approval], None]) -> None:
        request_approval(self.dialog or self._parent, self._context, what, on_approved)

