"""Find an order the way the counter does: number + billing last name, Return ID, e-mail or phone.

Answers are plain frozen dataclasses, never ORM objects, so a screen can hold them after the session
closes and a worker thread can hand them to the GUI thread. Reads use SQLAlchemy Core statements
built once at import (their compiled form is cached), one joined query for an order and its lines
and one for its tenders: the lookup is on the counter's hot path.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select
from sqlalchemy.orm import Session

from storepos.domain.cards import mask_card
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.text import fold
from storepos.domain.vocabulary import Channel, Fulfillment, ReturnStatus, TenderKind
from storepos.persistence.models import (
    Customer,
    Order,
    OrderLine,
    Product,
    Return,
    ReturnLine,
    Store,
    Tender,
    Variant,
)


class OrderNotFound(StoreposError, LookupError):
    """Nothing matches what was typed; `message` says so in plain words."""


@dataclass(frozen=True, slots=True)
class StoreRef:
    id: uuid.UUID
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class LineView:
    id: uuid.UUID
    line_no: int
    variant_id: uuid.UUID
    upc: str
    brand: str
    product_name: str
    colour: str
    size: str
    quantity: int
    quantity_returned: int
    list_price: Decimal  # per unit, before discounts
    paid: Decimal  # for the whole line, after every discount
    tags: frozenset[str]  # the line's own (promotions at the time of sale)
    variant_tags: frozenset[str]
    product_tags: frozenset[str]

    @property
    def remaining(self) -> int:
        """Units that have not come back yet."""
        return self.quantity - self.quantity_returned

    @property
    def all_tags(self) -> frozenset[str]:
        return self.tags | self.variant_tags | self.product_tags

    @property
    def description(self) -> str:
        return f"{self.brand} {self.product_name}, {self.colour}, size {self.size}"


@dataclass(frozen=True, slots=True)
class TenderView:
    id: uuid.UUID
    kind: TenderKind
    amount: Decimal
    card_brand: str | None
    card_last4: str | None
    auth_ref: str | None
    reference: str | None
    account_id: uuid.UUID | None

    @property
    def label(self) -> str:
        """How staff see it: a card masked to its last four, anything else by name."""
        if self.card_brand and self.card_last4:
            return mask_card(self.card_brand, self.card_last4)
        return _TENDER_WORDS[self.kind]


_TENDER_WORDS = {
    TenderKind.CARD: "Card", TenderKind.PAYPAL: "PayPal", TenderKind.GIFT_CARD: "Gift card",
    TenderKind.STORE_CREDIT: "Store credit", TenderKind.CASH: "Cash",
    TenderKind.INTERAC: "Interac", TenderKind.CHEQUE: "Cheque",
    TenderKind.MONEY_ORDER: "Money order", TenderKind.PAY_OFFLINE: "Pay offline",
}


@dataclass(frozen=True, slots=True)
class ReturnRef:
    """A Return ID and what it covers: (order line id, quantity) pairs."""

    number: str
    status: ReturnStatus
    lines: tuple[tuple[uuid.UUID, int], ...]


@dataclass(frozen=True, slots=True)
class OrderView:
    id: uuid.UUID
    number: str
    channel: Channel
    fulfillment: Fulfillment
    billing_last_name: str
    customer_id: uuid.UUID | None
    placed_on: date
    dispatched_on: date | None
    received_on: date | None
    shipping_charged: Decimal
    free_shipping: bool
    store: StoreRef | None  # where a counter sale was made
    pickup_store: StoreRef | None  # where a ship-to-store order is collected
    lines: tuple[LineView, ...]
    tenders: tuple[TenderView, ...]
    matched_return: ReturnRef | None = None  # set when found by Return ID

    def line(self, line_no: int) -> LineView:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise KeyError(line_no)


Db = Session | Connection

_o, _l, _v, _p = Order.__table__, OrderLine.__table__, Variant.__table__, Product.__table__
_sold_at, _pickup_at = Store.__table__.alias("sold_at"), Store.__table__.alias("pickup_at")

# One row per line, the order's columns repeated: one round trip for order and lines.
_ORDER_AND_LINES = (
    select(
        _o.c.id, _o.c.number, _o.c.channel, _o.c.fulfillment, _o.c.billing_last_name,
        _o.c.customer_id, _o.c.placed_on, _o.c.dispatched_on, _o.c.received_on,
        _o.c.shipping_charged, _o.c.free_shipping,
        _sold_at.c.id.label("sold_id"), _sold_at.c.code.label("sold_code"),
        _sold_at.c.name.label("sold_name"), _pickup_at.c.id.label("pick_id"),
        _pickup_at.c.code.label("pick_code"), _pickup_at.c.name.label("pick_name"),
        _l.c.id.label("l_id"), _l.c.line_no, _l.c.variant_id, _l.c.quantity,
        _l.c.quantity_returned, _l.c.list_price, _l.c.paid, _l.c.tags.label("l_tags"),
        _v.c.upc, _v.c.colour, _v.c.size, _v.c.tags.label("v_tags"),
        _p.c.brand, _p.c.name.label("product_name"), _p.c.tags.label("pr_tags"),
    )
    .select_from(_o)
    .outerjoin(_sold_at, _sold_at.c.id == _o.c.store_id)
    .outerjoin(_pickup_at, _pickup_at.c.id == _o.c.pickup_store_id)
    .outerjoin(_l, _l.c.order_id == _o.c.id)
    .outerjoin(_v, _v.c.id == _l.c.variant_id)
    .outerjoin(_p, _p.c.id == _v.c.product_id)
)
_BY_NUMBER = _ORDER_AND_LINES.where(
    _o.c.number == bindparam("number"), _o.c.billing_last_name_key == bindparam("key")
).order_by(_l.c.line_no)
_BY_IDS = _ORDER_AND_LINES.where(_o.c.id.in_(bindparam("ids", expanding=True))).order_by(
    _o.c.placed_on.desc(), _o.c.number, _l.c.line_no
)
_t = Tender.__table__
_TENDERS = select(
    _t.c.order_id, _t.c.id, _t.c.kind, _t.c.amount, _t.c.card_brand, _t.c.card_last4,
    _t.c.auth_ref, _t.c.reference, _t.c.account_id,
).where(_t.c.order_id.in_(bindparam("ids", expanding=True)))
_r, _rl, _c = Return.__table__, ReturnLine.__table__, Customer.__table__
_RETURN = select(_r.c.id, _r.c.order_id, _r.c.return_number, _r.c.status).where(
    _r.c.return_number == bindparam("number")
)
_RETURN_LINES = select(_rl.c.order_line_id, _rl.c.quantity).where(
    _rl.c.return_id == bindparam("return_id")
)
_ORDER_IDS_BY_CUSTOMER = (
    select(_o.c.id)
    .join(_c, _c.c.id == _o.c.customer_id)
    .order_by(_o.c.placed_on.desc(), _o.c.number)
    .limit(bindparam("limit"))
)
_BY_EMAIL = _ORDER_IDS_BY_CUSTOMER.where(_c.c.email == bindparam("email"))
_BY_PHONE = _ORDER_IDS_BY_CUSTOMER.where(_c.c.phone.in_(bindparam("phones", expanding=True)))


def core_connection(db: Db) -> Connection:
    # Core statements on the session's own connection: same transaction, no ORM row machinery.
    return db.connection() if isinstance(db, Session) else db


def normalise_order_number(text: str) -> str:
    """What staff type or scan: spaces and a leading '#' dropped, letters upper-cased."""
    return "".join(text.split()).lstrip("#").upper()


def normalise_email(text: str) -> str:
    return text.strip().lower()


def phone_candidates(text: str) -> tuple[str, ...]:
    """The stored digit strings a typed phone may match: as typed, and without a country code.

    Customers are stored with the digits as given (Customer's validator), usually the national
    form: "+1 (416) 555-0140" must find "4165550140", and "+61 2 5550 1234" "0255501234".
    """
    digits = "".join(c for c in text if c.isdigit())
    found = [digits] if digits else []
    if len(digits) == 11 and digits.startswith("1"):  # North America: +1 and ten digits
        found.append(digits[1:])
    if digits.startswith("61") and len(digits) in (10, 11):  # Australia: +61 drops the trunk 0
        found.append("0" + digits[2:])
    return tuple(found)


def _tags(value: Any) -> frozenset[str]:
    return frozenset(value or ())


def _store(row: Row[Any], prefix: str) -> StoreRef | None:
    store_id = row._mapping[f"{prefix}_id"]
    if store_id is None:
        return None
    return StoreRef(store_id, row._mapping[f"{prefix}_code"], row._mapping[f"{prefix}_name"])


def _assemble(conn: Connection, rows: Sequence[Row[Any]]) -> list[OrderView]:
    """Group the joined rows into orders (their order kept) and attach their tenders."""
    grouped: dict[uuid.UUID, list[Row[Any]]] = {}
    for row in rows:
        grouped.setdefault(row.id, []).append(row)
    tenders: dict[uuid.UUID, list[TenderView]] = {order_id: [] for order_id in grouped}
    for t in conn.execute(_TENDERS, {"ids": list(grouped)}):
        tenders[t.order_id].append(
            TenderView(t.id, t.kind, t.amount, t.card_brand, t.card_last4, t.auth_ref,
                       t.reference, t.account_id)
        )
    orders = []
    for order_id, order_rows in grouped.items():
        head = order_rows[0]
        lines = tuple(
            LineView(
                r.l_id, r.line_no, r.variant_id, r.upc, r.brand, r.product_name, r.colour, r.size,
                r.quantity, r.quantity_returned, r.list_price, r.paid, _tags(r.l_tags),
                _tags(r.v_tags), _tags(r.pr_tags),
            )
            for r in order_rows
            if r.l_id is not None
        )
        orders.append(OrderView(
            order_id, head.number, head.channel, head.fulfillment, head.billing_last_name,
            head.customer_id, head.placed_on, head.dispatched_on, head.received_on,
            head.shipping_charged, head.free_shipping, _store(head, "sold"), _store(head, "pick"),
            lines, tuple(tenders[order_id]),
        ))
    return orders


def find_order(db: Db, number: str, last_name: str) -> OrderView:
    """The order with this number whose billing last name matches, ignoring case and accents."""
    wanted, key = normalise_order_number(number), fold(last_name)
    if not wanted or not key:
        raise InvalidInput("Type the order number and the billing last name.")
    conn = core_connection(db)
    rows = conn.execute(_BY_NUMBER, {"number": wanted, "key": key}).all()
    if not rows:
        # One message whether the number or the name is wrong: it tells nothing about other orders.
        raise OrderNotFound(f"No order {wanted} with last name {' '.join(last_name.split())}")
    return _assemble(conn, rows)[0]


def load_orders(db: Db, order_ids: Sequence[uuid.UUID]) -> list[OrderView]:
    """These orders with lines and tenders, most recent first; unknown ids are skipped."""
    if not order_ids:
        return []
    conn = core_connection(db)
    return _assemble(conn, conn.execute(_BY_IDS, {"ids": list(order_ids)}).all())


def find_by_return_id(db: Db, return_id: str) -> OrderView:
    """The order a Return ID was issued for, with that return attached as `matched_return`."""
    wanted = normalise_order_number(return_id)
    if not wanted:
        raise InvalidInput("Type or scan the Return ID.")
    conn = core_connection(db)
    ret = conn.execute(_RETURN, {"number": wanted}).first()
    if ret is None:
        raise OrderNotFound(f"No return with Return ID {wanted}")
    lines = tuple(
        (r.order_line_id, r.quantity)
        for r in conn.execute(_RETURN_LINES, {"return_id": ret.id})
    )
    (order,) = load_orders(conn, [ret.order_id])
    return replace(order, matched_return=ReturnRef(ret.return_number, ret.status, lines))


def find_orders_by_email(db: Db, email: str, *, limit: int = 20) -> list[OrderView]:
    wanted = normalise_email(email)
    if "@" not in wanted:
        raise InvalidInput("An e-mail address needs an @.")
    conn = core_connection(db)
    ids = conn.execute(_BY_EMAIL, {"email": wanted, "limit": limit}).scalars().all()
    if not ids:
        raise OrderNotFound(f"No orders for e-mail {wanted}")
    return load_orders(conn, ids)


def find_orders_by_phone(db: Db, phone: str, *, limit: int = 20) -> list[OrderView]:
    candidates = phone_candidates(phone)
    if not candidates:
        raise InvalidInput("A phone number needs digits.")
    conn = core_connection(db)
    ids = conn.execute(_BY_PHONE, {"phones": list(candidates), "limit": limit}).scalars().all()
    if not ids:
        raise OrderNotFound(f"No orders for phone {phone.strip()}")
    return load_orders(conn, ids)


def find_orders_by_contact(db: Db, email_or_phone: str, *, limit: int = 20) -> list[OrderView]:
    """One field at the counter: an @ means an e-mail, anything else a phone number."""
    if "@" in email_or_phone:
        return find_orders_by_email(db, email_or_phone, limit=limit)
    return find_orders_by_phone(db, email_or_phone, limit=limit)
