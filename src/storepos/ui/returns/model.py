"""The return's totals as a two-column table: where the money goes, fees, shipping kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from storepos.i18n import N_, _
from storepos.ui.returns.rows import TotalRow
from storepos.ui.widgets.rows_model import RowsTableModel

_MUTED = {"fee", "shipping", "unpaid"}  # amounts that do not go back to the customer


class TotalsModel(RowsTableModel):
    HEADERS = (N_("What"), N_("Amount"))
    RIGHT_ALIGNED = frozenset({1})

    def __init__(self, rows: list[Any] | None = None) -> None:
        super().__init__(rows, headers=tuple(_(h) for h in self.HEADERS))  # the screen's language

    def cells(self, row: TotalRow) -> tuple[str, ...]:
        return (row.label, row.amount)

    def decorate(self, row: TotalRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.label}: {row.amount}"
        if role == Qt.ItemDataRole.ForegroundRole and row.kind in _MUTED:
            return QBrush(QColor("#7a4100"))
        return None
