"""The document model: what goes on each receipt and slip, as plain frozen dataclasses.

No Qt, no database, no escpos: the returns, exchange, pickup, warranty and gift-card services fill
these, the print queue stores them as JSON (`to_json` / `from_json`), and the layout turns them into
lines for a printer of any width. Money is Decimal; times are timezone-aware UTC and printed in the
store's zone; cards are brand + last four only.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from storepos.domain.cards import check_last_four, mask_card, refuse_card_number
from storepos.domain.money import ZERO

TENDER_KINDS = ("card", "paypal", "gift_card", "store_credit", "cash", "interac", "cheque",
                "money_order", "pay_offline")


class DocumentKind(StrEnum):
    """Every printed document, by its `kind` (stored with each print job; its dataclass below and
    in DOCUMENT_TYPES is what it carries)."""

    REFUND_RECEIPT = "refund_receipt"
    EXCHANGE_RECEIPT = "exchange_receipt"
    VALUE_CARD_SLIP = "value_card_slip"
    RETURN_SLIP = "return_slip"
    PICKUP_RECEIPT = "pickup_receipt"
    WARRANTY_TICKET = "warranty_ticket"
    TEST_PAGE = "test_page"
    DAY_REPORT = "day_report"


class DocumentError(ValueError):
    """A document that does not add up or holds something that must never be printed."""


@dataclass(frozen=True)
class StoreInfo:
    name: str
    address: str = ""  # lines separated by "\n"
    phone: str = ""
    time_zone: str = "UTC"  # IANA
    locale: str = "en_US"
    currency: str = "USD"
    banner: str = ""  # the chain's name when it differs from the store's
    returns_address: str = ""  # where mailed-back returns go ("\n" between lines)
    website: str = ""
    footer: str = ""  # one closing line, e.g. the returns policy in a sentence


@dataclass(frozen=True)
class Header:
    """Who, where and when: on every document; and the language it is printed in."""

    store: StoreInfo
    when: datetime  # timezone-aware (UTC); printed in the store's zone
    till: str
    employee: str
    # The customer's language for this copy ("fr_CA" while the screen stays English); empty: the
    # store's locale. Stored with the print job, so a reprint comes out in the same language.
    language: str = ""

    def __post_init__(self) -> None:
        if self.when.tzinfo is None:
            raise DocumentError("header time must be timezone-aware")
        if self.language and not _LOCALE.fullmatch(self.language):
            raise DocumentError(f"a document's language is a locale like fr_CA, not "
                                f"{self.language!r}")

    @property
    def locale(self) -> str:
        """The locale the document is worded in: its own language, else the store's."""
        return (self.language or self.store.locale).replace("-", "_")


_LOCALE = re.compile(r"[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*", re.ASCII)


def in_language(document: Any, language: str | None) -> Any:
    """The same document printed in `language` (the counter's language toggle: a French copy for
    the customer while the screen stays English); None or "" leaves the store's."""
    if not language:
        return document
    return dataclasses.replace(document, header=dataclasses.replace(document.header,
                                                                    language=language))


class CopyKind(StrEnum):
    COPY = "copy"  # the queue sent it again: the bytes sent before may have printed
    REPRINT = "reprint"  # staff asked for the document again


@dataclass(frozen=True)
class CopyMark:
    """What a second slip says of itself, on top and at the foot: COPY or REPRINT, and when the
    original was printed. Not part of the document: the print job's own state decides it."""

    kind: CopyKind
    original_at: datetime  # timezone-aware (UTC); printed in the store's zone

    def __post_init__(self) -> None:
        if self.original_at.tzinfo is None:
            raise DocumentError("the original's time must be timezone-aware")


@dataclass(frozen=True)
class Item:
    """One product on a document; `amount` is what this line refunds, costs or is worth."""

    description: str
    sku: str = ""
    size: str = ""
    colour: str = ""
    quantity: int = 1
    amount: Decimal = ZERO
    restocking_fee: Decimal = ZERO
    reason: str = ""  # vocabulary.Reason value (change_of_mind, wrong_size ...)
    decision: str = ""  # vocabulary.Resolution value, or "denied"
    policy_reasons: tuple[str, ...] = ()  # the policy's sentences, printed short
    # The first reasons again as codes (policy_reasons.encode): worded in the document's language
    # when laid out; the rest of policy_reasons (an approval) print as they are.
    policy_codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise DocumentError(f"{self.description}: quantity must be positive")
        for text in (self.description, self.sku, *self.policy_reasons, *self.policy_codes):
            _refuse_card(text)


