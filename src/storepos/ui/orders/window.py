"""Builds the order-list screen: view, model and presenter wired to the services it is given."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QWidget

from storepos.ui.operations import BackgroundRunner
from storepos.ui.orders.model import OrdersTableModel
from storepos.ui.orders.presenter import Listing, OrdersPresenter
from storepos.ui.orders.view import OrdersView


class OrdersWindow(QMainWindow):
    def __init__(self, recent: Callable[[], Listing], search: Callable[[str], Listing],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("storepos")
        self.model = OrdersTableModel()
        self.view = OrdersView(self.model)
        self.runner = BackgroundRunner(self)
        self.presenter = OrdersPresenter(self.view, self.model.set_rows, self.runner, recent, search)
        self.runner.busy_changed.connect(self.view.show_busy)
        self.view.sig_search.connect(self.presenter.search)
        self.view.sig_refresh.connect(self.presenter.load_recent)
        self.setCentralWidget(self.view)
        self.resize(1024, 768)
        self.presenter.load_recent()
