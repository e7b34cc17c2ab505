"""Table model over plain claim lines (worded and formatted by the presenter): the store's claims,
and the managers' queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class ClaimLine:
    number: str
    opened: str
    item: str
    customer: str
    status: str  # in words; the queue shows the findings here


class ClaimsTableModel(QAbstractTableModel):
    def __init__(self, headers: tuple[str, str, str, str, str] = (
            "Claim", "Opened", "Item", "Customer", "Status"),
            lines: list[ClaimLine] | None = None) -> None:
        super().__init__()
        self.headers = headers
        self._lines: list[ClaimLine] = list(lines or [])

    def set_lines(self, lines: list[ClaimLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line_at(self, row: int) -> ClaimLine:
        return self._lines[row]

    def row_of(self, number: str) -> int:
        return next((i for i, line in enumerate(self._lines) if line.number == number), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            line = self._lines[index.row()]
            return (line.number, line.opened, line.item, line.customer,
                    line.status)[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None
