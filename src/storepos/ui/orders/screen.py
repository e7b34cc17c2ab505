"""Find orders: the order list as a screen of the counter app (by number, e-mail or phone).

Enter on an order opens its return (`navigate("returns", order_number=...)`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout

from storepos.i18n import N_
from storepos.i18n.formats import day, money
from storepos.services.base.reader import reader_locale
from storepos.services.orders import api
from storepos.ui.orders import cancel_screen
from storepos.ui.orders.model import OrdersTableModel
from storepos.ui.orders.presenter import OrdersPresenter
from storepos.ui.orders.view import OrdersView
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen


class OrdersScreen(Screen):
    name = "orders"
    title = N_("Find orders")

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        place = context.place
        self.model = OrdersTableModel()
        self.view = OrdersView(self.model)
        self.presenter = OrdersPresenter(
            self.view, self.model.set_rows, context.run, api,
            money=lambda value: money(value, place.currency, reader_locale(place.locale)),
            day=lambda value: day(value, reader_locale(place.locale)),
        )
        self.view.sig_search.connect(self.presenter.search)
        self.view.sig_refresh.connect(self.presenter.load_recent)
        self.view.sig_open.connect(lambda row: context.navigate(
            "returns", order_number=self.model.row_at(row).number))
        self.cancelling = cancel_screen.CancelOrder(self, context)
        self.view.sig_cancel.connect(lambda row: self.cancelling.start(
            self.model.row_at(row).number))
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
