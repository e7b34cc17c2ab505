"""Find orders: loads off the GUI thread through the signed-in context, shows rows or plain errors.

It reaches the services only through the orders door (`services.orders.api`, an `OrdersDoor`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from storepos.domain.errors import StoreposError
from storepos.services.base.work import Work
from storepos.services.orders.api import OrdersDoor, OrderSummary
from storepos.ui.orders.model import OrderRow


class OrdersViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...


# (session, actor) -> rows, on the worker as AppContext.run takes it
Action = Work[list[OrderRow]]
Run = Callable[[Action, Callable[[list[OrderRow]], None], Callable[[Exception], None]], None]
Money = Callable[[Decimal], str]  # in the store's locale and currency
Day = Callable[[date], str]


def order_rows(orders: Sequence[OrderSummary], money: Money, day: Day) -> list[OrderRow]:
    return [
        OrderRow(number=o.number, customer=o.billing_last_name, channel=o.channel.replace("_", " "),
                 fulfillment=o.fulfillment.replace("_", " "), placed_on=day(o.placed_on),
                 store=o.store_name or "online", items=o.items, paid=money(o.paid))
        for o in orders
    ]


class OrdersPresenter:
    def __init__(self, view: OrdersViewPort, set_rows: Callable[[list[OrderRow]], None], run: Run,
                 door: OrdersDoor, *, money: Money, day: Day) -> None:
        self._view, self._set_rows, self._run, self._door = view, set_rows, run, door
        self._money, self._day = money, day
        self._latest = 0

    def load_recent(self) -> None:
        self._start(lambda s, a: self._rows(self._door.recent(s, a)), "most recent")

    def search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.load_recent()
            return
        self._start(lambda s, a: self._rows(self._door.search(s, a, text)), f"matching “{text}”")

    def _rows(self, orders: Sequence[OrderSummary]) -> list[OrderRow]:
        return order_rows(orders, self._money, self._day)

    def _start(self, action: Action, what: str) -> None:
        self._latest += 1
        token = self._latest
        self._view.show_busy(True)
        self._view.show_status("Loading…")
        self._run(action, lambda rows: self._on_loaded(token, rows, what),
                  lambda exc: self._on_failed(token, exc))

    def _on_loaded(self, token: int, rows: Sequence[OrderRow], what: str) -> None:
        if token != self._latest:
            return
        self._view.show_busy(False)
        self._set_rows(list(rows))
        if rows:
            self._view.show_status(f"{len(rows)} orders, {what}.")
        else:
            self._view.show_error(f"No orders {what}.")

    def _on_failed(self, token: int, exc: Exception) -> None:
        if token != self._latest:
            return
        self._view.show_busy(False)
        if isinstance(exc, StoreposError):
            self._view.show_error(exc.message)
        else:
            self._view.show_error("The orders could not be loaded. Try again.")
