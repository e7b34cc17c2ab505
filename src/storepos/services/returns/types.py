"""What the counter asks a return to do, and what a completed return hands back for the receipt.

Plain frozen dataclasses only: the UI builds a `ReturnRequest`, the returns service answers with a
`ReturnPlan` (preview) or a `ReturnSummary` (completed), both readable after the session closes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from storepos.domain.money import ZERO
from storepos.domain.policy import Condition, Inspection
from storepos.domain.policy.reasons import Explanation
from storepos.domain.vocabulary import Reason, Resolution, TenderKind
from storepos.services.staff.approvals import Approval


@dataclass(frozen=True, slots=True)
class LineRequest:
    """One order line coming back: how many, why, what staff saw, and what the customer wants."""

    line_no: int
    quantity: int
    reason: Reason
    condition: Condition
    resolution: Resolution  # refund, exchange or store_credit
    inspection: Inspection | None = None  # for a defect: the staff finding
    exchange_variant_id: uuid.UUID | None = None  # the other size or colour, same style
    override: Approval | None = None  # a manager's yes when the policy says no


@dataclass(frozen=True, slots=True)
class Payment:
    """Money the customer pays toward an exchange that costs more. Cards: brand + last four only."""

    kind: TenderKind
    amount: Decimal
    card_brand: str | None = None
    card_last4: str | None = None
    account_number: str | None = None  # the gift card or store credit number
    reference: str | None = None  # authorisation, cheque number ...


@dataclass(frozen=True, slots=True)
class ReturnRequest:
    lines: tuple[LineRequest, ...]
    order_id: uuid.UUID | None = None  # from order_lookup
    return_number: str | None = None  # or complete a `requested` Return by its Return ID
    customer_id: uuid.UUID | None = None  # store credit for an order with no customer on file
    payments: tuple[Payment, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class PlannedLine:
    """The policy's decision on one line and what the chosen resolution is worth."""

    order_line_id: uuid.UUID
    line_no: int
    description: str
    upc: str
    colour: str
    size: str
    variant_id: uuid.UUID
    quantity: int
    reason: Reason
    resolution: Resolution
    allowed: tuple[Resolution, ...]  # what the policy allows (empty: denied)
    reasons: tuple[str, ...]  # the policy's sentences, in the language of the screen that asked
    paid: Decimal  # the returned units' share of what was paid
    restocking_fee: Decimal
    value: Decimal  # paid - fee: refunded, credited, or put toward the exchange
    needs_approval: bool  # outside the policy (or a claim that always needs a manager)
    approval: Approval | None
    restock: bool  # unworn and not faulty: back on this store's shelf
    exchange: PlannedExchange | None = None
    explained: tuple[Explanation, ...] = ()  # the same reasons as codes: worded again for the receipt


@dataclass(frozen=True, slots=True)
class PlannedExchange:
    variant_id: uuid.UUID
    description: str
    upc: str
    unit_price: Decimal
    price_difference: Decimal  # + the customer pays it, - it goes back to them


@dataclass(frozen=True, slots=True)
class TenderMove:
    """Money on one tender: back to the customer, or collected. Cards appear masked: VISA ••••1234."""

    kind: TenderKind
    amount: Decimal
    label: str
    tender_id: uuid.UUID | None = None
    account_id: uuid.UUID | None = None
    account_number: str | None = None  # gift card / store credit (printed masked)
    card_brand: str | None = None
    card_last4: str | None = None


@dataclass(frozen=True, slots=True)
class ReturnPlan:
    order_id: uuid.UUID
    order_number: str
    policy: str
    lines: tuple[PlannedLine, ...]
    refunds: tuple[TenderMove, ...]  # original tenders (account ids known, numbers not yet)
    store_credit: Decimal
    to_collect: Decimal  # exchanges that cost more
    unpaid_not_refunded: Decimal  # the share of "pay offline" tenders: never paid, nothing back
    shipping_charged: Decimal
    shipping_refunded: Decimal

    @property
    def restocking_fee(self) -> Decimal:
        return sum((line.restocking_fee for line in self.lines), ZERO)

    @property
    def needs_approval(self) -> tuple[int, ...]:
        """Line numbers still waiting for a manager's approval."""
        return tuple(ln.line_no for ln in self.lines if ln.needs_approval and not ln.approval)


@dataclass(frozen=True, slots=True)
class SummaryLine:
    line_no: int
    description: str
    upc: str
    colour: str
    size: str
    quantity: int
    reason: Reason
    resolution: Resolution
    value: Decimal  # refunded / credited / put toward the exchange, after the fee
    restocking_fee: Decimal
    reasons: tuple[str, ...]
    short_reasons: tuple[str, ...]  # without the clause citations, for a narrow receipt
    overridden_by: str | None  # the approving manager's name
    override_reason: str | None
    exchange: PlannedExchange | None
    explained: tuple[Explanation, ...] = ()  # the reasons as codes: the receipt words them in its language


@dataclass(frozen=True, slots=True)
class ReturnSummary:
    """Everything a refund or exchange receipt prints; money as Decimal, cards masked."""

    return_id: uuid.UUID
    return_number: str
    order_id: uuid.UUID
    order_number: str
    completed_at: datetime
    store_id: uuid.UUID
    till_prefix: str
    employee_name: str
    customer_name: str
    policy: str
    lines: tuple[SummaryLine, ...]
    refunds: tuple[TenderMove, ...]  # every credit: original tenders and store credit
    collected: tuple[TenderMove, ...]  # paid by the customer toward exchanges
    restocking_fee: Decimal
    shipping_charged: Decimal
    shipping_refunded: Decimal
    unpaid_not_refunded: Decimal
    store_credit_balance: Decimal | None  # after this return, when store credit was given
    # Cash handed over less the exact amount, where cash rounds to 5 cents (CAD, AUD): of the
    # cash given back (12.47 refunded, 12.45 handed: -0.02) and of the cash taken.
    cash_rounding: Decimal = ZERO
    collected_rounding: Decimal = ZERO

    @property
    def money_back(self) -> Decimal:
        return sum((r.amount for r in self.refunds), ZERO)

    @property
    def to_collect(self) -> Decimal:
        return sum((c.amount for c in self.collected), ZERO)

    @property
    def shipping_not_refunded(self) -> Decimal:
        """Shipping the customer paid and does not get back (shown when money goes back)."""
        pays = any(ln.resolution is not Resolution.EXCHANGE for ln in self.lines)
        return self.shipping_charged - self.shipping_refunded if pays else ZERO
