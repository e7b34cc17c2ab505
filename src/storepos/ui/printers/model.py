"""The printers table: one plain row per printer, its status in words and colour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from storepos.i18n import N_
from storepos.ui.widgets.rows_model import RowsTableModel

STATUS_COLUMN = 4
_GOOD, _WARN, _BAD = "#0b5a1e", "#8a4b00", "#a40000"
_TONE_COLOURS = {"good": _GOOD, "warn": _WARN, "bad": _BAD}


@dataclass(frozen=True, slots=True)
class PrinterRow:
    name: str
    model: str  # the model's title
    reached_by: str  # "Network 192.0.2.10, port 9100"
    takes: str  # "Receipts, reports"
    status: str  # "Online", "Paper out", "Checking…"
    tone: str = ""  # "good", "warn", "bad" (from the printer's state, not its words)


class PrintersTableModel(RowsTableModel):
    HEADERS = (N_("Printer"), N_("Model"), N_("Reached by"), N_("Takes"), N_("Status"))
    KEY = "name"

    def cells(self, row: PrinterRow) -> tuple[str, ...]:
        return (row.name, row.model, row.reached_by, row.takes, row.status)

    def decorate(self, row: PrinterRow, column: int, role: int) -> Any:
        if column != STATUS_COLUMN:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = _TONE_COLOURS.get(row.tone)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.status
        return None
