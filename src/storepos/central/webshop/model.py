"""A web order as the feed reads it from any source, before it meets the database: amounts are
Decimal to the cent, each line's `paid` already decided (money.py), text already cleared of card
numbers (the fields that held one are left empty and named in `warnings`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


class OrderRefused(ValueError):
    """The order cannot be taken in; the message says why in plain words (and which order)."""


@dataclass(frozen=True, slots=True)
class WebCustomer:
    source_id: str
    first_name: str
    last_name: str
    email: str
    phone: str


@dataclass(frozen=True, slots=True)
class WebLine:
    source_id: str
    sku: str
    title: str
    variant_title: str
    vendor: str
    quantity: int
    price: Decimal  # per unit, before discounts
    paid: Decimal  # the whole line, after every discount
    tax: Decimal  # the line's tax lines summed
    discounted: bool


@dataclass(frozen=True, slots=True)
class WebTender:
    source_id: str
    kind: str  # storepos TenderKind value
    amount: Decimal
    card_brand: str | None = None
    card_last4: str | None = None
    auth_ref: str | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class WebRefund:
    source_id: str
    lines: tuple[tuple[str, int], ...]  # (line source id, units refunded)


@dataclass
class WebOrder:
    source: str  # "shopify", or "storepos:<platform>"
    source_id: str
    number: str
    billing_last_name: str
    placed_on: date
    lines: list[WebLine]
    updated_at: datetime | None = None
    customer: WebCustomer | None = None
    fulfillment: str = "ship_to_home"
    pickup_store_code: str | None = None
    dispatched_on: date | None = None
    received_on: date | None = None
    shipping_charged: Decimal = Decimal("0.00")
    free_shipping: bool = False
    cancelled: bool = False
    tax_lines: list[dict[str, str]] = field(default_factory=list)
    tenders: list[WebTender] = field(default_factory=list)
    refunds: list[WebRefund] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
