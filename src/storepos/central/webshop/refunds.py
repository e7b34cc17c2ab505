"""Units refunded online are no longer returnable in a store: each refund raises its lines'
returned units centrally, once (webshop_refunds), never past what was sold, and logs the order
as changed so every till sees it at its next pull. A refund that arrives before its order waits
(applied_at NULL) and is applied when the order comes."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Connection, and_, bindparam, case, func, select, update

from storepos.central.changes import record_changes
from storepos.central.schema import order_lines, webshop_refunds
from storepos.central.sql import insert_ignore
from storepos.sync.protocol import EVERYONE

from .ids import line_uuid
from .model import WebRefund


def lock_order(conn: Connection, order_id: uuid.UUID) -> None:
    """Take the order for this transaction (PostgreSQL: an advisory lock on its id, until commit):
    two deliveries about one order (a create and its update, an order and its refund) that arrive
    at once run one after the other, the second reading what the first wrote. Without it both
    find no order, and the second's insert is silently dropped (a newer payload lost, a refund
    left waiting). SQLite's writers queue anyway."""
    if conn.dialect.name == "postgresql":
        conn.execute(LOCK, {"key": lock_key(order_id)})


# lock_order's statement (PostgreSQL), built once: a batch may send it before its reads.
LOCK = select(func.pg_advisory_xact_lock(bindparam("key", type_=BigInteger)))


def lock_key(order_id: uuid.UUID) -> int:
    return int.from_bytes(order_id.bytes[:8], "big", signed=True)


def record_refund(conn: Connection, source: str, order_id: uuid.UUID, refund: WebRefund,
                  now: datetime) -> bool:
    """Keep the refund (once: a second delivery of it changes nothing); whether it is new."""
    done = conn.execute(insert_ignore(conn, webshop_refunds).returning(
        webshop_refunds.c.refund_id), {
        "order_id": order_id, "refund_id": refund.source_id[:100], "created_at": now,
        "lines": [{"line_id": str(line_uuid(source, line)), "quantity": quantity}
                  for line, quantity in refund.lines]})
    return done.first() is not None


def apply_pending(conn: Connection, order_id: uuid.UUID, now: datetime) -> int:
    """Apply the order's refunds not applied yet, if the order is here; how many were."""
    waiting = conn.execute(select(webshop_refunds.c.refund_id, webshop_refunds.c.lines).where(
        webshop_refunds.c.order_id == order_id, webshop_refunds.c.applied_at.is_(None))
        .order_by(webshop_refunds.c.created_at)).all()
    if not waiting or conn.execute(select(order_lines.c.id).where(
            order_lines.c.order_id == order_id).limit(1)).first() is None:
        return 0
    for refund_id, lines in waiting:
        for line in lines:
            raised = order_lines.c.quantity_returned + int(line["quantity"])
            conn.execute(update(order_lines).where(and_(
                order_lines.c.order_id == order_id,
                order_lines.c.id == uuid.UUID(line["line_id"]))).values(
                # The rule: never more back than sold, whatever the refunds add up to.
                quantity_returned=case((raised > order_lines.c.quantity, order_lines.c.quantity),
                                       else_=raised)))
        conn.execute(update(webshop_refunds).where(
            webshop_refunds.c.order_id == order_id, webshop_refunds.c.refund_id == refund_id)
            .values(applied_at=now))
    record_changes(conn, [(EVERYONE, "order", order_id)])
    return len(waiting)
