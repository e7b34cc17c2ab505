"""Find orders: a search field and a read-only table; Enter on a row opens its return."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.ui.orders.model import OrdersTableModel
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.labels import MessageLine
from storepos.ui.widgets.rows_table import rows_table


class _OrdersTable(QTableView):
    sig_open = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_open.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)


class OrdersView(QWidget):
    sig_search = Signal(str)  # text typed (or scanned) + Enter
    sig_refresh = Signal()
    sig_open = Signal(int)  # a row chosen (Enter or double-click)
    sig_cancel = Signal(int)  # cancel the selected order (before dispatch)

    def __init__(self, model: OrdersTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OrdersView")
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Order number, e-mail or phone, then Enter"))
        self.search.setAccessibleName(_("Find orders"))
        self.search.returnPressed.connect(lambda: self.sig_search.emit(self.search.text()))
        self.refresh = TouchButton(_("Show recent"), accessible_name=_("Show the most recent orders"))
        self.refresh.clicked.connect(self.sig_refresh.emit)
        self.cancel_order = TouchButton(_("Cancel order…"),
                                        accessible_name=_("Cancel the selected order"))
        self.cancel_order.clicked.connect(self._cancel)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.refresh)
        search_row.addWidget(self.cancel_order)

        self.table = _OrdersTable()  # the store name takes the slack
        rows_table(model, _("Orders"), stretch=5, row_height=44, table=self.table)
        # At 1024 px the store's whole name matters more than the channel (the fulfilment says it)
        # and the item count (the order shows it).
        self.table.setColumnHidden(2, True)
        self.table.setColumnHidden(6, True)
        self.table.sig_open.connect(self.sig_open.emit)
        self.table.doubleClicked.connect(lambda index: self._open(index))

        self.status = MessageLine(_("Status"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.setTabOrder(self.search, self.refresh)
        self.setTabOrder(self.refresh, self.table)
        self.setTabOrder(self.table, self.cancel_order)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open.emit(index.row())

    def _cancel(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.sig_cancel.emit(index.row())
        else:
            self.status.show_error(_("Choose the order to cancel in the list first."))

    # --- setters the presenter calls ------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        self.refresh.setEnabled(not busy)

    def show_status(self, text: str) -> None:
        self.status.show_status(text)

    def show_error(self, text: str) -> None:
        self.status.show_error(text)
