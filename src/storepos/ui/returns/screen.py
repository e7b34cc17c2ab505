"""The returns and exchanges screen: view, totals model and presenter wired to the AppContext."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QVBoxLayout

from storepos.domain.vocabulary import Role
from storepos.i18n import N_, _
from storepos.i18n.formats import day, money
from storepos.services.base.reader import reader_locale
from storepos.services.returns import api
from storepos.services.staff.approvals import Approval
from storepos.ui.returns.model import TotalsModel
from storepos.ui.returns.presenter import ReturnsPresenter, message_of
from storepos.ui.returns.view import ReturnsView
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen
from storepos.ui.widgets.approval_dialog import (
    request_approval,  # the shared manager prompt
)
from storepos.ui.widgets.decision import Decision
from storepos.ui.widgets.pdf_save import save_pdf


class ReturnsScreen(Screen):
    name = "returns"
    title = N_("Returns and exchanges")
    roles = (Role.CASHIER, Role.MANAGER)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        place = context.place
        self.model = TotalsModel()
        self.view = ReturnsView(self.model)
        self.approval_dialog: Any = None
        self.presenter = ReturnsPresenter(
            self.view, context.run, api,
            # In the language of the moment: the employee's, or the receipt's (`speaking`).
            money=lambda value: money(Decimal(value), place.currency, reader_locale(place.locale)),
            day=lambda value: day(value, reader_locale(place.locale)),
            ask_approval=self._ask_approval,
            navigate=self._navigate,
            store_locale=place.locale,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        v, p = self.view, self.presenter
        v.sig_find.connect(p.find)
        v.sig_order_check.connect(p.set_order_check)
        v.sig_line_included.connect(p.set_included)
        v.sig_line_quantity.connect(p.set_quantity)
        v.sig_line_reason.connect(p.set_reason)
        v.sig_line_check.connect(p.set_check)
        v.sig_line_resolution.connect(p.set_resolution)
        v.sig_line_variant.connect(p.set_exchange_variant)
        v.sig_line_override.connect(p.request_override)
        v.sig_payment.connect(p.set_payment)
        v.sig_complete.connect(p.complete)
        v.sig_confirm.connect(p.confirm)
        v.sig_escape.connect(p.escape)
        v.sig_new_return.connect(p.new_return)
        v.sig_receipt_language.connect(p.set_receipt_language)
        v.sig_mail_back.connect(self._save_mail_back_form)

    def _save_mail_back_form(self, return_id: str) -> None:
        if not return_id:
            return
        save_pdf(self, self.context.run, lambda s, a: api.mail_back_pdf(s, a, return_id),
                 suggested=f"return-form-{return_id}.pdf",
                 saved=_("The mail-back form of Return {number} is saved: {path}").format(
                     number=return_id, path="{path}"),
                 tell=self.view.show_status, fail=self.view.show_error, message_of=message_of)

    def _navigate(self, name: str, **kwargs: Any) -> None:
        self.context.navigate(name, **kwargs)

    def _ask_approval(self, what: Decision, on_approved: Callable[[Approval], None]) -> None:
        if self.approval_dialog is not None:
            self.approval_dialog.raise_()
            return  # one approval at a time
        dialog = request_approval(self, self.context, what, on_approved)
        if dialog is not None:  # it deletes itself once closed
            dialog.finished.connect(lambda _result: setattr(self, "approval_dialog", None))
        self.approval_dialog = dialog

    def on_enter(self, **kwargs: Any) -> None:
        self.presenter.enter(order_number=kwargs.get("order_number"),
                             last_name=kwargs.get("last_name"), return_id=kwargs.get("return_id"))
        if not kwargs:
            self.view.number.setFocus()

    def demo_kwargs(self, session: Any, actor: Any) -> dict[str, Any]:
        """For docs/make_screenshots.py: a demo order with several lines that may come back."""
        return api.demo_order(session, actor)

    def can_leave(self) -> bool:
        return not self.presenter.completing
