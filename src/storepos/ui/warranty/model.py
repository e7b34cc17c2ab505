"""Table model over plain claim lines (worded and formatted by the presenter): the store's claims,
and the managers' queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from storepos.i18n import N_
from storepos.ui.widgets.rows_model import RowsTableModel


@dataclass(frozen=True, slots=True)
class ClaimLine:
    number: str
    opened: str
    item: str
    customer: str
    status: str  # in words; the queue shows the findings here


class ClaimsTableModel(RowsTableModel):
    """The store's claims, or the managers' queue (which names its last column "Findings")."""

    HEADERS = (N_("Claim"), N_("Opened"), N_("Item"), N_("Customer"), N_("Status"))
    KEY = "number"

    def __init__(self, headers: tuple[str, str, str, str, str] | None = None,
                 lines: list[ClaimLine] | None = None) -> None:
        super().__init__(lines, headers=headers)

    def cells(self, line: ClaimLine) -> tuple[str, ...]:
        return (line.number, line.opened, line.item, line.customer, line.status)

    def decorate(self, line: ClaimLine, column: int, role: int) -> Any:
        # Long items and findings are cut in the table; the tooltip has them whole.
        return self.cells(line)[column] if role == Qt.ItemDataRole.ToolTipRole else None
