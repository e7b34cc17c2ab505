"""Table model over plain order rows (no ORM objects reach the UI)."""

from __future__ import annotations

from dataclasses import dataclass

from storepos.ui.widgets.rows_model import RowsTableModel


@dataclass(frozen=True, slots=True)
class OrderRow:
    number: str
    customer: str
    channel: str
    fulfillment: str
    placed_on: str
    store: str
    items: int
    paid: str  # already formatted in the store's locale


class OrdersTableModel(RowsTableModel):
    HEADERS = ("Order", "Customer", "Channel", "Fulfilment", "Placed", "Store", "Items", "Paid")
    RIGHT_ALIGNED = frozenset({6, 7})
    KEY = "number"

    def cells(self, row: OrderRow) -> tuple[str, ...]:
        return (row.number, row.customer, row.channel, row.fulfillment, row.placed_on,
                row.store, str(row.items), row.paid)
