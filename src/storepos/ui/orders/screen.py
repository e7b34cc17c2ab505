"""Find orders: the order list as a screen of the counter app (by number, e-mail or phone).

Enter on an order opens its return (`navigate("returns", order_number=...)`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QVBoxLayout

from storepos.domain.locale_format import format_date, format_money
from storepos.services.orders.browse import OrderSummary, recent_orders, search_orders
from storepos.ui.orders.model import OrderRow, OrdersTableModel
from storepos.ui.orders.presenter import OrdersPresenter
from storepos.ui.orders.view import OrdersView
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen


def order_rows(orders: list[OrderSummary], locale: str, currency: str) -> list[OrderRow]:
    return [
        OrderRow(number=o.number, customer=o.billing_last_name, channel=o.channel.replace("_", " "),
                 fulfillment=o.fulfillment.replace("_", " "), placed_on=format_date(o.placed_on, locale),
                 store=o.store_name or "online", items=o.items, paid=format_money(o.paid, locale, currency))
        for o in orders
    ]


class OrdersScreen(Screen):
    name = "orders"
    title = "Find orders"

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        place = context.place
        self.model = OrdersTableModel()
        self.view = OrdersView(self.model)

        def recent(session: Any, actor: Any) -> list[OrderRow]:
            return order_rows(recent_orders(session), place.locale, place.currency)

        def search(text: str) -> Callable[[Any, Any], list[OrderRow]]:
            return lambda session, actor: order_rows(search_orders(session, text), place.locale,
                                                     place.currency)

        self.presenter = OrdersPresenter(self.view, self.model.set_rows, context.run, recent, search)
        self.view.sig_search.connect(self.presenter.search)
        self.view.sig_refresh.connect(self.presenter.load_recent)
        self.view.sig_open.connect(lambda row: context.navigate(
            "returns", order_number=self.model.row_at(row).number))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._loaded = False

    def on_enter(self, **kwargs: Any) -> None:
        text = kwargs.get("search")
        if text:
            self.view.search.setText(str(text))
            self.presenter.search(str(text))
        elif not self._loaded:
            self.presenter.load_recent()
        self._loaded = True
        self.view.search.setFocus()
