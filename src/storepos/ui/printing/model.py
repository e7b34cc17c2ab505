"""The print jobs table: plain rows, updated in place when the same jobs come back (a refresh keeps
the selection and the scroll position), reset when the list changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from storepos.i18n import N_
from storepos.ui.widgets.rows_model import RowsTableModel

# By the job's state (a PrintJobStatus value), not by its words.
_STATUS_COLOURS = {"printed": "#0b5a1e", "waiting": "#8a4b00", "failed": "#a40000",
                   "cancelled": "#707070"}


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
    state: str = ""  # the job's status as stored ("waiting" too when it waits for a printer)


class JobsTableModel(RowsTableModel):
    HEADERS = (N_("Time"), N_("Document"), N_("Reference"), N_("Printer"), N_("Status"),
               N_("Tries"), N_("Last problem"))
    RIGHT_ALIGNED = frozenset({5})
    KEY = "job_id"

    def cells(self, row: JobRow) -> tuple[str, ...]:
        return (row.time, row.document, row.reference, row.printer, row.status,
                str(row.attempts), row.error)

    def decorate(self, row: JobRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and row.error:
            return row.error
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.state in _STATUS_COLOURS:
            return QBrush(QColor(_STATUS_COLOURS[row.state]))
        return None
