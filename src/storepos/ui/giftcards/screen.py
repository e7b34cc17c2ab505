"""The gift card and store credit screen: view, presenter and the cards door, wired to the app.

    context.navigate("giftcards", number="G-TOR1-000001-8")    # a scanned card's balance
    context.navigate("giftcards", customer="ana@example.ca")    # a customer's store credit
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QDialog, QVBoxLayout

from storepos.domain.vocabulary import Role
from storepos.i18n import N_
from storepos.services.base.work import Actor, Work, WorkSession
from storepos.services.cards.api import CardsDoor, CardsServices, demo_card
from storepos.services.staff.approvals import Approval
from storepos.ui.giftcards.approval import run_approved
from storepos.ui.giftcards.presenter import Formats, GiftCardsPresenter
from storepos.ui.giftcards.view import GiftCardsView
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen
from storepos.ui.widgets.decision import Decision

T = TypeVar("T")


class GiftCardsScreen(Screen):
    name = "giftcards"
    title = N_("Gift cards and store credit")
    roles = (Role.CASHIER, Role.MANAGER)  # stock staff don't take payments

    def __init__(self, context: AppContext, door: CardsDoor | None = None) -> None:
        super().__init__(context)
        self.view = GiftCardsView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        place = context.place
        self.approval_dialog: QDialog | None = None  # the last one asked for (tests read it)
        alive = {"yes": True}  # a reply that comes back after the screen is gone is dropped
        self.destroyed.connect(lambda *_: alive.update(yes=False))

        def run(action: Work[T], ok: Callable[[T], None], err: Callable[[Exception], None]) -> None:
            context.run(action, lambda r: ok(r) if alive["yes"] else None,
                        lambda e: err(e) if alive["yes"] else None)

        self.presenter = GiftCardsPresenter(
            self.view, door or CardsServices(), run,
            Formats(place.locale, place.currency, place.time_zone), self._run_approved,
        )
        v, p = self.view, self.presenter
        v.sig_check.connect(p.check)
        v.sig_ask_sale.connect(p.ask_sale)
        v.sig_confirm_sale.connect(p.confirm_sale)
        v.sig_cancel_sale.connect(p.cancel_sale)
        v.sig_redeem_card.connect(p.redeem_card)
        v.sig_find_customer.connect(p.find_customer)
        v.sig_customer_chosen.connect(p.choose_customer)
        v.sig_redeem_credit.connect(p.redeem_credit)
        v.sig_correct.connect(p.correct)

    def _run_approved(self, what: Decision, action: Callable[[WorkSession, Actor, Approval], T],
                      ok: Callable[[T], None], err: Callable[[Exception], None],
                      cancel: Callable[[], None]) -> None:
        self.approval_dialog = run_approved(self, self.context, what, action, ok, err, cancel)

    def on_enter(self, **kwargs: Any) -> None:
        number, customer = kwargs.get("number"), kwargs.get("customer")
        if number or customer:
            self.presenter.enter(number=number, customer=customer)
        self.view.focus_first()

    def demo_kwargs(self, session: Any, actor: Any) -> dict[str, Any]:
        """For docs/make_screenshots.py: a demo gift card this till sold, with money left on it."""
        number = demo_card(session, actor)
        return {"number": number} if number else {}
