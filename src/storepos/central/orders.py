"""The web shop's side: online orders, ship-to-store pickups and gift cards sold online, written
centrally (by the web shop's role) with their change-log rows so the tills pull them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, Table, Update, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from storepos.central import cards
from storepos.central.changes import add_changes, record_changes
from storepos.central.schema import order_lines, orders, pickups
from storepos.central.sql import Batch
from storepos.sync.errors import RuleViolation
from storepos.sync.protocol import EVERYONE


def _now() -> datetime:
    return datetime.now(UTC)


def publish_order(conn: Connection, doc: dict[str, Any], *, now: datetime | None = None,
                  exists: bool | None = None) -> None:
    """Add or refresh an order from its document (JSON-safe: ids and dates as text, money as
    "12.50"): {id, number, channel, fulfillment, store_id, pickup_store_id, billing_last_name,
    placed_on, dispatched_on, received_on, shipping_charged, free_shipping, customer,
    lines: [{id, line_no, quantity, list_price, paid, tags, variant: {..., product: {...}}}],
    tenders: [...]}. Returned quantities are kept centrally, never taken from the document.
    `exists`: whether the order is already here, when the caller knows (one query fewer)."""
    if exists is None:
        exists = conn.execute(select(orders.c.id).where(
            orders.c.id == uuid.UUID(doc["id"]))).first() is not None
    batch = Batch(conn)
    add_order(batch, doc, now=now or _now(), exists=exists)
    batch.run()


def add_order(batch: Batch, doc: dict[str, Any], *, now: datetime, exists: bool) -> None:
    """publish_order's writes, into the caller's batch (sent with the caller's other writes)."""
    order_id = uuid.UUID(doc["id"])
    store_id = uuid.UUID(doc["store_id"]) if doc.get("store_id") else None
    row = {"id": order_id, "number": doc["number"], "channel": doc["channel"],
           "store_id": store_id,
           "pickup_store_id": (uuid.UUID(doc["pickup_store_id"]) if doc.get("pickup_store_id")
                               else None),
           "received_on": (date.fromisoformat(doc["received_on"]) if doc.get("received_on")
                           else None),
           "document": doc, "updated_at": now}
    dialect = batch.conn.dialect.name
    if exists:
        # A date the pickup store set when it handed the order over is kept: a later document
        # from the web shop (which does not know it) never takes it back.
        keep_received = row["received_on"] is None
        batch.add(_order_update(keep_received), {
            f"p_{k}": v for k, v in row.items() if not (keep_received and k == "received_on")})
    else:
        batch.add(_inserts(dialect)[0], {f"p_{k}": v for k, v in row.items()})
    batch.add(_inserts(dialect)[1], [{
        "p_order_id": order_id, "p_id": uuid.UUID(ln["id"]), "p_line_no": ln["line_no"],
        "p_channel": doc["channel"], "p_store_id": store_id, "p_quantity": ln["quantity"],
        "p_quantity_returned": int(ln.get("quantity_returned") or 0),
    } for ln in doc["lines"]])
    scope = EVERYONE if doc["channel"] == "online" or store_id is None else store_id
    add_changes(batch, [(scope, "order", order_id)])


_ORDER_COLUMNS = ("id", "number", "channel", "store_id", "pickup_store_id", "received_on",
                  "document", "updated_at")
_LINE_COLUMNS = ("order_id", "id", "line_no", "channel", "store_id", "quantity",
                 "quantity_returned")


@cache
def _inserts(dialect: str) -> tuple[Insert, Insert]:
    """(the order's INSERT, a line's INSERT), each ON CONFLICT DO NOTHING, built once."""
    return (_insert_ignore(dialect, orders).values(
                {c: bindparam(f"p_{c}", type_=orders.c[c].type) for c in _ORDER_COLUMNS}),
            _insert_ignore(dialect, order_lines).values(
                {c: bindparam(f"p_{c}", type_=order_lines.c[c].type) for c in _LINE_COLUMNS}))


@cache
def _order_update(keep_received: bool) -> Update:
    columns = [c for c in _ORDER_COLUMNS if c != "id" and not (keep_received and c == "received_on")]
    return update(orders).where(orders.c.id == bindparam("p_id", type_=orders.c.id.type)).values(
        {c: bindparam(f"p_{c}", type_=orders.c[c].type) for c in columns})


def _insert_ignore(dialect: str, table: Table) -> Insert:
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
        table).on_conflict_do_nothing()


def publish_pickup(conn: Connection, pickup: dict[str, Any], *,
                   now: datetime | None = None) -> None:
    """A ship-to-store parcel on its way to a store (status in_transit)."""
    batch = Batch(conn)
    add_pickup(batch, pickup, now=now or _now())
    batch.run()


def add_pickup(batch: Batch, pickup: dict[str, Any], *, now: datetime) -> None:
    """publish_pickup's writes, into the caller's batch."""
    row = {"store_id": uuid.UUID(str(pickup["store_id"])), "id": uuid.UUID(str(pickup["id"])),
           "number": pickup["number"], "order_id": uuid.UUID(str(pickup["order_id"])),
           "status": pickup.get("status", "in_transit"), "updated_at": now, "id_checked": False}
    batch.add(_pickup_insert(batch.conn.dialect.name), {f"p_{k}": v for k, v in row.items()})
    add_changes(batch, [(row["store_id"], "pickup", row["id"])])


@cache
def _pickup_insert(dialect: str) -> Insert:
    columns = ("store_id", "id", "number", "order_id", "status", "updated_at", "id_checked")
    return _insert_ignore(dialect, pickups).values(
        {c: bindparam(f"p_{c}", type_=pickups.c[c].type) for c in columns})


def issue_card(conn: Connection, account: dict[str, Any], amount: Decimal, *, store_id: uuid.UUID,
               now: datetime | None = None) -> None:
    """A gift card (or store credit) loaded centrally, e.g. sold by the web shop."""
    now = now or _now()
    if amount <= 0:
        raise RuleViolation("A card is loaded with more than 0.00.")
    cards.open_account(conn, account, now)
    locked = cards.lock_account(conn, account["id"])
    assert locked is not None
    cards.credit(conn, locked, amount, {"kind": "issue", "store_id": store_id, "offline": False,
                                        "note": "issued centrally"}, now)
    record_changes(conn, [(EVERYONE, "account", account["id"])])
