"""Table models over plain rows: a card's ledger movements, and the customers a search found."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One ledger movement as the screen shows it (already formatted in the store's locale)."""

    entry_id: uuid.UUID
    seq: int
    when: str
    what: str
    amount: str  # signed: "+$50.00", "-$20.00"
    balance: str  # the running balance after this movement
    note: str
    spends: bool  # a movement that takes value off (drawn in red)
    correctable: bool  # not a correction itself, not corrected already


@dataclass(frozen=True, slots=True)
class CustomerRow:
    customer_id: uuid.UUID
    name: str
    email: str
    phone: str


class _RowsModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, rows: list[Any] | None = None) -> None:
        super().__init__()
        self._rows: list[Any] = list(rows or [])

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def _valid(self, index: Index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._rows) \
            and 0 <= index.column() < len(self.HEADERS)


class LedgerModel(_RowsModel):
    HEADERS = ("#", "When", "Movement", "Amount", "Balance", "Note")
    _NUMERIC = frozenset({0, 3, 4})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        row: LedgerRow = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (str(row.seq), row.when, row.what, row.amount, row.balance, row.note)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and row.note:
            return row.note
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._NUMERIC:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.spends:
            return QBrush(QColor("#a40000"))
        return None


class CustomersModel(_RowsModel):
    HEADERS = ("Customer", "E-mail", "Phone")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        row: CustomerRow = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (row.name, row.email, row.phone)[index.column()]
        return None
