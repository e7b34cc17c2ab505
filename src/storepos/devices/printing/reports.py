"""The PDF documents' model: mail-back return form, warranty claim report, end-of-day report.

Plain frozen dataclasses (no reportlab here); `pdf.py` draws them. Totals by tender and by reason
are computed here, from the rows, so the report and its chart can never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from storepos.devices.printing.documents import Header, Item, TenderLine
from storepos.domain.money import ZERO


@dataclass(frozen=True)
class MailBackReturnForm:
    """Printed for a customer who sends a return back by post (A4 or Letter)."""

    kind = "mail_back_return_form"
    header: Header
    return_id: str
    order_number: str
    items: tuple[Item, ...]
    customer: str
    customer_address: str = ""  # "\n" between lines
    return_by: date | None = None
    instructions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Photo:
    filename: str
    media_type: str  # image/jpeg, image/png
    content: bytes
    caption: str = ""


@dataclass(frozen=True)
class WarrantyClaimReport:
    kind = "warranty_claim_report"
    header: Header
    claim_number: str
    item: Item
    customer: str
    order_number: str = ""
    purchased_on: date | None = None
    proof_of_purchase: str = ""
    defect: str = ""
    description: str = ""
    findings: tuple[str, ...] = ()
    defect_confirmed: bool = False
    wear_and_tear: bool = False
    misuse: bool = False
    inspected_by: str = ""
    status: str = "open"
    outcome: str = ""
    decided_by: str = ""
    decision_reason: str = ""
    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True)
class ReturnRow:
    """One completed return of the day."""

    at: datetime  # timezone-aware
    return_id: str
    employee: str
    reason: str  # vocabulary.Reason value of the main line
    tenders: tuple[TenderLine, ...]
    items: int = 1
    restocking_fee: Decimal = ZERO
    till: str = ""

    @property
    def amount(self) -> Decimal:
        return sum((t.amount for t in self.tenders), ZERO)


@dataclass(frozen=True)
class EndOfDayReturnsReport:
    kind = "end_of_day_returns_report"
    header: Header  # `when` is when the report was run
    business_date: date
    rows: tuple[ReturnRow, ...]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), ZERO)

    @property
    def restocking_fees(self) -> Decimal:
        return sum((row.restocking_fee for row in self.rows), ZERO)

    def by_tender(self) -> list[tuple[str, int, Decimal]]:
        """(tender kind, refunds, amount), largest amount first."""
        counts: dict[str, int] = defaultdict(int)
        amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.rows:
            for tender in row.tenders:
                counts[tender.kind] += 1
                amounts[tender.kind] += tender.amount
        return sorted(((k, counts[k], amounts[k]) for k in counts), key=lambda r: (-r[2], r[0]))

    def by_reason(self) -> list[tuple[str, int, Decimal]]:
        """(reason, returns, amount), largest amount first."""
        counts: dict[str, int] = defaultdict(int)
        amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.rows:
            counts[row.reason] += 1
            amounts[row.reason] += row.amount
        return sorted(((k, counts[k], amounts[k]) for k in counts), key=lambda r: (-r[2], r[0]))
