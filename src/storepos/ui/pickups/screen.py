"""The pickup screen: view, model and presenter wired to the signed-in context.

    screen = PickupsScreen(context)        # works on its own, or in the main window
    screen.on_enter(pickup="P-TOR1-000002-4")   # home passes a scanned code
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QVBoxLayout

from storepos.domain.vocabulary import Role
from storepos.i18n import N_
from storepos.services.pickups.api import PickupsDoor
from storepos.services.staff.approvals import Approval
from storepos.ui.pickups.model import PickupsTableModel
from storepos.ui.pickups.presenter import PickupsPresenter
from storepos.ui.pickups.view import PickupsView
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen
from storepos.ui.warranty.approval import ask_approval
from storepos.ui.warranty.steps import Place
from storepos.ui.widgets.decision import Decision


class PickupsScreen(Screen):
    name = "pickups"
    title = N_("Pickups")
    roles = (Role.CASHIER, Role.MANAGER, Role.STOCK)

    def __init__(self, context: AppContext, api: PickupsDoor | None = None) -> None:
        super().__init__(context)
        self.model = PickupsTableModel()
        self.view = PickupsView(self.model)
        place = context.place
        self.approval_dialog: QDialog | None = None
        self.presenter = PickupsPresenter(
            self.view, context.run, Place(place.store_name, place.locale, place.currency,
                                          place.time_zone),
            lambda: context.actor.role if context.actor else None, self._ask_approval,
            api,
        )
        v, p = self.view, self.presenter
        v.sig_scanned.connect(p.scan)
        v.sig_tab.connect(p.show_tab)
        v.sig_selected.connect(p.select)
        v.sig_mark_ready.connect(p.mark_ready)
        v.sig_notify_clicked.connect(p.open_notify)
        v.sig_notify.connect(p.notify)
        v.sig_notify_cancelled.connect(p.cancel_notify)
        v.sig_hand_over_clicked.connect(p.open_hand_over)
        v.sig_hand_over.connect(p.hand_over)
        v.sig_hand_over_cancelled.connect(p.cancel_hand_over)
        v.sig_send_back.connect(p.send_back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _ask_approval(self, prompt: Decision, on_approved: Callable[[Approval], None]) -> None:
        parent = self.view.hand_over_dialog or self
        self.approval_dialog = ask_approval(parent, self.context, prompt, on_approved)

    def on_enter(self, **kwargs: Any) -> None:
        self.presenter.start(kwargs.get("pickup"))
        self.view.focus_scan()

    def can_leave(self) -> bool:
        return True  # every step is saved as it is taken
