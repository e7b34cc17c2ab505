"""Find orders: loads off the GUI thread through the signed-in context, shows rows or plain errors.

It reaches the services only through the orders door (`services.orders.api`, an `OrdersDoor`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from storepos.domain.errors import StoreposError
from storepos.i18n import N_, _, ngettext
from storepos.services.base.work import Work
from storepos.services.orders.api import OrdersDoor, OrderSummary
from storepos.ui.orders.model import OrderRow
from storepos.ui.refusals import worded


class OrdersViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...


# (session, actor) -> rows, on the worker as AppContext.run takes it
Action = Work[list[OrderRow]]
Run = Callable[[Action, Callable[[list[OrderRow]], None], Callable[[Exception], None]], None]
Money = Callable[[Decimal], str]  # in the store's locale and currency
Day = Callable[[date], str]


# The order's channel and fulfilment as the table says them (the services give the codes).
CHANNEL_WORDS = {"online": N_("online"), "store": N_("in store")}
FULFILMENT_WORDS = {"ship_to_home": N_("ship to home"), "ship_to_store": N_("ship to store"),
                    "in_store": N_("in store")}


def _word(words: dict[str, str], code: str) -> str:
    known = words.get(code)
    return _(known) if known else code.replace("_", " ")


def order_rows(orders: Sequence[OrderSummary], money: Money, day: Day) -> list[OrderRow]:
    return [
        OrderRow(number=o.number, customer=o.billing_last_name,
                 channel=_word(CHANNEL_WORDS, o.channel),
                 fulfillment=_word(FULFILMENT_WORDS, o.fulfillment), placed_on=day(o.placed_on),
                 store=o.store_name or _("online"), items=o.items, paid=money(o.paid))
        for o in orders
    ]


class OrdersPresenter:
    def __init__(self, view: OrdersViewPort, set_rows: Callable[[list[OrderRow]], None], run: Run,
                 door: OrdersDoor, *, money: Money, day: Day) -> None:
        self._view, self._set_rows, self._run, self._door = view, set_rows, run, door
        self._money, self._day = money, day
        self._latest = 0

    def load_recent(self) -> None:
        self._start(lambda s, a: self._rows(self._door.recent(s, a)), None)

    def search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.load_recent()
            return
        self._start(lambda s, a: self._rows(self._door.search(s, a, text)), text)

    def _rows(self, orders: Sequence[OrderSummary]) -> list[OrderRow]:
        return order_rows(orders, self._money, self._day)

    def _start(self, action: Action, what: str | None) -> None:
        """`what`: the search typed; None for the most recent orders."""
        self._latest += 1
        token = self._latest
        self._view.show_busy(True)
        self._view.show_status(_("Loading…"))
        self._run(action, lambda rows: self._on_loaded(token, rows, what),
                  lambda exc: self._on_failed(token, exc))

    def _on_loaded(self, token: int, rows: Sequence[OrderRow], what: str | None) -> None:
        if token != self._latest:
            return
        self._view.show_busy(False)
        self._set_rows(list(rows))
        n = len(rows)
        if what is None and rows:
            self._view.show_status(ngettext("{n} order, most recent.", "{n} orders, most recent.",
                                            n).format(n=n))
        elif rows:
            self._view.show_status(ngettext("{n} order, matching “{text}”.",
                                            "{n} orders, matching “{text}”.", n).format(n=n,
                                                                                       text=what))
        elif what is None:
            self._view.show_error(_("No orders yet."))
        else:
            self._view.show_error(_("No orders matching “{text}”.").format(text=what))

    def _on_failed(self, token: int, exc: Exception) -> None:
        if token != self._latest:
            return
        self._view.show_busy(False)
        if isinstance(exc, StoreposError):
            self._view.show_error(worded(exc))
        else:
            self._view.show_error(_("The orders could not be loaded. Try again."))
