"""The warranty screen: view, models and both presenters wired to the signed-in context.

    screen = WarrantyScreen(context)     # works on its own, or in the main window
    screen.on_enter(claim="W-TOR1-000003-1")   # optional: open that claim
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QVBoxLayout

from storepos.domain.vocabulary import Role
from storepos.i18n import N_, _
from storepos.services.staff.approvals import Approval
from storepos.services.warranty.api import WarrantyDoor, WarrantyServices
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen
from storepos.ui.warranty.approval import ask_approval
from storepos.ui.warranty.model import ClaimsTableModel
from storepos.ui.warranty.presenter import WarrantyPresenter
from storepos.ui.warranty.queue_presenter import QueuePresenter
from storepos.ui.warranty.steps import Place
from storepos.ui.warranty.view import WarrantyView
from storepos.ui.widgets.decision import Decision
from storepos.ui.widgets.pdf_save import save_pdf


class WarrantyScreen(Screen):
    name = "warranty"
    title = N_("Warranty claims")
    roles = (Role.CASHIER, Role.MANAGER, Role.STOCK)

    def __init__(self, context: AppContext, api: WarrantyDoor | None = None) -> None:
        super().__init__(context)
        self.claims_model = ClaimsTableModel()
        self.queue_model = ClaimsTableModel((N_("Claim"), N_("Opened"), N_("Item"),
                                             N_("Customer"), N_("Inspection")))
        self.view = WarrantyView(self.claims_model, self.queue_model)
        p = context.place
        place = Place(p.store_name, p.locale, p.currency, p.time_zone)
        api = self.api = api or WarrantyServices()
        self.approval_dialog: QDialog | None = None

        def role() -> Role | None:
            return context.actor.role if context.actor else None

        self.presenter = WarrantyPresenter(self.view, context.run, place, role,
                                           self._go_home, api)
        self.queue = QueuePresenter(
            self.view, context.run, place, role, self._ask_approval,
            lambda done, message: self.presenter.show_decided(done, message, "queue"), api)
        self.presenter.open_queue = self.queue.open
        v, w, q = self.view, self.presenter, self.queue
        v.sig_find_order.connect(w.find_order)
        v.sig_open_from_order.connect(w.open_from_order)
        v.sig_open_from_proof.connect(w.open_from_proof)
        v.sig_open_claim.connect(w.open_claim)
        v.sig_inspection_changed.connect(w.form_changed)
        v.sig_save.connect(w.save)
        v.sig_submit.connect(w.submit)
        v.sig_add_photos.connect(w.attach_photos)
        v.sig_print_ticket.connect(w.print_ticket)
        v.sig_save_report.connect(self._save_report)
        v.sig_repair_done.connect(w.repair_done)
        v.sig_back.connect(w.back)
        v.sig_show_queue.connect(lambda: w.to_queue(None))
        v.sig_queue_selected.connect(q.select)
        v.sig_approve.connect(q.approve)
        v.sig_deny.connect(q.deny)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _save_report(self) -> None:
        number = self.presenter.ticket_number
        if number is None:
            return
        api = self.api
        save_pdf(self, self.context.run, lambda s, a: api.report_pdf(s, a, number),
                 suggested=f"warranty-claim-{number}.pdf",
                 saved=_("The report of claim {number} is saved: {path}").format(
                     number=number, path="{path}"),
                 tell=self.view.show_status, fail=self.view.show_error)

    def _go_home(self) -> None:
        self.context.navigate("home")

    def _ask_approval(self, prompt: Decision, reason: str,
                      on_approved: Callable[[Approval], None]) -> None:
        self.approval_dialog = ask_approval(self, self.context, prompt, on_approved,
                                            reason=reason)

    @property
    def busy(self) -> bool:
        return self.presenter.busy or self.queue.busy

    def on_enter(self, **kwargs: Any) -> None:
        self.presenter.start(kwargs.get("claim"))

    def can_leave(self) -> bool:
        return True  # typed inspections stay as drafts in the presenter until saved
