"""A scanned product: what it is, its policy tags, and the orders that hold it (Enter or a
double-click on one opens it as a return). No logic here."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from storepos.i18n import _
from storepos.ui.items.model import ItemOrdersModel
from storepos.ui.items.presenter import ItemText
from storepos.ui.style import set_role
from storepos.ui.widgets.labels import MessageLine
from storepos.ui.widgets.rows_table import rows_table


class ItemView(QWidget):
    sig_open = Signal(int)  # a row of the orders table chosen

    def __init__(self, model: ItemOrdersModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ItemView")
        self.model = model
        self.title = QLabel("")
        set_role(self.title, "title")
        self.title.setWordWrap(True)
        self.title.setAccessibleName(_("Item"))
        self.detail = QLabel("")
        set_role(self.detail, "subtitle")
        self.price = QLabel("")
        set_role(self.price, "money")
        self.price.setAccessibleName(_("Price"))
        self.tags = QLabel("")
        set_role(self.tags, "error")
        self.tags.setAccessibleName(_("Policy tags"))
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.price)
        self.table = rows_table(model, _("Orders holding this item"), stretch=1, row_height=44,
                                table=QTableView())
        self.table.activated.connect(self._open)  # Enter, or a double-click
        self.status = MessageLine(_("Status"), 36)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.detail)
        layout.addWidget(self.tags)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open.emit(index.row())

    # --- setters the presenter calls ------------------------------------------------------
    def show_item(self, text: ItemText) -> None:
        self.title.setText(text.title)
        self.detail.setText(text.detail)
        self.price.setText(text.price)
        self.tags.setText(text.tags)
        self.tags.setVisible(bool(text.tags))
        self.model.set_rows(text.orders)
        self.status.show_status(text.status)
        if text.orders:
            self.table.selectRow(0)
            self.table.setFocus()

    def show_error(self, text: str) -> None:
        self.status.show_error(text)

    def show_status(self, text: str) -> None:
        self.status.show_status(text)
