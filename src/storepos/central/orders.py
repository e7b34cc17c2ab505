"""The web shop's side: online orders, ship-to-store pickups and gift cards sold online, written
centrally (by the web shop's role) with their change-log rows so the tills pull them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select, update

from storepos.central import cards
from storepos.central.changes import record_changes
from storepos.central.schema import order_lines, orders, pickups
from storepos.central.sql import insert_ignore
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
    now = now or _now()
    order_id = uuid.UUID(doc["id"])
    store_id = uuid.UUID(doc["store_id"]) if doc.get("store_id") else None
    row = {"id": order_id, "number": doc["number"], "channel": doc["channel"],
           "store_id": store_id,
           "pickup_store_id": (uuid.UUID(doc["pickup_store_id"]) if doc.get("pickup_store_id")
                               else None),
           "received_on": (date.fromisoformat(doc["received_on"]) if doc.get("received_on")
                           else None),
           "document": doc, "updated_at": now}
    if exists is None:
        exists = conn.execute(select(orders.c.id).where(orders.c.id == order_id)).first() is not None
    if exists:
        # A date the pickup store set when it handed the order over is kept: a later document
        # from the web shop (which does not know it) never takes it back.
        keep = ("id",) if row["received_on"] else ("id", "received_on")
        conn.execute(update(orders).where(orders.c.id == order_id).values(
            **{k: v for k, v in row.items() if k not in keep}))
    else:
        conn.execute(insert_ignore(conn, orders), row)
    conn.execute(insert_ignore(conn, order_lines), [{
        "order_id": order_id, "id": uuid.UUID(ln["id"]), "line_no": ln["line_no"],
        "channel": doc["channel"], "store_id": store_id, "quantity": ln["quantity"],
        "quantity_returned": int(ln.get("quantity_returned") or 0),
    } for ln in doc["lines"]])
    scope = EVERYONE if doc["channel"] == "online" or store_id is None else store_id
    record_changes(conn, [(scope, "order", order_id)])


def publish_pickup(conn: Connection, pickup: dict[str, Any], *,
                   now: datetime | None = None) -> None:
    """A ship-to-store parcel on its way to a store (status in_transit)."""
    now = now or _now()
    row = {"store_id": uuid.UUID(str(pickup["store_id"])), "id": uuid.UUID(str(pickup["id"])),
           "number": pickup["number"], "order_id": uuid.UUID(str(pickup["order_id"])),
           "status": pickup.get("status", "in_transit"), "updated_at": now, "id_checked": False}
    conn.execute(insert_ignore(conn, pickups), row)
    record_changes(conn, [(row["store_id"], "pickup", row["id"])])


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
