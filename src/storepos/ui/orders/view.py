"""The demo store's order list: a read-only table until the counter app's workflows land."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storepos.ui.orders.model import OrdersTableModel


class OrdersView(QWidget):
    sig_search = Signal(str)  # text typed (or scanned) + Enter
    sig_refresh = Signal()

    def __init__(self, model: OrdersTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OrdersView")
        base = QFont(self.font())
        base.setPointSize(13)  # read at arm's length
        self.setFont(base)
        self.title = QLabel("Orders")
        font = QFont(self.title.font())
        font.setPointSize(20)
        font.setBold(True)
        self.title.setFont(font)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Order number, e-mail or phone, then Enter")
        self.search.setAccessibleName("Find orders")
        self.search.setMinimumHeight(44)
        self.search.returnPressed.connect(lambda: self.sig_search.emit(self.search.text()))
        self.refresh = QPushButton("Show recent")
        self.refresh.setMinimumHeight(44)
        self.refresh.setAccessibleName("Show the most recent orders")
        self.refresh.clicked.connect(self.sig_refresh.emit)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.refresh)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName("Orders")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        header = self.table.horizontalHeader()
        header.setFont(base)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # the store name takes the slack
        self.table.setAlternatingRowColors(True)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: "working"
        self.busy.setMaximumHeight(6)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(search_row)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.search.clear)
        self.setTabOrder(self.search, self.refresh)
        self.setTabOrder(self.refresh, self.table)

    # --- setters the presenter calls ------------------------------------------------------
    def show_title(self, text: str) -> None:
        self.title.setText(text)

    def show_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.search.setEnabled(not busy)
        self.refresh.setEnabled(not busy)

    def show_status(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def show_error(self, text: str) -> None:
        self.status.setStyleSheet("color: #a40000; font-weight: bold;")
        self.status.setText(text)
