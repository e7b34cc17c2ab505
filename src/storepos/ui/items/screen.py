"""A product scanned at home (its barcode, or the SKU of a variant with none): the item and the
recent orders that hold it; choosing one opens it as a return (`navigate("returns", ...)` with
its number and the customer's last name). No home button: it opens from a scan."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout

from storepos.i18n import N_
from storepos.i18n.formats import day, money
from storepos.services.base.reader import reader_locale
from storepos.services.items import api
from storepos.ui.items.model import ItemOrdersModel
from storepos.ui.items.presenter import ItemPresenter
from storepos.ui.items.view import ItemView
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen


class ItemScreen(Screen):
    name = "item"
    title = N_("Item")
    on_home = False

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        place = context.place
        self.model = ItemOrdersModel()
        self.view = ItemView(self.model)
        self.presenter = ItemPresenter(
            self.view, context.run, api,
            money=lambda value: money(value, place.currency, reader_locale(place.locale)),
            day=lambda value: day(value, reader_locale(place.locale)))
        self.view.sig_open.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _open(self, row: int) -> None:
        chosen = self.model.row_at(row)
        self.context.navigate("returns", order_number=chosen.number, last_name=chosen.customer)

    def on_enter(self, **kwargs: Any) -> None:
        code = kwargs.get("code")
        if code:
            self.presenter.enter(str(code))

    def demo_kwargs(self, session: Any, actor: Any) -> dict[str, Any]:
        """For docs/make_screenshots.py: a demo item that is in several orders."""
        return api.demo_item(session, actor)
