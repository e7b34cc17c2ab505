"""The catalogue of audit events: every kind a till records, and what each one's details carry.

An event's kind is its `action` on the wire (AuditEvent.action, the outbox entry, the central
events table): the StrEnum values below are those exact strings, so nothing stored changes. The
central side applies events by kind (storepos.central.apply); the till reads its own pending ones
back (gift card redemptions, sync problems).

Payloads are listed as recorded, before `services.base.journal` stores them as JSON (money
Decimal becomes "12.50", ids and dates strings, enums their values). Keys marked NotRequired are
present only when they apply. (No `from __future__ import annotations` here: TypedDict must
see NotRequired to tell the optional keys.)
"""

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NotRequired, TypedDict


class EventKind(StrEnum):
    # staff
    PIN_REFUSED = "auth.pin_refused"
    LOCKED = "auth.locked"
    SIGNED_IN = "auth.signed_in"
    SIGN_IN_REFUSED = "auth.sign_in_refused"
    UNLOCKED = "auth.unlocked"
    APPROVAL_USED = "auth.approval_used"
    APPROVAL_REFUSED = "auth.approval_refused"
    # returns
    RETURN_OVERRIDE = "return.override"
    RETURN_COMPLETED = "return.completed"
    # an online order cancelled at the counter before dispatch (its refund is a return.completed)
    ORDER_CANCELLED = "order.cancelled"
    # gift cards and store credit (ledger.<LedgerKind>)
    ACCOUNT_OPENED = "value_account.opened"
    LEDGER_ISSUE = "ledger.issue"
    LEDGER_REDEEM = "ledger.redeem"
    LEDGER_CREDIT = "ledger.credit"
    LEDGER_CORRECTION = "ledger.correction"
    # pickups
    PICKUP_REGISTERED = "pickup.registered"
    PICKUP_ARRIVED = "pickup.arrived"
    PICKUP_READY = "pickup.ready"
    PICKUP_NOTIFIED = "pickup.notified"
    PICKUP_SENT_BACK = "pickup.sent_back"
    PICKUP_COLLECTED = "pickup.collected"
    # warranty
    WARRANTY_OPENED = "warranty.opened"
    WARRANTY_INSPECTED = "warranty.inspected"
    WARRANTY_PHOTO_ADDED = "warranty.photo_added"
    WARRANTY_SUBMITTED = "warranty.submitted"
    WARRANTY_APPROVED = "warranty.approved"
    WARRANTY_DENIED = "warranty.denied"
    WARRANTY_REPAIRED = "warranty.repaired"
    # sync
    SYNC_PROBLEM_RESOLVED = "sync_problem.resolved"
    # this till's printers (audit only: the central side keeps the record)
    PRINTER_ADDED = "printer.added"
    PRINTER_CHANGED = "printer.changed"
    PRINTER_REMOVED = "printer.removed"
    PRINTER_ROUTED = "printer.routed"
    # the till's day: the float, each cash movement, the close (domain.till_day)
    DAY_OPENED = "till_day.opened"
    CASH_MOVED = "till_day.cash_moved"
    DAY_CLOSED = "till_day.closed"

    @property
    def family(self) -> str:
        """The word before the dot ("ledger"): the central side applies some kinds by family."""
        return self.value.split(".", 1)[0]

    @classmethod
    def ledger(cls, ledger_kind: str) -> "EventKind":
        """The event for one ledger entry kind (LedgerKind.REDEEM -> ledger.redeem)."""
        return cls(f"ledger.{ledger_kind}")


# Every ledger entry's event: a card's balance moved (a central overdraft is a card problem).
LEDGER_EVENTS = tuple(kind for kind in EventKind if kind.family == "ledger")


# -- payloads -----------------------------------------------------------------------------------

class PinRefused(TypedDict):
    """auth.pin_refused and auth.locked (the wrong PIN that locked the employee out)."""
    purpose: str
    attempt: int
    locked_until: datetime | None


class SignedIn(TypedDict):
    role: str


class SignInRefused(TypedDict):
    """A right PIN at a till the employee may not use (another store's, not a district manager)."""
    reason: str
    home_store_id: str


class Unlocked(TypedDict):
    number: str


class ApprovalUsed(TypedDict):
    """A manager's approval token spent on the action in the same transaction (approved_by set)."""
    purpose: str
    subject: str
    manager_number: str
    district: bool  # a district manager approved at a store not their own


class ApprovalRefused(TypedDict):
    """An approval a service would not take: forged, replayed, expired, self-given, other store."""
    purpose: str
    subject: str
    manager_number: str
    refused: str  # the sentence the employee saw


