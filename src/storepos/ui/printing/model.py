"""The print jobs table: plain rows, updated in place when the same jobs come back (a refresh keeps
the selection and the scroll position), reset when the list changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex

_STATUS_COLOURS = {"Printed": "#0b5a1e", "Waiting": "#8a4b00",
                   "Can't print": "#a40000", "Cancelled": "#707070"}


@dataclass(frozen=True, slots=True)
class JobRow:
    job_id: uuid.UUID
    time: str
    document: str
    reference: str
    printer: str
    status: str  # in words: "Printed", "Waiting"
    attempts: int
    error: str  # the last error in words, with the next try


class JobsTableModel(QAbstractTableModel):
    HEADERS = ("Time", "Document", "Reference", "Printer", "Status", "Tries", "Last problem")

    def __init__(self, rows: list[JobRow] | None = None) -> None:
        super().__init__()
        self._rows: list[JobRow] = list(rows or [])

    def set_rows(self, rows: list[JobRow]) -> None:
        rows = list(rows)
        if [r.job_id for r in rows] == [r.job_id for r in self._rows]:
            if rows != self._rows:
                self._rows = rows
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> JobRow:
        return self._rows[row]

    def row_of(self, job_id: uuid.UUID) -> int:
        return next((i for i, r in enumerate(self._rows) if r.job_id == job_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self.HEADERS):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (row.time, row.document, row.reference, row.printer, row.status,
                    str(row.attempts), row.error)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and row.error:
            return row.error
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.status in _STATUS_COLOURS:
            return QBrush(QColor(_STATUS_COLOURS[row.status]))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None
