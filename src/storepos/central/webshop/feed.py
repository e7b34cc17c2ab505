"""A WebOrder into the central database, in the caller's transaction: the catalogue variants of
its lines, the order document tills pull (orders.publish_order), the pickup of a ship-to-store
order at its store, its online refunds, and head office's warnings about it (webshop_orders).

Head office's work, never a store's: it runs on the service's own engine, not for_store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, exists, select, update

from storepos.central.cancellations import cancelled_at_store
from storepos.central.orders import publish_order, publish_pickup
from storepos.central.schema import stores, webshop_orders, webshop_refunds
from storepos.central.sql import insert_ignore

from .catalogue import variants_for
from .ids import customer_uuid, line_uuid, order_uuid, pickup_uuid, tender_uuid
from .model import WebOrder, WebRefund
from .money import ZERO
from .refunds import apply_pending, lock_order, record_refund
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


def ingest(conn: Connection, order: WebOrder, *, now: datetime | None = None) -> Ingested:
    now = now or datetime.now(UTC)
    order_id = order_uuid(order.source, order.source_id)
    lock_order(conn, order_id)
    before = _before(conn, order_id)
    if (before.known and before.source_updated_at is not None
            and order.updated_at is not None
            and order.updated_at < _aware(before.source_updated_at)):
        return Ingested(order_id, order.number, "stale")
    pickup_store = _store(conn, order) if order.pickup_store_code else None
    found = variants_for(conn, order.lines, order.source, now)
    warnings = list(order.warnings)
    for n, (line, f) in enumerate(zip(order.lines, found, strict=True), 1):
        if f.from_order:
            warnings.append(
                f"order {order.number} line {n}: SKU {f.variant['sku']} is not in the "
                f"catalogue's import; its product and variant were made from an order line "
                f"({f'{line.title} {line.variant_title}'.strip()}): check them in the catalogue.")
    if order.dispatched_on is not None and not order.cancelled:
        cancelled = cancelled_at_store(conn, order_id)
        if cancelled is not None:  # the store refunded it: the parcel must not reach the customer
            store, refund_number = cancelled
            warnings.append(
                f"order {order.number}: the web shop says it was dispatched on "
                f"{order.dispatched_on.isoformat()}, but {store or 'a store'} cancelled it at the "
                f"counter and refunded it ({refund_number or 'refund pending'}): stop the parcel, or "
                "have the customer send it back.")
    # The feed's record and the order are written together: known here means published.
    publish_order(conn, _document(order, order_id, pickup_store, found), now=now,
                  exists=before.known)
    if pickup_store is not None:
        publish_pickup(conn, {"store_id": pickup_store, "order_id": order_id,
                              "id": pickup_uuid(order.source, order.source_id),
                              "number": f"P{order.number}"[:24]}, now=now)
    refunds = list(order.refunds)
    if order.cancelled:  # nothing of a cancelled order comes back to a store
        refunds.append(WebRefund(CANCELLED, tuple((ln.source_id, ln.quantity)
                                                  for ln in order.lines)))
    for refund in refunds:
        record_refund(conn, order.source, order_id, refund, now)
    if refunds or before.pending_refunds:
        apply_pending(conn, order_id, now)
    _remember(conn, order, order_id, warnings, now, new=not before.known)
    return Ingested(order_id, order.number, "applied", tuple(warnings), not before.known)


@dataclass(frozen=True, slots=True)
class _Before:
    known: bool  # the feed took this order before (and so published it)
    source_updated_at: datetime | None
    pending_refunds: bool  # refunds that came before the order, waiting for it


def _before(conn: Connection, order_id: UUID) -> _Before:
    """What is here of the order already, in one round trip."""
    mine = webshop_orders.c.order_id == order_id
    row = conn.execute(select(
        select(webshop_orders.c.imported_at).where(mine).scalar_subquery().label("imported"),
        select(webshop_orders.c.source_updated_at).where(mine).scalar_subquery()
        .label("updated"),
        exists().where(webshop_refunds.c.order_id == order_id,
                       webshop_refunds.c.applied_at.is_(None)).label("pending"))).one()
    return _Before(row.imported is not None, row.updated, bool(row.pending))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite keeps no offset


def _store(conn: Connection, order: WebOrder) -> UUID:
    code = (order.pickup_store_code or "").upper()
    found: UUID | None = conn.execute(select(stores.c.id).where(stores.c.code == code)).scalar()
    if found is None:
        raise refused(f"order {order.number}: its pickup store {code} is not one of the chain's "
                      "stores (storepos central store list)")
    return found


def _remember(conn: Connection, order: WebOrder, order_id: UUID, warnings: list[str],
              now: datetime, *, new: bool) -> None:
    row = {"source": order.source, "source_id": order.source_id[:100], "number": order.number,
           "source_updated_at": order.updated_at, "imported_at": now, "warnings": warnings}
    if new:
        conn.execute(insert_ignore(conn, webshop_orders), {"order_id": order_id, **row})
    else:
        conn.execute(update(webshop_orders).where(webshop_orders.c.order_id == order_id)
                     .values(**row))


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