@dataclass(frozen=True)
class TenderLine:
    """Money moving on one tender; cards show as `VISA ••••1234`, value cards by last four."""

    kind: str
    amount: Decimal
    card_brand: str = ""
    card_last4: str = ""
    account_number: str = ""  # gift card / store credit number (masked when printed)
    reference: str = ""  # cheque number, PayPal id, authorisation ...

    def __post_init__(self) -> None:
        if self.kind not in TENDER_KINDS:
            raise DocumentError(f"unknown tender kind {self.kind!r}")
        if self.card_last4:
            check_last_four(self.card_last4)
        _refuse_card(self.reference)
        _refuse_card(self.card_brand)

    @property
    def is_cash(self) -> bool:
        return self.kind == "cash"


def mask_number(number: str, keep: int = 4) -> str:
    """A gift card or store-credit number as the customer's copy shows it: ••••1234."""
    digits = "".join(c for c in number if c.isalnum())
    return "\u2022\u2022\u2022\u2022" + digits[-keep:]


def tender_label(tender: TenderLine, names: dict[str, str]) -> str:
    if tender.kind == "card" and tender.card_last4:
        return mask_card(tender.card_brand or names.get("card", "Card"), tender.card_last4)
    label = names.get(tender.kind, tender.kind.replace("_", " ").title())
    if tender.account_number:
        return f"{label} {mask_number(tender.account_number)}"
    return label


def _refuse_card(text: str) -> None:
    try:
        refuse_card_number("document", text)
    except ValueError as exc:
        raise DocumentError(str(exc)) from None


def _total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


@dataclass(frozen=True)
class RefundReceipt:
    kind: ClassVar[DocumentKind] = DocumentKind.REFUND_RECEIPT
    header: Header
    return_id: str
    order_number: str
    items: tuple[Item, ...]
    tenders: tuple[TenderLine, ...]
    customer: str = ""
    shipping_refunded: Decimal = ZERO
    shipping_not_refunded: Decimal = ZERO  # shipping the customer paid and does not get back
    unpaid_not_refunded: Decimal = ZERO  # the share of a "pay offline" tender never paid
    note: str = ""
    cancellation: bool = False  # an order cancelled before dispatch: titled so, its fee named so
    # The cash handed over less the cash tender's exact amount, where cash rounds to 5 cents
    # (CAD, AUD: 12.47 refunded in cash, 12.45 handed over: -0.02); the tenders stay exact.
    cash_rounding: Decimal = ZERO

    @property
    def restocking_fee(self) -> Decimal:
        return _total(i.restocking_fee for i in self.items)

    @property
    def items_value(self) -> Decimal:
        return _total(i.amount + i.restocking_fee for i in self.items)

    @property
    def total(self) -> Decimal:
        return _total(i.amount for i in self.items) + self.shipping_refunded

    @property
    def opens_drawer(self) -> bool:
        return any(t.is_cash for t in self.tenders)

    def __post_init__(self) -> None:
        if not self.items:
            raise DocumentError("a refund receipt needs at least one item")
        tendered = _total(t.amount for t in self.tenders)
        if tendered + self.unpaid_not_refunded != self.total:
            raise DocumentError(f"tenders refund {tendered}, the lines add up to {self.total}")
        _refuse_card(self.note)


