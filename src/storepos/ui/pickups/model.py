"""Table model over plain pickup lines (already worded and formatted in the store's locale)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from storepos.i18n import N_
from storepos.ui.widgets.rows_model import RowsTableModel

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


class PickupsTableModel(RowsTableModel):
    HEADERS = (N_("Pickup"), N_("Order"), N_("Customer"), N_("Status"), N_("Arrived"),
               N_("Hold until"), N_("To pay"))
    RIGHT_ALIGNED = frozenset({6})
    KEY = "number"

    def cells(self, line: PickupLine) -> tuple[str, ...]:
        return (line.number, line.order_number, line.customer, line.status, line.arrived,
                line.hold_until, line.to_pay)

    def decorate(self, line: PickupLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and line.late and column == 3:
            return QBrush(LATE)
        return None
