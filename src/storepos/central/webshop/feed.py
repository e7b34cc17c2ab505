"""A WebOrder into the central database, in the caller's transaction: the catalogue variants of
its lines, the order document tills pull (orders.publish_order), the pickup of a ship-to-store
order at its store, its online refunds, and head office's warnings about it (webshop_orders).

Head office's work, never a store's: it runs on the service's own engine, not for_store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Insert, Update, bindparam, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite

from storepos.central.cancellations import CANCELLED_AT_STORE, cancelled_at_store
from storepos.central.orders import add_order, add_pickup
from storepos.central.schema import stores, webshop_orders, webshop_refunds
from storepos.central.sql import Batch

from .catalogue import skus_of, variants_for, variants_query
from .ids import customer_uuid, line_uuid, order_uuid, pickup_uuid, tender_uuid
from .model import WebOrder, WebRefund
from .money import ZERO
from .refunds import LOCK, apply_pending, lock_key, record_refund
from .text import refused

CANCELLED = "cancelled"  # the refund id standing for "the whole order was cancelled"


@dataclass(frozen=True, slots=True)
class Ingested:
    order_id: UUID
    number: str
    outcome: str  # "applied" | "stale" (an older payload than the one already taken)
    warnings: tuple[str, ...] = ()
    new: bool = False  # the first time the feed took this order


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def ingest(conn: Connection, order: WebOrder, *, now: datetime | None = None,
           batch: Batch | None = None) -> Ingested:
    """`batch`: the caller's, to which the order's writes are added for the caller to send with
    its own (the webhook's receipt); without one they are sent before this returns."""
    now = now or datetime.now(UTC)
    order_id = order_uuid(order.source, order.source_id)
    # What is here of the order and what it needs, in one round trip. The order's lock is a
    # statement of its own, before the reads: each reads what a delivery about the same order
    # committed before the lock was given to this one.
    reads = Batch(conn)
    if conn.dialect.name == "postgresql":
        reads.add(LOCK, {"key": lock_key(order_id)})
    at_before = reads.add(_BEFORE, {"order_id": order_id})
    at_store = (reads.add(_STORE, {"code": (order.pickup_store_code or "").upper()})
                if order.pickup_store_code else None)
    at_variants = reads.add(variants_query(conn.dialect.name),
                            {"skus": skus_of(order.lines, order.source)})
    dispatched = order.dispatched_on is not None and not order.cancelled
    at_cancelled = reads.add(CANCELLED_AT_STORE, {"order_id": order_id}) if dispatched else None
    rows = reads.run()
    before = _before(rows[at_before])
    if (before.known and before.source_updated_at is not None
            and order.updated_at is not None
            and order.updated_at < _aware(before.source_updated_at)):
        return Ingested(order_id, order.number, "stale")
    pickup_store = _store(order, rows[at_store]) if at_store is not None else None
    found = variants_for(conn, order.lines, order.source, now, rows[at_variants])
    warnings = list(order.warnings)
    for n, (line, f) in enumerate(zip(order.lines, found, strict=True), 1):
        if f.from_order:
            warnings.append(
                f"order {order.number} line {n}: SKU {f.variant['sku']} is not in the "
                f"catalogue's import; its product and variant were made from an order line "
                f"({f'{line.title} {line.variant_title}'.strip()}): check them in the catalogue.")
    if at_cancelled is not None and order.dispatched_on is not None:
        cancelled = cancelled_at_store(conn, order_id, rows[at_cancelled])
        if cancelled is not None:  # the store refunded it: the parcel must not reach the customer
            store, refund_number = cancelled
            warnings.append(
                f"order {order.number}: the web shop says it was dispatched on "
                f"{order.dispatched_on.isoformat()}, but {store or 'a store'} cancelled it at the "
                f"counter and refunded it ({refund_number or 'refund pending'}): stop the parcel, or "
                "have the customer send it back.")
    # The order's writes read nothing back: they go together (with the caller's, when given).
    # The feed's record and the order are written together: known here means published.
    writes = batch if batch is not None else Batch(conn)
    add_order(writes, _document(order, order_id, pickup_store, found), now=now,
              exists=before.known)
    if pickup_store is not None:
        add_pickup(writes, {"store_id": pickup_store, "order_id": order_id,
                            "id": pickup_uuid(order.source, order.source_id),
                            "number": f"P{order.number}"[:24]}, now=now)
    _remember(writes, order, order_id, warnings, now, new=not before.known)
    refunds = list(order.refunds)
    if order.cancelled:  # nothing of a cancelled order comes back to a store
        refunds.append(WebRefund(CANCELLED, tuple((ln.source_id, ln.quantity)
                                                  for ln in order.lines)))
    if refunds or before.pending_refunds:
        writes.run()  # the refunds read what they did, and the order's lines
        for refund in refunds:
            record_refund(conn, order.source, order_id, refund, now)
        apply_pending(conn, order_id, now)
    if batch is None:
        writes.run()
    return Ingested(order_id, order.number, "applied", tuple(warnings), not before.known)


@dataclass(frozen=True, slots=True)
class _Before:
    known: bool  # the feed took this order before (and so published it)
    source_updated_at: datetime | None
    pending_refunds: bool  # refunds that came before the order, waiting for it


_ORDER_ID = bindparam("order_id", type_=webshop_orders.c.order_id.type)
_MINE = webshop_orders.c.order_id == _ORDER_ID
# What is here of the order already (`order_id`), in one statement.
_BEFORE = select(
    select(webshop_orders.c.imported_at).where(_MINE).scalar_subquery().label("imported"),
    select(webshop_orders.c.source_updated_at).where(_MINE).scalar_subquery().label("updated"),
    exists().where(webshop_refunds.c.order_id == _ORDER_ID,
                   webshop_refunds.c.applied_at.is_(None)).label("pending"))
_STORE = select(stores.c.id).where(stores.c.code == bindparam("code", type_=stores.c.code.type))


def _before(rows: list[Any]) -> _Before:
    row = rows[0]
    return _Before(row.imported is not None, row.updated, bool(row.pending))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite keeps no offset


def _store(order: WebOrder, rows: list[Any]) -> UUID:
    if not rows:
        code = (order.pickup_store_code or "").upper()
        raise refused(f"order {order.number}: its pickup store {code} is not one of the chain's "
                      "stores (storepos central store list)")
    found: UUID = rows[0].id
    return found


_RECORD = ("source", "source_id", "number", "source_updated_at", "imported_at", "warnings")


def _remember(batch: Batch, order: WebOrder, order_id: UUID, warnings: list[str],
              now: datetime, *, new: bool) -> None:
    row = {"source": order.source, "source_id": order.source_id[:100], "number": order.number,
           "source_updated_at": order.updated_at, "imported_at": now, "warnings": warnings}
    insert, change = _record_statements(batch.conn.dialect.name)
    batch.add(insert if new else change,
              {"p_order_id": order_id, **{f"p_{k}": v for k, v in row.items()}})


@cache
def _record_statements(dialect: str) -> tuple[Insert, Update]:
    """The feed's record of an order: (its INSERT, ignored when there; its UPDATE), built once."""
    t = webshop_orders
    values = {c: bindparam(f"p_{c}", type_=t.c[c].type) for c in _RECORD}
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(t)
    return (insert.on_conflict_do_nothing().values(
                order_id=bindparam("p_order_id", type_=t.c.order_id.type), **values),
            update(t).where(t.c.order_id == bindparam("p_order_id", type_=t.c.order_id.type))
            .values(values))


def _document(order: WebOrder, order_id: UUID, pickup_store: UUID | None,
              found: list[Any]) -> dict[str, Any]:
    """The order document of central/orders.publish_order (the shape tills pull and apply)."""
    c = order.customer
    customer = None if c is None else {
        "id": str(customer_uuid(order.source, c.source_id)), "first_name": c.first_name,
        "last_name": c.last_name, "email": c.email, "phone": c.phone}
    lines = [{
        "id": str(line_uuid(order.source, ln.source_id)), "line_no": n, "quantity": ln.quantity,
        "list_price": f"{ln.price:.2f}", "paid": f"{ln.paid:.2f}", "tax": f"{ln.tax:.2f}",
        "quantity_returned": 0, "tags": ["discounted"] if ln.discounted else [],
        "variant": f.variant,
    } for n, (ln, f) in enumerate(zip(order.lines, found, strict=True), 1)]
    return {
        "id": str(order_id), "number": order.number, "channel": "online",
        "fulfillment": order.fulfillment, "store_id": None,
        "pickup_store_id": str(pickup_store) if pickup_store else None,
        "customer_id": customer["id"] if customer else None,
        "billing_last_name": order.billing_last_name, "placed_on": order.placed_on.isoformat(),
        "dispatched_on": _day(order.dispatched_on), "received_on": _day(order.received_on),
        "shipping_charged": f"{order.shipping_charged:.2f}", "free_shipping": order.free_shipping,
        "customer": customer, "lines": lines,
        "tenders": [{"id": str(tender_uuid(order.source, t.source_id)), "kind": t.kind,
                     "amount": f"{t.amount:.2f}", "card_brand": t.card_brand,
                     "card_last4": t.card_last4, "auth_ref": t.auth_ref,
                     "reference": t.reference, "account_id": None} for t in order.tenders],
        # Beside what tills read: where it came from, its taxes, whether it was cancelled.
        "source": {"platform": order.source, "id": order.source_id},
        "tax_lines": order.tax_lines,
        "tax": f"{sum((ln.tax for ln in order.lines), ZERO):.2f}",
        "cancelled": order.cancelled,
    }