@dataclass(frozen=True)
class ExchangeReceipt:
    """Items back, other sizes or colours out; lines refunded in the same return print here too.

    It adds up: new items + money refunded + any unpaid share = credit for the items back +
    shipping refunded + money collected.
    """

    kind: ClassVar[DocumentKind] = DocumentKind.EXCHANGE_RECEIPT
    header: Header
    return_id: str
    order_number: str
    returned: tuple[Item, ...]  # amount: the value credited for each line
    issued: tuple[Item, ...]  # amount: the price of each new line (all units)
    collected: tuple[TenderLine, ...] = ()  # paid by the customer toward dearer items
    refunds: tuple[TenderLine, ...] = ()  # back to the customer (tenders, store credit)
    customer: str = ""
    shipping_refunded: Decimal = ZERO
    unpaid_not_refunded: Decimal = ZERO
    note: str = ""
    cash_rounding: Decimal = ZERO  # of the cash refunded (as RefundReceipt's)
    collected_rounding: Decimal = ZERO  # of the cash collected

    @property
    def credit(self) -> Decimal:
        return _total(i.amount for i in self.returned)

    @property
    def charge(self) -> Decimal:
        return _total(i.amount for i in self.issued)

    @property
    def paid_in(self) -> Decimal:
        return _total(t.amount for t in self.collected)

    @property
    def paid_out(self) -> Decimal:
        return _total(t.amount for t in self.refunds)

    @property
    def difference(self) -> Decimal:
        """Positive: the customer pays it; negative: it goes back to them."""
        return self.charge - self.credit - self.shipping_refunded

    @property
    def opens_drawer(self) -> bool:
        return any(t.is_cash for t in (*self.collected, *self.refunds))

    def __post_init__(self) -> None:
        if not self.returned or not self.issued:
            raise DocumentError("an exchange receipt needs returned and issued items")
        settled = self.paid_in - self.paid_out - self.unpaid_not_refunded
        if settled != self.difference:
            raise DocumentError(f"tenders settle {settled}, the difference is {self.difference}")
        _refuse_card(self.note)


@dataclass(frozen=True)
class ValueCardSlip:
    """A gift card issued or topped up, or store credit given: one store copy, one customer copy."""

    kind: ClassVar[DocumentKind] = DocumentKind.VALUE_CARD_SLIP
    header: Header
    account_kind: str  # "gift_card" or "store_credit"
    number: str
    amount: Decimal  # added by this movement
    balance: Decimal  # after it
    customer: str = ""
    return_id: str = ""
    expires_on: date | None = None  # None: never expires
    terms: tuple[str, ...] = ()
    copies: tuple[str, ...] = ("store", "customer")
    # Paid in cash where cash rounds to 5 cents (CAD, AUD): the cash handed over less `amount`
    # (a 10.02 card paid 10.00: -0.02); `amount` stays the value on the card.
    cash_rounding: Decimal = ZERO

    def __post_init__(self) -> None:
        if self.account_kind not in ("gift_card", "store_credit"):
            raise DocumentError(f"unknown account kind {self.account_kind!r}")
        if not self.number or not all(c.isalnum() or c == "-" for c in self.number):
            raise DocumentError("a card number is letters, digits and dashes")
        if set(self.copies) - {"store", "customer"} or not self.copies:
            raise DocumentError("copies are 'store' and/or 'customer'")


@dataclass(frozen=True)
class ReturnSlip:
    """Goes on (or in) the parcel: the Return ID as a barcode and a QR code."""

    kind: ClassVar[DocumentKind] = DocumentKind.RETURN_SLIP
    header: Header
    return_id: str
    order_number: str
    items: tuple[Item, ...]
    customer: str = ""
    ship_to: str = ""  # the returns address, when the parcel is sent on
    instructions: tuple[str, ...] = ()
    qr_data: str = ""  # defaults to the Return ID

    def __post_init__(self) -> None:
        if not self.items:
            raise DocumentError("a return slip needs at least one item")


@dataclass(frozen=True)
class PickupReceipt:
    kind: ClassVar[DocumentKind] = DocumentKind.PICKUP_RECEIPT
    header: Header
    pickup_number: str
    order_number: str
    items: tuple[Item, ...]
    customer: str
    collected_by: str = ""  # when someone else collects for the customer
    id_checked: bool = False
    id_kind: str = ""  # "driver's licence", ...; never the document number
    tenders: tuple[TenderLine, ...] = ()  # paid at pickup (orders submitted unpaid)
    cash_rounding: Decimal = ZERO  # of the cash taken (as RefundReceipt's)

    @property
    def opens_drawer(self) -> bool:
        return any(t.is_cash for t in self.tenders)

    def __post_init__(self) -> None:
        if not self.items:
            raise DocumentError("a pickup receipt needs at least one item")