class ReturnOverride(TypedDict):
    """A manager allowed a line the policy did not (approved_by and reason on the event)."""
    return_number: str
    line_no: int
    resolution: str
    allowed: list[str]
    manager: str


class ReturnLine(TypedDict):
    line_no: int
    quantity: int
    resolution: str
    value: Decimal
    restocking_fee: Decimal


class TenderMoved(TypedDict):
    kind: str
    amount: Decimal
    label: str


class ReturnCompleted(TypedDict):
    return_number: str
    order_number: str
    policy: str
    lines: list[ReturnLine]
    refunds: list[TenderMoved]
    collected: list[TenderMoved]
    shipping_not_refunded: Decimal
    line_holds: NotRequired[dict[str, str]]  # order line id -> central line hold, consumed on push
    # Cash handed over less the exact cash refunded / collected (CAD, AUD round cash to 5 cents);
    # present when not zero. The refunds and collected above stay exact.
    cash_rounding: NotRequired[Decimal]
    collected_rounding: NotRequired[Decimal]


class OrderCancelled(TypedDict):
    """order.cancelled: the central claim it settles, and the refund document (a return)."""
    cancellation_id: uuid.UUID
    order_id: uuid.UUID
    order_number: str
    return_id: uuid.UUID
    return_number: str
    policy: str
    fee: Decimal
    refunded: Decimal
    claimed: bool  # False: the till had no central side to claim from (its own rule decided)


class AccountOpened(TypedDict):
    kind: str  # AccountKind
    number: str
    customer_id: uuid.UUID | None


class LedgerMoved(TypedDict):
    """ledger.issue / redeem / credit / correction: one ledger entry (reason on the event)."""
    number: str
    seq: int
    amount: Decimal
    balance_after: Decimal
    return_id: uuid.UUID | None
    order_id: uuid.UUID | None
    corrects_entry_id: uuid.UUID | None
    hold_id: NotRequired[uuid.UUID]  # a central hold, captured when the entry syncs
    # Where added value came from (domain.card_value): kind, then the tender, return, claim,
    # manager or cap it went over; the central side refuses added value without it.
    source: NotRequired[dict[str, str]]


class PickupRegistered(TypedDict):
    number: str
    order_number: str


class PickupArrived(TypedDict):
    number: str
    hold_until: date | None


class PickupReady(TypedDict):
    number: str


class PickupNotified(TypedDict):
    number: str
    how: str  # NotifyChannel
    note: str
    reminder: bool


class PickupSentBack(TypedDict):
    number: str
    hold_until: date | None
    days_overdue: int


class PickupCollected(TypedDict):
    number: str
    order_number: str
    received_on: date
    id_name_matched: bool
    amount_due: Decimal
    payments: list[TenderMoved]
    manager: str | None  # a manager's override of the ID check (approved_by and reason too)
    cash_rounding: NotRequired[Decimal]  # cash taken less the exact cash payment, when not zero


class WarrantyOpened(TypedDict):
    """From an order line, or from a proof of purchase when the order is not in the system."""
    number: str
    order_number: NotRequired[str]
    line_no: NotRequired[int]
    proof_of_purchase: NotRequired[str]
    item: NotRequired[str]


class WarrantyInspected(TypedDict):
    number: str
    defect_category: str
    defect_confirmed: bool
    wear_and_tear: bool
    misuse: bool


class WarrantyPhotoAdded(TypedDict):
    number: str
    photo_id: uuid.UUID
    filename: str
    media_type: str
    bytes: int


class WarrantyNumber(TypedDict):
    """warranty.submitted and warranty.repaired."""
    number: str


class WarrantyDecided(TypedDict):
    """warranty.approved / denied (approved_by and reason on the event); an approval adds what
    its outcome moved: a refund's return, a replacement, or the store credit."""
    number: str
    outcome: str | None  # Resolution; None when denied
    allowed: list[str]
    reasons: list[str]  # the policy's sentences in the contract's English
    # The same reasons as codes (policy.reasons.explanation_to_json): the ticket words them in its
    # reader's language. Absent when the policy gave no codes (no order on file).
    why: NotRequired[list[dict[str, Any]]]
    overridden: bool
    manager: str
    return_number: NotRequired[str]
    refunded: NotRequired[Decimal]
    refunds: NotRequired[list[TenderMoved]]
    replacement: NotRequired[str]
    replacement_variant_id: NotRequired[uuid.UUID]
    gift_card_number: NotRequired[str]
    gift_card_amount: NotRequired[Decimal]
    gift_card_account_id: NotRequired[uuid.UUID]


