"""Table model over plain pickup lines (already worded and formatted in the store's locale)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex

LATE = QColor("#a40000")


@dataclass(frozen=True, slots=True)
class PickupLine:
    number: str
    order_number: str
    customer: str
    status: str  # in words: "Ready", "Overdue, 3 days"
    arrived: str
    hold_until: str
    to_pay: str  # "" when nothing is due
    late: bool = False


class PickupsTableModel(QAbstractTableModel):
    HEADERS = ("Pickup", "Order", "Customer", "Status", "Arrived", "Hold until", "To pay")
    _RIGHT = {6}

    def __init__(self, lines: list[PickupLine] | None = None) -> None:
        super().__init__()
        self._lines: list[PickupLine] = list(lines or [])

    def set_lines(self, lines: list[PickupLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line_at(self, row: int) -> PickupLine:
        return self._lines[row]

    def row_of(self, number: str) -> int:
        return next((i for i, line in enumerate(self._lines) if line.number == number), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (line.number, line.order_number, line.customer, line.status, line.arrived,
                    line.hold_until, line.to_pay)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and line.late and index.column() == 3:
            return QBrush(LATE)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