@dataclass(frozen=True)
class WarrantyTicket:
    kind: ClassVar[DocumentKind] = DocumentKind.WARRANTY_TICKET
    header: Header
    claim_number: str
    item: Item
    customer: str = ""
    order_number: str = ""
    proof_of_purchase: str = ""
    purchased_on: date | None = None
    defect: str = ""  # category
    description: str = ""  # what the customer reports
    findings: tuple[str, ...] = ()  # the inspection
    status: str = "open"  # vocabulary.WarrantyStatus value
    outcome: str = ""  # vocabulary.Resolution value once decided
    decision_reason: str = ""
    next_steps: tuple[str, ...] = ()
    photos: int = 0

    def __post_init__(self) -> None:
        for text in (self.description, self.decision_reason, self.proof_of_purchase,
                     *self.findings):
            _refuse_card(text)


Document = (RefundReceipt | ExchangeReceipt | ValueCardSlip | ReturnSlip | PickupReceipt
            | WarrantyTicket)

DOCUMENT_TYPES: dict[DocumentKind, type] = {
    cls.kind: cls
    for cls in (RefundReceipt, ExchangeReceipt, ValueCardSlip, ReturnSlip, PickupReceipt,
                WarrantyTicket)
}


@dataclass(frozen=True)
class TestPage:
    """The printer test page: its model, every character set the stores use, codes and cut."""

    kind: ClassVar[DocumentKind] = DocumentKind.TEST_PAGE
    header: Header
    printer_name: str
    samples: tuple[str, ...] = field(default=())


DOCUMENT_TYPES[TestPage.kind] = TestPage


@dataclass(frozen=True)
class Tally:
    """One row of a report's totals: what (a code: a tender kind, a reason, a movement), how many,
    how much."""

    key: str
    count: int
    amount: Decimal = ZERO


@dataclass(frozen=True)
class PaidLine:
    """Cash paid in or out by hand: how much (signed), why and the manager who approved it."""

    kind: str  # domain.till_day.Movement value: paid_in / paid_out
    amount: Decimal
    reason: str
    manager: str

    def __post_init__(self) -> None:
        _refuse_card(self.reason)


@dataclass(frozen=True)
class DayReport:
    """The X report (the day so far, nothing closed) or the Z report (the day closed, counted).

    Cash: the float, each kind of movement (signed, as the drawer sees it), what the drawer should
    hold; a Z report adds the count by denomination, counted, the variance and who approved it.
    The rest is the day's business at this till: refunds by tender, returned value by the reason
    of each line, restocking fees, store credit and gift cards issued and redeemed, pickups handed
    over, warranty outcomes."""

    kind: ClassVar[DocumentKind] = DocumentKind.DAY_REPORT
    header: Header
    business_date: date
    closed: bool
    opened: bool  # a float was counted at opening
    float_total: Decimal
    movements: tuple[Tally, ...]  # by Movement, amounts signed
    expected: Decimal
    paid: tuple[PaidLine, ...] = ()
    returns: int = 0
    items: int = 0
    by_tender: tuple[Tally, ...] = ()
    by_reason: tuple[Tally, ...] = ()  # count: items; amount: the lines' value
    restocking_fees: Decimal = ZERO
    cards: tuple[Tally, ...] = ()  # "gift_card.issue", "store_credit.credit", "gift_card.redeem" ...
    pickups: int = 0
    pickups_paid: Decimal = ZERO
    warranty: tuple[Tally, ...] = ()  # outcome (refund, replacement, ..., denied)
    counts: tuple[Tally, ...] = ()  # Z: denomination ("20.00"), pieces, value
    counted: Decimal | None = None
    variance: Decimal | None = None
    variance_limit: Decimal = ZERO
    closed_by: str = ""
    approved_by: str = ""
    approval_reason: str = ""
    closed_at: datetime | None = None
    close_differs: bool = False  # the close row no longer matches its audit entry
    # The movements' cash rounding (CAD, AUD: to 5 cents), signed as the drawer sees it; already
    # in `movements` and `expected`, which hold the cash that moved.
    cash_rounding: Decimal = ZERO

    @property
    def refunded(self) -> Decimal:
        return _total(t.amount for t in self.by_tender)

    def __post_init__(self) -> None:
        _refuse_card(self.approval_reason)
        if self.closed and (self.counted is None or self.variance is None):
            raise DocumentError("a closed day's report carries its count")


DOCUMENT_TYPES[DayReport.kind] = DayReport