class SyncProblemResolved(TypedDict):
    """A manager's decision on a sync problem (approved_by and reason on the event)."""
    event_id: uuid.UUID
    kind: str  # ProblemKind
    outcome: str
    outcome_words: str
    manager_number: str
    manager_name: str
    problem: str


class PrinterSet(TypedDict):
    """printer.added / printer.changed: the printer as it now is (`was`: before a change)."""
    name: str
    model: str
    connection: str
    default: bool
    was: NotRequired[dict[str, Any]]


class PrinterRemoved(TypedDict):
    name: str
    model: str
    connection: str


class PrinterRouted(TypedDict):
    """Which printer a class of documents (receipts, slips, reports) goes to now; "" follows the
    receipts."""
    document: str
    printer: str
    was: str


class DayOpened(TypedDict):
    """A till's day opened with its float counted by denomination ({"20.00": 5, ...})."""
    business_date: date
    currency: str
    float: Decimal
    counts: dict[str, int]


class CashMoved(TypedDict):
    """Cash into or out of the drawer (amount signed as the drawer sees it), with the action that
    moved it; paid in and paid out carry the manager on the event (approved_by, reason)."""
    business_date: date
    kind: str  # domain.till_day.Movement
    amount: Decimal  # the cash that moved, rounded to the currency's smallest coin
    reference: str
    # The exact amount owed (signed as amount is) and amount less it (CAD, AUD: cash rounds to 5
    # cents, a 12.47 refund pays 12.45: amount -12.45, owed -12.47, rounding 0.02).
    owed: NotRequired[Decimal]
    rounding: NotRequired[Decimal]
    currency: NotRequired[str]


class DayClosed(TypedDict):
    """The count at close (approved_by and reason on the event when a manager approved a
    variance over the threshold)."""
    business_date: date
    currency: str
    float: Decimal
    expected: Decimal
    counted: Decimal
    variance: Decimal
    counts: dict[str, int]
    movements: dict[str, Decimal]  # Movement -> signed total
    threshold: Decimal
    cash_rounding: NotRequired[Decimal]  # the movements' rounding, already in them


PAYLOADS: dict[EventKind, type[Any]] = {
    EventKind.PIN_REFUSED: PinRefused,
    EventKind.LOCKED: PinRefused,
    EventKind.SIGNED_IN: SignedIn,
    EventKind.SIGN_IN_REFUSED: SignInRefused,
    EventKind.UNLOCKED: Unlocked,
    EventKind.APPROVAL_USED: ApprovalUsed,
    EventKind.APPROVAL_REFUSED: ApprovalRefused,
    EventKind.RETURN_OVERRIDE: ReturnOverride,
    EventKind.RETURN_COMPLETED: ReturnCompleted,
    EventKind.ORDER_CANCELLED: OrderCancelled,
    EventKind.ACCOUNT_OPENED: AccountOpened,
    EventKind.LEDGER_ISSUE: LedgerMoved,
    EventKind.LEDGER_REDEEM: LedgerMoved,
    EventKind.LEDGER_CREDIT: LedgerMoved,
    EventKind.LEDGER_CORRECTION: LedgerMoved,
    EventKind.PICKUP_REGISTERED: PickupRegistered,
    EventKind.PICKUP_ARRIVED: PickupArrived,
    EventKind.PICKUP_READY: PickupReady,
    EventKind.PICKUP_NOTIFIED: PickupNotified,
    EventKind.PICKUP_SENT_BACK: PickupSentBack,
    EventKind.PICKUP_COLLECTED: PickupCollected,
    EventKind.WARRANTY_OPENED: WarrantyOpened,
    EventKind.WARRANTY_INSPECTED: WarrantyInspected,
    EventKind.WARRANTY_PHOTO_ADDED: WarrantyPhotoAdded,
    EventKind.WARRANTY_SUBMITTED: WarrantyNumber,
    EventKind.WARRANTY_APPROVED: WarrantyDecided,
    EventKind.WARRANTY_DENIED: WarrantyDecided,
    EventKind.WARRANTY_REPAIRED: WarrantyNumber,
    EventKind.SYNC_PROBLEM_RESOLVED: SyncProblemResolved,
    EventKind.PRINTER_ADDED: PrinterSet,
    EventKind.PRINTER_CHANGED: PrinterSet,
    EventKind.PRINTER_REMOVED: PrinterRemoved,
    EventKind.PRINTER_ROUTED: PrinterRouted,
    EventKind.DAY_OPENED: DayOpened,
    EventKind.CASH_MOVED: CashMoved,
    EventKind.DAY_CLOSED: DayClosed,
}
"""What each kind's details carry (a test checks every kind has one, and each recorded event's
details have exactly its keys)."""
