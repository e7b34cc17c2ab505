"""Table models over plain rows: a card's ledger movements, and the customers a search found."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from storepos.i18n import N_
from storepos.ui.widgets.rows_model import RowsTableModel


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


class LedgerModel(RowsTableModel):
    HEADERS = ("#", N_("When"), N_("Movement"), N_("Amount"), N_("Balance"), N_("Note"))
    RIGHT_ALIGNED = frozenset({0, 3, 4})
    KEY = "entry_id"

    def cells(self, row: LedgerRow) -> tuple[str, ...]:
        return (str(row.seq), row.when, row.what, row.amount, row.balance, row.note)

    def decorate(self, row: LedgerRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and row.note:
            return row.note
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.spends:
            return QBrush(QColor("#a40000"))
        return None


class CustomersModel(RowsTableModel):
    HEADERS = (N_("Customer"), N_("E-mail"), N_("Phone"))
    KEY = "customer_id"

    def cells(self, row: CustomerRow) -> tuple[str, ...]:
        return (row.name, row.email, row.phone)
