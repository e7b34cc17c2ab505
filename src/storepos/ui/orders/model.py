"""Table model over plain order rows (no ORM objects reach the UI)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class OrderRow:
    number: str
    customer: str
    channel: str
    fulfillment: str
    placed_on: str
    store: str
    items: int
    paid: str  # already formatted in the store's locale


class OrdersTableModel(QAbstractTableModel):
    HEADERS = ("Order", "Customer", "Channel", "Fulfilment", "Placed", "Store", "Items", "Paid")
    _RIGHT = {6, 7}

    def __init__(self, rows: list[OrderRow] | None = None) -> None:
        super().__init__()
        self._rows: list[OrderRow] = list(rows or [])

    def set_rows(self, rows: list[OrderRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> OrderRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            row = self._rows[index.row()]
            return (row.number, row.customer, row.channel, row.fulfillment, row.placed_on,
                    row.store, str(row.items), row.paid)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
