"""Table model over plain order rows (no ORM objects reach the UI)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storepos.i18n import N_, _
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
    HEADERS = (N_("Order"), N_("Customer"), N_("Channel"), N_("Fulfilment"), N_("Placed"),
               N_("Store"), N_("Items"), N_("Paid"))
    RIGHT_ALIGNED = frozenset({6, 7})
    KEY = "number"

    def __init__(self, rows: list[Any] | None = None) -> None:
        super().__init__(rows, headers=tuple(_(h) for h in self.HEADERS))  # the screen's language

    def cells(self, row: OrderRow) -> tuple[str, ...]:
        return (row.number, row.customer, row.channel, row.fulfillment, row.placed_on,
                row.store, str(row.items), row.paid)
