"""The return's totals as a two-column table: where the money goes, fees, shipping kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from storepos.ui.returns.rows import TotalRow

Index = QModelIndex | QPersistentModelIndex

_MUTED = {"fee", "shipping", "unpaid"}  # amounts that do not go back to the customer


class TotalsModel(QAbstractTableModel):
    HEADERS = ("What", "Amount")

    def __init__(self, rows: list[TotalRow] | None = None) -> None:
        super().__init__()
        self._rows: list[TotalRow] = list(rows or [])

    def set_rows(self, rows: list[TotalRow]) -> None:
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> TotalRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.label if column == 0 else row.amount
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.label}: {row.amount}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.kind in _MUTED:
            return QBrush(QColor("#7a4100"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
