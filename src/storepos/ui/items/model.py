"""Table model over the orders that hold the scanned item (plain rows, already worded)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storepos.i18n import N_, _
from storepos.ui.widgets.rows_model import RowsTableModel


@dataclass(frozen=True, slots=True)
class ItemOrderRow:
    number: str
    customer: str
    placed_on: str
    quantity: int
    returned: str  # "" or "1 of 2 back"


class ItemOrdersModel(RowsTableModel):
    HEADERS = (N_("Order"), N_("Customer"), N_("Placed"), N_("Qty"), N_("Returned"))
    RIGHT_ALIGNED = frozenset({3})
    KEY = "number"

    def __init__(self, rows: list[Any] | None = None) -> None:
        super().__init__(rows, headers=tuple(_(h) for h in self.HEADERS))  # the screen's language

    def cells(self, row: ItemOrderRow) -> tuple[str, ...]:
        return (row.number, row.customer, row.placed_on, str(row.quantity), row.returned)
