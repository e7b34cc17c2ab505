"""The sync problems table: plain rows worded by the presenter, kept in place when the same
problems come back (a refresh keeps the selection)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from storepos.i18n import N_
from storepos.ui.widgets.rows_model import RowsTableModel

_KIND_COLOURS = {"quarantine": "#a40000", "over_refund": "#8a4b00", "card_overdraft": "#8a4b00",
                 "notice_failed": "#8a4b00"}


@dataclass(frozen=True, slots=True)
class ProblemRow:
    key: tuple[uuid.UUID, str]  # (event, kind): one problem
    kind: str
    found: str  # when the central side found it, store time
    title: str  # "Refused by the central database"
    till: str  # "TOR1" ("—" when unknown)
    amount: str  # "$20.00 overdrawn", "1 beyond sold", "—"
    what: str  # the central side's sentences


class ProblemsTableModel(RowsTableModel):
    HEADERS = (N_("Found"), N_("Problem"), N_("Till"), N_("Amount"), N_("What happened"))
    KEY = "key"

    def cells(self, row: ProblemRow) -> tuple[str, ...]:
        return (row.found, row.title, row.till, row.amount, row.what)

    def decorate(self, row: ProblemRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 4):
            return self.cells(row)[column]  # cut in the table, whole in the tooltip
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and row.kind in _KIND_COLOURS:
            return QBrush(QColor(_KIND_COLOURS[row.kind]))
        return None
