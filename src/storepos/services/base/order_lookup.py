"""Find an order the way the counter does: number + billing last name, Return ID, e-mail or phone.

Answers are plain frozen dataclasses, never ORM objects, so a screen can hold them after the session
closes and a worker thread can hand them to the GUI thread. The lookup is on the counter's hot
path: one Core SELECT (order, lines, variants, products, stores and tenders joined), built once at
import and run through `DirectQuery`; the rarer lookups (Return ID, e-mail, phone) find the order's
number and folded last name first, then take that same path.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, String, bindparam, select, type_coerce
from sqlalchemy.orm import Session

from storepos.domain.cards import mask_card, refuse_card_number
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.text import fold
from storepos.domain.vocabulary import Channel, Fulfillment, ReturnStatus, TenderKind
from storepos.i18n import N_, _
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
from storepos.services.base.direct_query import DirectQuery


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
    def description(self) -> str:
        return _("{brand} {product}, {colour}, size {size}").format(
            brand=self.brand, product=self.product_name, colour=self.colour, size=self.size)


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
        return _(_TENDER_WORDS[self.kind])


_TENDER_WORDS = {  # English marked here, in the language of the moment where shown
    TenderKind.CARD: N_("Card"), TenderKind.PAYPAL: N_("PayPal"),
    TenderKind.GIFT_CARD: N_("Gift card"), TenderKind.STORE_CREDIT: N_("Store credit"),
    TenderKind.CASH: N_("Cash"), TenderKind.INTERAC: N_("Interac"), TenderKind.CHEQUE: N_("Cheque"),
    TenderKind.MONEY_ORDER: N_("Money order"), TenderKind.PAY_OFFLINE: N_("Pay offline"),
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


def _raw_json(column: Any, label: str) -> Any:
    # Tags arrive as the driver gives them ('[]' text on SQLite, a list on PostgreSQL) and
    # _tags() parses them: most lines have none, and json.loads('[]') on each was measurable.
    return type_coerce(column, String).label(label)


_t = Tender.__table__
# One round trip for the whole order: a row per (line, tender) pair, the order's columns repeated.
# Orders hold a few lines and one or two tenders, so the product stays a handful of rows.
_ORDER_LINES_TENDERS = (
    select(
        _o.c.id, _o.c.number, _o.c.channel, _o.c.fulfillment, _o.c.billing_last_name,
        _o.c.customer_id, _o.c.placed_on, _o.c.dispatched_on, _o.c.received_on,
        _o.c.shipping_charged, _o.c.free_shipping,
        _sold_at.c.id.label("sold_id"), _sold_at.c.code.label("sold_code"),
        _sold_at.c.name.label("sold_name"), _pickup_at.c.id.label("pick_id"),
        _pickup_at.c.code.label("pick_code"), _pickup_at.c.name.label("pick_name"),
        _l.c.id.label("l_id"), _l.c.line_no, _l.c.variant_id, _l.c.quantity,
        _l.c.quantity_returned, _l.c.list_price, _l.c.paid, _raw_json(_l.c.tags, "l_tags"),
        _v.c.upc, _v.c.colour, _v.c.size, _raw_json(_v.c.tags, "v_tags"),
        _p.c.brand, _p.c.name.label("product_name"), _raw_json(_p.c.tags, "pr_tags"),
        _t.c.id.label("t_id"), _t.c.kind.label("t_kind"), _t.c.amount.label("t_amount"),
        _t.c.card_brand, _t.c.card_last4, _t.c.auth_ref, _t.c.reference, _t.c.account_id,
    )
    .select_from(_o)
    .outerjoin(_sold_at, _sold_at.c.id == _o.c.store_id)
    .outerjoin(_pickup_at, _pickup_at.c.id == _o.c.pickup_store_id)
    .outerjoin(_l, _l.c.order_id == _o.c.id)
    .outerjoin(_v, _v.c.id == _l.c.variant_id)
    .outerjoin(_p, _p.c.id == _v.c.product_id)
    .outerjoin(_t, _t.c.order_id == _o.c.id)
    .where(_o.c.number == bindparam("number"), _o.c.billing_last_name_key == bindparam("key"))
    # No ORDER BY: lines and tenders are sorted in Python, which spares SQLite a temporary B-tree.
)
_r, _rl, _c = Return.__table__, ReturnLine.__table__, Customer.__table__
_RETURN = (
    select(_r.c.id, _r.c.return_number, _r.c.status, _o.c.number, _o.c.billing_last_name_key)
    .join(_o, _o.c.id == _r.c.order_id)
    .where(_r.c.return_number == bindparam("number"))
)
_RETURN_LINES = select(_rl.c.order_line_id, _rl.c.quantity).where(
    _rl.c.return_id == bindparam("return_id")
)
_ORDERS_BY_CUSTOMER = (
    select(_o.c.number, _o.c.billing_last_name_key)
    .join(_c, _c.c.id == _o.c.customer_id)
    .order_by(_o.c.placed_on.desc(), _o.c.number)
    .limit(bindparam("limit"))
)
_BY_EMAIL = _ORDERS_BY_CUSTOMER.where(_c.c.email == bindparam("email"))
_BY_PHONE = _ORDERS_BY_CUSTOMER.where(_c.c.phone.in_(bindparam("phones", expanding=True)))
_ORDER_ROWS = DirectQuery(_ORDER_LINES_TENDERS)


def core_connection(db: Db) -> Connection:
    # Core statements on the session's own connection: same transaction, no ORM row machinery.
    return db.connection() if isinstance(db, Session) else db


def normalise_order_number(text: str) -> str:
    """What staff type or scan: spaces and a leading '#' dropped, letters upper-cased. A payment
    card number is refused (never looked up, never repeated back in "No order ...")."""
    refuse_card_number("the order number", text)
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


_NO_TAGS: frozenset[str] = frozenset()


def _tags(value: Any) -> frozenset[str]:
    if not value or value == "[]":
        return _NO_TAGS
    return frozenset(json.loads(value) if isinstance(value, str) else value)


def _store(row: Any, prefix: str) -> StoreRef | None:
    store_id = getattr(row, f"{prefix}_id")
    if store_id is None:
        return None
    return StoreRef(store_id, getattr(row, f"{prefix}_code"), getattr(row, f"{prefix}_name"))


_LINE_NO = attrgetter("line_no")


def _LARGEST_FIRST(tender: TenderView) -> tuple[Decimal, str]:  # noqa: N802 - a sort key
    return -tender.amount, tender.kind.value


def _load(conn: Connection, number: str, key: str) -> OrderView | None:
    """The order with this number and folded last name, its lines and tenders, in one query."""
    rows = _ORDER_ROWS.rows(conn, {"number": number, "key": key})
    if not rows:
        return None
    lines: dict[uuid.UUID, LineView] = {}
    tenders: dict[uuid.UUID, TenderView] = {}
    for r in rows:
        if r.l_id is not None and r.l_id not in lines:
            lines[r.l_id] = LineView(
                r.l_id, r.line_no, r.variant_id, r.upc, r.brand, r.product_name, r.colour,
                r.size, r.quantity, r.quantity_returned, r.list_price, r.paid, _tags(r.l_tags),
                _tags(r.v_tags), _tags(r.pr_tags),
            )
        if r.t_id is not None and r.t_id not in tenders:
            tenders[r.t_id] = TenderView(r.t_id, r.t_kind, r.t_amount, r.card_brand,
                                         r.card_last4, r.auth_ref, r.reference, r.account_id)
    head = rows[0]
    return OrderView(
        head.id, head.number, head.channel, head.fulfillment, head.billing_last_name,
        head.customer_id, head.placed_on, head.dispatched_on, head.received_on,
        head.shipping_charged, head.free_shipping, _store(head, "sold"), _store(head, "pick"),
        tuple(sorted(lines.values(), key=_LINE_NO)),
        tuple(sorted(tenders.values(), key=_LARGEST_FIRST)),
    )


_NUMBER_AND_KEY = select(_o.c.number, _o.c.billing_last_name_key).where(_o.c.id == bindparam("id"))


def load_order(db: Db, order_id: uuid.UUID) -> OrderView | None:
    """The order with this id (inside the caller's transaction), or None."""
    conn = core_connection(db)
    found = conn.execute(_NUMBER_AND_KEY, {"id": order_id}).first()
    return _load(conn, found.number, found.billing_last_name_key) if found else None


def find_order(db: Db, number: str, last_name: str) -> OrderView:
    """The order with this number whose billing last name matches, ignoring case and accents."""
    refuse_card_number("the last name", last_name)  # it is repeated in "No order ..."
    wanted, key = normalise_order_number(number), fold(last_name)
    if not wanted or not key:
        raise InvalidInput(_("Type the order number and the billing last name."))
    order = _load(core_connection(db), wanted, key)
    if order is None:
        # One message whether the number or the name is wrong: it tells nothing about other orders.
        raise OrderNotFound(_("No order {number} with last name {name}").format(
            number=wanted, name=" ".join(last_name.split())))
    return order


def _load_all(conn: Connection, found: Sequence[Sequence[Any]]) -> list[OrderView]:
    orders = (_load(conn, number, key) for number, key in found)
    return [order for order in orders if order is not None]


def find_by_return_id(db: Db, return_id: str) -> OrderView:
    """The order a Return ID was issued for, with that return attached as `matched_return`."""
    wanted = normalise_order_number(return_id)
    if not wanted:
        raise InvalidInput(_("Type or scan the Return ID."))
    conn = core_connection(db)
    ret = conn.execute(_RETURN, {"number": wanted}).first()
    order = _load(conn, ret.number, ret.billing_last_name_key) if ret else None
    if ret is None or order is None:
        raise OrderNotFound(_("No return with Return ID {number}").format(number=wanted))
    lines = tuple(
        (r.order_line_id, r.quantity)
        for r in conn.execute(_RETURN_LINES, {"return_id": ret.id})
    )
    return replace(order, matched_return=ReturnRef(ret.return_number, ret.status, lines))


def find_orders_by_email(db: Db, email: str, *, limit: int = 20) -> list[OrderView]:
    wanted = normalise_email(email)
    if "@" not in wanted:
        raise InvalidInput(_("An e-mail address needs an @."))
    conn = core_connection(db)
    orders = _load_all(conn, conn.execute(_BY_EMAIL, {"email": wanted, "limit": limit}).all())
    if not orders:
        raise OrderNotFound(_("No orders for e-mail {email}").format(email=wanted))
    return orders


def find_orders_by_phone(db: Db, phone: str, *, limit: int = 20) -> list[OrderView]:
    candidates = phone_candidates(phone)
    if not candidates:
        raise InvalidInput(_("A phone number needs digits."))
    conn = core_connection(db)
    found = conn.execute(_BY_PHONE, {"phones": list(candidates), "limit": limit}).all()
    orders = _load_all(conn, found)
    if not orders:
        raise OrderNotFound(_("No orders for phone {phone}").format(phone=phone.strip()))
    return orders


def find_orders_by_contact(db: Db, email_or_phone: str, *, limit: int = 20) -> list[OrderView]:
    """One field at the counter: an @ means an e-mail, anything else a phone number."""
    if "@" in email_or_phone:
        return find_orders_by_email(db, email_or_phone, limit=limit)
    return find_orders_by_phone(db, email_or_phone, limit=limit)
