"""Orders cancelled at a store before dispatch: the central side is the authority. A till claims
the cancellation here before it refunds anything; the claim is refused, with a code the till
words, when the order left the warehouse (the web shop's fulfilment reached this side), was
received, was cancelled by the web shop, partly came back (or is coming back) at a store, or
was cancelled already (at any till) or is being cancelled at another till right now.

    claim(conn, order_id, cancellation_id, store_id=..., till_id=..., now=...)  # before refunding
    release(conn, order_id, cancellation_id, store_id=..., now=...)   # the refund did not commit
    settle(conn, order_id, cancellation_id, store_id=..., return_id=..., ...)  # its event applied

The order row and its lines are locked first (SELECT ... FOR UPDATE), the same lines a line hold
locks (lines.py), so a cancellation and a return of the same order at two stores run one after
the other and the second sees the first. A claim is replayed safely: the same id from the same
store answers the same claim. A claim still held is taken over only by the till that took it
(a till that crashed mid-cancellation tries again; its own database says whether it refunded),
never by another till: two tills cannot both refund one order.

Shared rows: these run as the service's own statements (on_shared_rows); rls.sql grants a store
nothing on order_cancellations.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, or_, select, update

from storepos.central.schema import line_holds, order_cancellations, order_lines, orders, stores
from storepos.central.sql import insert_ignore
from storepos.central.store_context import on_shared_rows
from storepos.sync.errors import CancelRefused
from storepos.sync.protocol import CancelClaim
from storepos.sync.retry import in_transaction


def utcnow() -> datetime:
    return datetime.now(UTC)


def _store_name(conn: Connection, store_id: uuid.UUID) -> str:
    return conn.scalar(select(stores.c.name).where(stores.c.id == store_id)) or ""


def _refuse(code: str, message: str, **params: str) -> CancelRefused:
    return CancelRefused(message, code=code, params=params)


def _check_order(conn: Connection, row: Any, order_id: uuid.UUID, now: datetime) -> bool:
    """Refuse what may no longer be cancelled (the order's row is locked; its lines are locked
    here). False: the central side does not have the order (nothing to check but the claim)."""
    if row is None:
        return False
    doc: dict[str, Any] = row.document or {}
    number = row.number
    if row.channel != "online":
        raise _refuse("not_online", f"Order {number} was sold at a counter: it is returned, "
                      "not cancelled.", number=number)
    if doc.get("cancelled"):
        raise _refuse("cancelled_by_shop", f"Order {number} was cancelled by the web shop.",
                      number=number)
    received = row.received_on or doc.get("received_on")
    if received:
        raise _refuse("received", f"Order {number} was received on {received}: a return applies.",
                      number=number, day=str(received))
    if doc.get("dispatched_on"):
        day = str(doc["dispatched_on"])
        raise _refuse("dispatched", f"Order {number} left the warehouse on {day}, so it can no "
                      "longer be cancelled.", number=number, day=day)
    lines = conn.execute(select(order_lines.c.id, order_lines.c.quantity_returned)
                         .where(order_lines.c.order_id == order_id)
                         .order_by(order_lines.c.id).with_for_update()).all()
    held = conn.scalar(select(func.count()).select_from(line_holds).where(
        line_holds.c.order_id == order_id, line_holds.c.status == "held",
        line_holds.c.expires_at >= now))
    if any(ln.quantity_returned for ln in lines) or held:
        raise _refuse("partly_returned", f"Part of order {number} came back (or is coming back) "
                      "at a store, so the order can no longer be cancelled.", number=number)
    return True


def _taken(conn: Connection, found: Any, cancellation_id: uuid.UUID, store_id: uuid.UUID,
           till_id: uuid.UUID | None) -> bool:
    """True: the claim row is this very claim (a replay). False: it is free to take over (given
    back, or this till's own unfinished attempt). Refused when another till's."""
    if found.id == cancellation_id:
        if found.store_id != store_id:
            raise _refuse("being_cancelled", "That cancellation is another store's.",
                          store=_store_name(conn, found.store_id))
        if found.status == "released":
            raise _refuse("released", "This cancellation was given up; start it again.")
        return True
    if found.status == "released" or (found.status == "held" and till_id is not None
                                      and found.till_id == till_id):
        return False  # free again, or this till's own unfinished attempt: taken over below
    store = _store_name(conn, found.store_id)
    if found.status == "done":
        day = (found.settled_at or found.created_at)
        raise _refuse("already_cancelled", f"The order was already cancelled at {store}.",
                      store=store, day=day.date().isoformat() if day else "",
                      return_number=found.return_number or "")
    raise _refuse("being_cancelled", f"The order is being cancelled at {store} right now.",
                  store=store)


def _lock_order(conn: Connection, order_id: uuid.UUID) -> Any:
    return conn.execute(select(orders.c.number, orders.c.channel, orders.c.received_on,
                               orders.c.document)
                        .where(orders.c.id == order_id).with_for_update()).first()


@on_shared_rows
def claim(conn: Connection, order_id: uuid.UUID, cancellation_id: uuid.UUID, *,
          store_id: uuid.UUID, till_id: uuid.UUID | None, now: datetime) -> CancelClaim:
    """Claim the order's cancellation for this store's till, or refuse it (CancelRefused).
    Who holds it is said first: a cancelled order's lines count as come back, but the cashier
    should hear "already cancelled at Bondi", not "partly returned"."""
    order = _lock_order(conn, order_id)  # the same order's claims and fulfilments queue here
    found = conn.execute(select(order_cancellations).where(
        order_cancellations.c.order_id == order_id).with_for_update()).first()
    if found is not None and _taken(conn, found, cancellation_id, store_id, till_id):
        return CancelClaim(cancellation_id, order_id, order is not None)  # a replay: same answer
    known = _check_order(conn, order, order_id, now)
    if found is None:
        conn.execute(insert_ignore(conn, order_cancellations), {
            "order_id": order_id, "id": cancellation_id, "store_id": store_id,
            "till_id": till_id, "status": "held", "created_at": now})
        mine = conn.scalar(select(order_cancellations.c.id).where(
            order_cancellations.c.order_id == order_id))
        if mine != cancellation_id:  # another claim came first (an order the side never had)
            raise _refuse("being_cancelled", "The order is being cancelled elsewhere right now.",
                          store="")
    else:
        conn.execute(update(order_cancellations).where(
            order_cancellations.c.order_id == order_id).values(
            id=cancellation_id, store_id=store_id, till_id=till_id, status="held",
            created_at=now, settled_at=None, return_id=None, return_number=None))
    return CancelClaim(cancellation_id, order_id, known)


@on_shared_rows
def release(conn: Connection, order_id: uuid.UUID, cancellation_id: uuid.UUID, *,
            store_id: uuid.UUID, now: datetime) -> bool:
    """Give a held claim back (its refund did not commit); False when it is not this store's
    held claim (done already, released, or never taken)."""
    done = conn.execute(update(order_cancellations).where(
        order_cancellations.c.order_id == order_id, order_cancellations.c.id == cancellation_id,
        order_cancellations.c.store_id == store_id, order_cancellations.c.status == "held",
    ).values(status="released", settled_at=now))
    return bool(done.rowcount)


@on_shared_rows
def settle(conn: Connection, order_id: uuid.UUID, cancellation_id: uuid.UUID, *,
           store_id: uuid.UUID, return_id: uuid.UUID | None, return_number: str,
           now: datetime) -> bool:
    """The till's cancellation event arrived: its claim is done. False when the event has no
    held claim of this store behind it (made offline, or after its claim was released)."""
    found = conn.execute(select(order_cancellations).where(
        order_cancellations.c.order_id == order_id).with_for_update()).first()
    if found is None or found.id != cancellation_id or found.store_id != store_id:
        return False
    if found.status == "done":
        return True  # the same event applied again
    if found.status != "held":
        return False
    conn.execute(update(order_cancellations).where(
        order_cancellations.c.order_id == order_id).values(
        status="done", settled_at=now, return_id=return_id, return_number=return_number[:24]))
    return True


# A store's cancellation of the order (`order_id`) held or done, built once (a batch sends it).
CANCELLED_AT_STORE = select(
    order_cancellations.c.store_id, order_cancellations.c.return_number).where(
    order_cancellations.c.order_id == bindparam("order_id", type_=order_cancellations.c.order_id.type),
    or_(order_cancellations.c.status == "held", order_cancellations.c.status == "done"))


def cancelled_at_store(conn: Connection, order_id: uuid.UUID,
                       rows: list[Any] | None = None) -> tuple[str, str] | None:
    """(store name, return number) of a store's cancellation of the order held or done; for the
    web shop's feed, which warns head office when such an order is fulfilled all the same.
    `rows`: CANCELLED_AT_STORE's answer, when the caller read it already."""
    if rows is None:
        rows = list(conn.execute(CANCELLED_AT_STORE, {"order_id": order_id}).all())
    row = rows[0] if rows else None
    if row is None:
        return None
    return _store_name(conn, row.store_id), row.return_number or ""


class CentralCancellations:
    """The cancellation authority a till uses in process (the embedded central, tests); the HTTP
    service's routes call the same functions for a till's token."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock

    def claim(self, order_id: uuid.UUID, cancellation_id: uuid.UUID, *, store_id: uuid.UUID,
              till_id: uuid.UUID | None = None) -> CancelClaim:
        return in_transaction(self.engine, lambda c: claim(
            c, order_id, cancellation_id, store_id=store_id, till_id=till_id, now=self.clock()))

    def release(self, order_id: uuid.UUID, cancellation_id: uuid.UUID, *,
                store_id: uuid.UUID) -> bool:
        return in_transaction(self.engine, lambda c: release(
            c, order_id, cancellation_id, store_id=store_id, now=self.clock()))
