"""A read-only Qt table over plain rows that a presenter has already worded and formatted.

Each screen's model says only what is its own: the column headers (marked with N_, worded when
shown), what each cell shows
(`cells`), which columns are numbers (right-aligned), and any colour or tooltip (`decorate`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from storepos.i18n import _

Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class RowsTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()
    RIGHT_ALIGNED: frozenset[int] = frozenset()
    # The row attribute that names a row (`row_of`); rows with the same keys in the same order
    # are repainted in place, so a periodic refresh keeps the selection and the scroll position.
    KEY: str | None = None

    def __init__(self, rows: list[Any] | None = None, *, headers: tuple[str, ...] | None = None) -> None:
        super().__init__()
        self.headers = headers if headers is not None else self.HEADERS
        self._rows: list[Any] = list(rows or [])

    # --- what each screen's model says ------------------------------------------------------------
    def cells(self, row: Any) -> tuple[str, ...]:
        raise TypeError(f"{type(self).__name__} must say what its cells show")

    def decorate(self, row: Any, column: int, role: int) -> Any:
        """Colours, tooltips: None when the cell has nothing special for this role."""
        return None

    # --- rows ---------------------------------------------------------------------------------------
    def set_rows(self, rows: list[Any]) -> None:
        rows = list(rows)
        if rows == self._rows:
            return
        if self.KEY and self._keys(rows) == self._keys(self._rows):
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.headers) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _key_of(self, row: Any) -> Any:
        assert self.KEY is not None, f"{type(self).__name__} names no KEY attribute"
        return getattr(row, self.KEY)

    def _keys(self, rows: list[Any]) -> list[Any]:
        return [self._key_of(r) for r in rows]

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, key: Any) -> int:
        """The row whose KEY attribute is `key`, or -1."""
        return next((i for i, r in enumerate(self._rows) if self._key_of(r) == key), -1)

    # --- Qt -------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not (index.isValid() and 0 <= index.row() < len(self._rows)
                and 0 <= index.column() < len(self.headers)):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in _TEXT_ROLES:
            return self.cells(row)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        return self.decorate(row, column, role)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.headers)):
            return _(self.headers[section])  # headers are marked N_() and worded when shown
        return None
